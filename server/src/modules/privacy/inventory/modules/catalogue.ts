// Inventory contribution of the catalogue module (see types.ts). The catalogue itself (items, halls) is public
// reference data; what is personal is 收藏, 办事记录 (PP-1.9) and the pseudonymous usage logs (PP-1.11).
import type { ModuleInventory } from './types.ts';

const REF = 'public service catalogue reference data (政务服务事项实施清单), no personal information';

export const inventory: ModuleInventory = {
  storage: {
    'account-id': ['catalogue_favourites.account_id', 'catalogue_handling_records.account_id'],
    favourites: ['catalogue_favourites.item_code', 'catalogue_favourites.created_at'],
    'handling-records': [
      'catalogue_handling_records.item_code', 'catalogue_handling_records.status', 'catalogue_handling_records.reference',
      'catalogue_handling_records.started_at', 'catalogue_handling_records.updated_at',
    ],
    // PP-1.11: which service, date, time, duration — keyed by a pseudonym (blind index of the subject), never the id
    'usage-logs': [
      'catalogue_usage_logs.subject_pseudonym', 'catalogue_usage_logs.item_code', 'catalogue_usage_logs.opened_at',
      'catalogue_usage_logs.duration_ms', 'catalogue_usage_logs.for_statistics',
    ],
  },
  elements: [],
  nonPersonal: {
    ...Object.fromEntries(
      ['id', 'name', 'kind', 'district_code', 'address', 'opening_hours', 'phone', 'lat', 'lng'].map((c) => [`catalogue_halls.${c}`, `service hall: ${REF}`]),
    ),
    ...Object.fromEntries(
      ['code', 'level', 'district_code', 'popularity', 'draft', 'draft_revision', 'draft_updated_at', 'published', 'published_revision', 'published_at'].map((c) => [`catalogue_items.${c}`, `service item: ${REF}`]),
    ),
    'catalogue_items.draft_updated_by': 'staff id of the last editor (staff work record, the edit is also audited); not citizen PI',
    'catalogue_items.published_by': 'staff id of the publisher (staff work record, audited); not citizen PI',
    'catalogue_handling_records.id': 'surrogate key',
    'catalogue_usage_logs.id': 'surrogate key',
  },
  // Rights centre (issue #6): 收藏, 办事记录 and usage logs are 南通百通 traces (cancellation mode a); one favourite or
  // one record can be deleted at once (PP-4.3).
  subjectTables: [
    { table: 'catalogue_favourites', subjectColumn: 'account_id', key: 'item_code', elements: { favourites: ['item_code', 'created_at'] }, purpose: 'search-history', scope: 'app', itemDeletable: true, erasure: { mode: 'delete' } },
    { table: 'catalogue_handling_records', subjectColumn: 'account_id', elements: { 'handling-records': ['item_code', 'status', 'reference', 'started_at', 'updated_at'] }, purpose: 'search-history', scope: 'app', itemDeletable: true, erasure: { mode: 'delete' } },
    { table: 'catalogue_usage_logs', subjectColumn: 'subject_pseudonym', subjectValue: { blindIndex: 'catalogue-usage', prefix: 'account:' }, elements: { 'usage-logs': ['item_code', 'opened_at', 'duration_ms'] }, purpose: 'usage-statistics', scope: 'app', erasure: { mode: 'delete' } },
  ],
};
