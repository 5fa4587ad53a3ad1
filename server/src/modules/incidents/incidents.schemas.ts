import { z } from 'zod';
import { SEVERITIES, STEPS, STATUSES } from './incidents.workflow.ts';

export const idParams = z.object({ id: z.string().uuid() });
export const stepParams = z.object({ id: z.string().uuid(), step: z.enum(STEPS) });
export const listQuery = z.object({ filter: z.enum(['open', 'closed', 'all']).default('open') });
const text = (max: number) => z.string().trim().min(1).max(max);
const accountIds = z.array(z.string().min(1).max(80).regex(/^[A-Za-z0-9_:.-]+$/)).max(10_000);

export const openBody = z.object({
  title: text(200), summary: text(4000), detectedAt: z.string().datetime({ offset: true }), elements: z.array(z.string().max(64)).min(1).max(50),
  cause: text(4000), possibleHarm: text(4000), severity: z.enum(SEVERITIES), unreachable: z.boolean().optional(), accountIds: accountIds.optional(),
});
export const subjectsBody = z.object({ accountIds: accountIds.optional(), unreachable: z.boolean().optional() });
export const stepBody = z.object({ note: z.string().max(2000).optional() }).default({});

// every part optional here so that a missing one is answered 422 naming it (LAW-8), not a generic 400
const part = z.string().max(4000).optional();
export const noticeBody = z.object({ headline: z.string().max(200).optional(), elements: z.array(z.string().max(64)).max(50).optional(), cause: part, possibleHarm: part, measures: part, advice: part, contact: part });
export const publicNoticeBody = z.object({ published: z.boolean() });
export const regulator = z.enum(['cac', 'police']);
export const reportQuery = z.object({ recipient: regulator.default('cac') });
export const reportBody = z.object({ recipient: regulator, reportedAt: z.string().datetime({ offset: true }).optional(), reference: z.string().max(200).optional(), text: z.string().max(20_000).optional() });

const clock = z.object({ dueAt: z.string(), hoursLeft: z.number().int(), state: z.enum(['on-time', 'near', 'overdue', 'done']) });
const rendered = z.object({ headline: z.string(), parts: z.array(z.object({ key: z.string(), label: z.string(), text: z.string() })), text: z.string() });
const noticeDraft = z.object({ headline: z.string(), elements: z.array(z.string()), cause: z.string(), possibleHarm: z.string(), measures: z.string(), advice: z.string(), contact: z.string() });

export const listResponse = z.object({
  incidents: z.array(z.object({
    id: z.string(), title: z.string(), severity: z.enum(SEVERITIES), status: z.enum(STATUSES), detectedAt: z.string(), unreachable: z.boolean(),
    subjects: z.number().int(), publicNotice: z.boolean(), reportClock: clock,
  })),
});
export const detailResponse = z.object({
  id: z.string(), title: z.string(), summary: z.string(), detectedAt: z.string(), openedAt: z.string(), openedBy: z.string(), elements: z.array(z.string()),
  cause: z.string(), possibleHarm: z.string(), severity: z.enum(SEVERITIES), unreachable: z.boolean(), status: z.enum(STATUSES), allowedSteps: z.array(z.enum(STEPS)),
  closedAt: z.string().nullable(), reportClock: clock,
  steps: z.array(z.object({ step: z.string(), from: z.string(), to: z.string(), at: z.string(), staffId: z.string(), note: z.string().nullable() })),
  notice: noticeDraft.nullable(), noticeMissing: z.array(z.string()), preview: rendered.nullable(), publicNoticeAt: z.string().nullable(),
  counts: z.object({ subjects: z.number().int(), enqueued: z.number().int(), delivery: z.record(z.string(), z.record(z.string(), z.number().int())) }),
  reports: z.array(z.object({ id: z.string(), recipient: regulator, recipientName: z.string(), reportedAt: z.string(), staffId: z.string(), reference: z.string().nullable(), text: z.string(), onTime: z.boolean() })),
});
export const subjectsResponse = detailResponse.extend({ added: z.number().int() });
export const noticeResponse = z.object({ preview: rendered, missing: z.array(z.string()) });
export const reportDraftResponse = z.object({ recipient: regulator, text: z.string() });
export const elementsResponse = z.object({ elements: z.array(z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), sensitive: z.boolean() })), defaultContact: z.string(), parts: z.array(z.object({ key: z.string(), labelZh: z.string(), labelEn: z.string() })) });

export const publicNotice = rendered.extend({ id: z.string(), publishedAt: z.string(), detectedOn: z.string() });
export const publicListResponse = z.object({ notices: z.array(publicNotice) });
