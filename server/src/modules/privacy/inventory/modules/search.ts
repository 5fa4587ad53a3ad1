// Inventory contribution of the search module (see types.ts). PP-1.9: keywords and clicked links are kept only under
// the 'search-history' consent, encrypted under the account's subject key; 热门搜索 is an anonymous aggregate.
import type { ModuleInventory } from './types.ts';

export const inventory: ModuleInventory = {
  storage: {
    // value_enc holds the keyword (kind 'query') or the clicked item code (kind 'click'), AES-GCM under the account key;
    // value_hash is its keyed HMAC (blind index) for de-duplication; created_at says when the citizen searched.
    'search-keywords': ['search_history.value_enc', 'search_history.value_hash', 'search_history.created_at'],
    'clicked-links': ['search_history.value_enc', 'search_history.value_hash', 'search_history.created_at'],
    'account-id': ['search_history.account_id'],
  },
  elements: [],
  nonPersonal: {
    'search_history.id': 'random row id, meaningful only with the row',
    'search_history.kind': 'whether the entry is a keyword or a clicked result (query | click)',
    'search_hot_counts.query': 'anonymous aggregate: a normalised query with no link to who searched it; queries with 5+ digits or over 20 characters are never counted, and counts below 5 are never shown',
    'search_hot_counts.day': 'calendar day of the anonymous count',
    'search_hot_counts.count': 'how many searches of the query that day (anonymous aggregate)',
  },
  // Rights centre (issue #6): one entry can be deleted at once (PP-4.3); all of it goes with cancellation mode (a).
  subjectTables: [
    {
      table: 'search_history', subjectColumn: 'account_id', elements: { 'search-keywords': ['value_enc', 'created_at'], 'clicked-links': ['kind'] },
      encrypted: { value_enc: 'search_history.value:{kind}' }, purpose: 'search-history', scope: 'app', itemDeletable: true, erasure: { mode: 'delete' },
    },
  ],
};
