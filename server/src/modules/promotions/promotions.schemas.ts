import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const elementId = z.string().regex(/^[a-z0-9-]{1,64}$/);

export const kind = z.enum(['coupon', 'lottery']);
export const idParams = z.object({ id: z.uuid() });

/** a PI element category as the activity page names it */
export const elementSchema = z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() });

/** PP-2.4 / PIPL art. 23: who receives, how to reach them, what, for what, how — generated from the activity record */
export const noticeSchema = z.object({ zh: z.string(), en: z.string() });

export const publicPromotion = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  kind,
  coOrganiser: z.object({ name: z.string(), contact: z.string() }),
  /** exactly the categories provided to the co-organiser: the join request must send these ids back */
  sharedElements: z.array(elementSchema),
  purposeId: z.string(),
  purposeZh: z.string(),
  startsOn: date,
  endsOn: date,
  state: z.enum(['published', 'closed']),
  /** joinable today (published, within its dates) */
  open: z.boolean(),
  notice: noticeSchema,
});
export const publicList = z.object({ items: z.array(publicPromotion) });

export const participationSchema = z.object({
  promotionId: z.uuid(),
  joinedAt: z.string(),
  leftAt: z.string().nullable(),
  leftReason: z.enum(['left', 'consent-withdrawn']).nullable(),
  /** when the announced information was provided to the co-organiser (null: not yet) */
  sharedAt: z.string().nullable(),
});
export const mineResponse = z.object({ items: z.array(participationSchema) });

export const joinBody = z.object({
  /** the element ids the activity page showed; must be exactly the activity's (promotion-notice-changed otherwise) */
  sharedElements: z.array(elementId).min(1).max(10),
}).strict();
export const leftResponse = z.object({ left: z.literal(true) });

// ── console ─────────────────────────────────────────────────────────────────────────────────────────────────────
export const promotionBody = z.object({
  title: z.string().trim().min(1).max(60),
  description: z.string().trim().max(1000),
  kind,
  coOrganiser: z.object({ name: z.string().trim().min(2).max(100), contact: z.string().trim().min(2).max(120) }).strict(),
  /** element ids (privacy inventory); only the joint-promotions category's, never sensitive ones */
  sharedElements: z.array(elementId).min(1).max(10),
  startsOn: date,
  endsOn: date,
}).strict();

export const staffPromotion = publicPromotion.extend({
  state: z.enum(['draft', 'published', 'closed']),
  counts: z.object({ active: z.number().int(), left: z.number().int(), shared: z.number().int() }),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export const staffList = z.object({
  items: z.array(staffPromotion),
  /** what an activity may announce: the joint-promotions category of the 第三方信息共享清单 */
  allowedElements: z.array(elementSchema),
});
export const staffOne = z.object({ item: staffPromotion });

export const handOverBody = z.object({
  /** a subset of the announced elements; omitted → all announced. Anything else is refused (promotion-element-not-announced). */
  elements: z.array(elementId).min(1).max(10).optional(),
}).strict();
export const handOverResponse = z.object({
  promotionId: z.uuid(),
  coOrganiser: z.object({ name: z.string(), contact: z.string() }),
  elements: z.array(z.string()),
  /** what goes to the co-organiser: one record per participant, the announced elements only, each a ledger provision */
  records: z.array(z.object({ provisionId: z.uuid(), data: z.record(z.string(), z.string()) })),
  skipped: z.object({ consentNotInForce: z.number().int(), accountGone: z.number().int(), leftMeanwhile: z.number().int() }),
});
