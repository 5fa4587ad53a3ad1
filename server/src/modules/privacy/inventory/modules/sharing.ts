// Inventory contribution of the sharing module beyond the ledger (whose columns elements.ts declares as
// 'sharing-records'): the separate cross-border consents of PP-3.3 / PIPL art. 39 (migration 0151).
import type { ModuleInventory } from './types.ts';

export const inventory: ModuleInventory = {
  storage: {
    'consent-history': [
      'cross_border_consents.recipient_id', 'cross_border_consents.jurisdiction', 'cross_border_consents.purpose_id',
      'cross_border_consents.elements', 'cross_border_consents.notice_zh', 'cross_border_consents.granted', 'cross_border_consents.created_at',
    ],
    'account-id': ['cross_border_consents.subject_ref'],
  },
  elements: [],
  nonPersonal: {
    'cross_border_consents.id': 'random row id',
    'cross_border_consents.seq': 'insertion order of the records',
  },
  subjectTables: [
    {
      table: 'cross_border_consents', subjectColumn: 'subject_ref',
      elements: { 'consent-history': ['recipient_id', 'jurisdiction', 'purpose_id', 'elements', 'notice_zh', 'granted', 'created_at'] },
      purpose: 'consent-management', scope: 'app', erasure: { mode: 'delete' },
    },
  ],
};
