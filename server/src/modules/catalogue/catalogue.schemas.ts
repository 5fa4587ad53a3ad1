// zod schemas of the catalogue's HTTP API (OpenAPI is generated from them).
import { z } from 'zod';
import { ITEM_TYPES } from './catalogue.types.ts';

export const itemCode = z.string().regex(/^[0-9]{6}-[A-Z]{2}-[0-9]{4}$/).describe('事项编码 <division>-<type>-<nnnn>');
export const districtCode = z.string().regex(/^[0-9]{6}$/);

export const hall = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['city', 'county', 'branch']),
  districtCode: z.string(),
  address: z.string(),
  openingHours: z.string(),
  phone: z.string().describe('PP-1.15: shown, and offered as a tel: link the user taps'),
  lat: z.number(),
  lng: z.number(),
});
export const hallWithDistance = hall.extend({ distanceKm: z.number().nullable() });

export const material = z.object({ name: z.string().min(1).max(100), form: z.string().max(40).optional(), note: z.string().max(200).optional() });

export const itemSummary = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  category: z.string(),
  itemType: z.string(),
  districtCode: z.string(),
  districtName: z.string(),
  departmentName: z.string(),
  online: z.boolean(),
  visits: z.enum(['zero', 'once', 'twice']),
  partner: z.boolean().describe('opens a partner or department system'),
});

export const partnerInfo = z.object({
  url: z.string(),
  sharingCategory: z.string(),
  categoryZh: z.string(),
  recipientsZh: z.array(z.string()),
  fields: z.array(z.string()).describe('PI element ids the partner receives (PP-2.3)'),
  fieldsZh: z.array(z.string()),
});

export const itemDetail = itemSummary.extend({
  aliases: z.array(z.string()),
  departmentId: z.string(),
  level: z.enum(['city', 'county']),
  handlingKind: z.enum(['immediate', 'promised']),
  promisedDays: z.number().int().nullable(),
  fee: z.string(),
  materials: z.array(material),
  steps: z.array(z.string()),
  halls: z.array(hall),
  partnerInfo: partnerInfo.nullable(),
  revision: z.number().int(),
  publishedAt: z.string().nullable(),
});

export const categoriesResponse = z.object({
  categories: z.array(z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), count: z.number().int() })),
});
export const itemsQuery = z.object({
  category: z.string().max(40).optional(),
  district: districtCode.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const itemsResponse = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(itemSummary) });
export const codeParams = z.object({ code: itemCode });
export const itemResponse = z.object({ item: itemDetail });
export const districtsResponse = z.object({
  districts: z.array(z.object({ code: z.string(), name: z.string(), itemCount: z.number().int(), halls: z.array(hall) })),
});
export const districtParams = z.object({ code: districtCode });
export const districtResponse = z.object({ code: z.string(), name: z.string(), items: z.array(itemSummary), halls: z.array(hall) });
export const popularQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(8) });
export const itemListResponse = z.object({ items: z.array(itemSummary) });
export const hallsQuery = z.object({ district: districtCode.optional() });
export const hallsResponse = z.object({ halls: z.array(hall) });
export const nearbyQuery = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
  limit: z.coerce.number().int().min(1).max(50).default(5),
});
export const nearbyResponse = z.object({ halls: z.array(hallWithDistance) });

// staff editing
export const itemContent = z
  .object({
    name: z.string().trim().min(2).max(80),
    shortName: z.string().trim().min(1).max(30),
    aliases: z.array(z.string().trim().min(1).max(30)).max(30),
    keywords: z.array(z.string().trim().min(1).max(30)).max(30),
    departmentId: z.string().min(1),
    departmentName: z.string().trim().min(2).max(80),
    itemType: z.enum(ITEM_TYPES),
    category: z.string().min(1),
    districtCode,
    online: z.boolean(),
    handlingKind: z.enum(['immediate', 'promised']),
    promisedDays: z.number().int().min(1).max(365).nullable(),
    visits: z.enum(['zero', 'once', 'twice']),
    fee: z.string().trim().min(1).max(200),
    materials: z.array(material).max(40),
    steps: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
    hallIds: z.array(z.string()).max(20),
    partner: z.object({ url: z.string().min(1).max(500), sharingCategory: z.string().min(1) }).nullable(),
  })
  .superRefine((v, ctx) => {
    // 即办件 has no promised term; 承诺件 must promise one (实施清单: 承诺办结时限)
    if (v.handlingKind === 'promised' && v.promisedDays == null) ctx.addIssue({ code: 'custom', path: ['promisedDays'], message: '承诺件必须填写承诺办结时限' });
    if (v.handlingKind === 'immediate' && v.promisedDays != null) ctx.addIssue({ code: 'custom', path: ['promisedDays'], message: '即办件不填写承诺办结时限' });
    if (v.visits === 'zero' && !v.online && !v.partner) ctx.addIssue({ code: 'custom', path: ['visits'], message: '线下办理的事项不能是零跑动' });
    if (v.partner && !/^(https:\/\/|\/)/.test(v.partner.url)) ctx.addIssue({ code: 'custom', path: ['partner', 'url'], message: '链接须为 https:// 或站内路径' });
  });

export const staffItem = z.object({
  code: z.string(),
  level: z.enum(['city', 'county']),
  draft: itemContent,
  draftRevision: z.number().int(),
  draftUpdatedAt: z.string(),
  draftUpdatedBy: z.string().nullable(),
  publishedRevision: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  /** the draft differs from what citizens see */
  unpublishedChanges: z.boolean(),
});
export const staffListQuery = z.object({
  q: z.string().max(40).optional(),
  category: z.string().max(40).optional(),
  district: districtCode.optional(),
  unpublished: z.coerce.boolean().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const staffListResponse = z.object({ total: z.number().int(), items: z.array(staffItem) });
export const saveDraftBody = z.object({ baseRevision: z.number().int().min(1), content: itemContent });
export const createItemBody = z.object({ code: itemCode, content: itemContent });
export const publishBody = z.object({ revision: z.number().int().min(1) });
export const staffItemResponse = z.object({ item: staffItem });

// the citizen's own data
export const favouritesResponse = z.object({ items: z.array(itemSummary) });
export const handlingRecordsResponse = z.object({
  items: z.array(z.object({ itemCode: z.string(), name: z.string(), status: z.string(), reference: z.string(), startedAt: z.string(), updatedAt: z.string() })),
});
export const usageBody = z.object({ itemCode, durationMs: z.number().int().min(0).max(86_400_000).nullable().default(null) });
export const usageResponse = z.object({ recorded: z.boolean() });
export const nearbyBody = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  limit: z.number().int().min(1).max(50).default(5),
});
export const statsQuery = z.object({ from: z.coerce.date(), to: z.coerce.date() });
export const statsResponse = z.object({
  from: z.string(),
  to: z.string(),
  threshold: z.number().int(),
  suppressedItems: z.number().int(),
  items: z.array(z.object({ itemCode: z.string(), name: z.string(), uses: z.number().int(), averageSeconds: z.number().nullable() })),
});
export const emptyResponse = z.object({ ok: z.literal(true) });
