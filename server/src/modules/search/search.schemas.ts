import { z } from 'zod';

export const searchQuery = z.object({
  q: z.string().max(100).default(''),
  /** the caller's county-level division (6 digits): its items rank higher */
  district: z.string().regex(/^\d{6}$/).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const suggestQuery = z.object({
  q: z.string().max(100).default(''),
  /** the caller's county-level division (6 digits): its items are suggested first */
  district: z.string().regex(/^\d{6}$/).optional(),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});

export const itemHit = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  category: z.string(),
  departmentName: z.string().nullable(),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  online: z.boolean().nullable(),
});
export const categoryLabel = z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() });
export const searchResponse = z.object({
  query: z.string(),
  /** the county-level division named in the query (如皋 公积金 → 320682) */
  district: z.string().nullable(),
  total: z.number().int(),
  items: z.array(itemHit),
  groups: z.array(z.object({ category: categoryLabel, items: z.array(itemHit) })),
  /** empty result: names of the nearest items, 热门搜索, and the 12345 channel */
  alternatives: z.array(z.string()),
  hot: z.array(z.string()),
  hotline: z.object({ name: z.string(), tel: z.string(), path: z.string() }).nullable(),
  /** whether the query went into the caller's search history (only with the search-history consent) */
  recorded: z.boolean(),
});
export const suggestResponse = z.object({ suggestions: z.array(z.object({ text: z.string(), code: z.string() })) });
export const hotResponse = z.object({
  /** queries searched at least 5 times in 30 days (anonymous aggregate) */
  searches: z.array(z.string()),
  popular: z.array(z.object({ code: z.string(), name: z.string() })),
});
export const historyEntry = z.object({
  id: z.uuid(),
  kind: z.enum(['query', 'click']),
  text: z.string(),
  code: z.string().nullable(),
  createdAt: z.string(),
});
export const historyResponse = z.object({ recording: z.boolean(), entries: z.array(historyEntry) });
export const idParams = z.object({ id: z.uuid() });
export const deletedResponse = z.object({ deleted: z.number().int() });
export const recordingBody = z.object({ enabled: z.boolean() });
export const recordingResponse = z.object({ recording: z.boolean(), deleted: z.number().int() });
export const clickBody = z.object({ code: z.string().min(1).max(64) });
export const clickResponse = z.object({ recorded: z.boolean() });
