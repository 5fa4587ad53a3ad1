// Inventory contribution of the ecards module (see types.ts). PP-1.16: an electronic card is kept with its
// non-sensitive data only — number and validity — under the 'ecard-reminders' consent. The elements' declared
// protection is "plain, access-controlled"; the number is nevertheless encrypted under the account's subject key
// (stricter than declared; a masked form is kept for lists), the validity dates are plain so the daily reminder job
// can select expiring cards.
import type { ModuleInventory } from './types.ts';
import type { Purpose } from '../purposes.ts';
import { INBOUND_SOURCES } from '../inbound.ts';

// PP-1.17: the citizen's authorisation for each issuing department to provide the card (inbound.ts names the sources);
// consent-based, one per department, so authorising 人社 says nothing about 公安.
const fetchPurposes: Purpose[] = INBOUND_SOURCES.filter((s) => s.receivedBy === 'ecards').map((s) => ({
  id: s.authorisationPurposeId, nameZh: `授权${s.nameZh.replace(/\(.*$/, '')}提供电子卡证`, nameEn: `Authorising ${s.nameEn} to provide my e-card`,
  elements: [...s.elements], legalBasis: 'consent', devicePermissions: [], refusalDegradesOnly: true, scenarioZh: s.scenarioZh, clauses: ['PP-1.17', 'PP-1.16'],
}));

export const inventory: ModuleInventory = {
  storage: {
    // kind says which card the number belongs to (电子社保卡, 电子驾驶证…): part of the card data
    'ecard-number': ['ecards.number_enc', 'ecards.number_masked', 'ecards.kind'],
    // created_at and the reminder marks only say when the card was added and when its expiry was announced
    'ecard-validity': ['ecards.valid_from', 'ecards.valid_until', 'ecards.created_at', 'ecards.reminded_30_at', 'ecards.reminded_7_at'],
    'account-id': ['ecards.account_id'],
  },
  elements: [],
  purposes: fetchPurposes,
  nonPersonal: {
    'ecards.id': 'random row id, meaningful only with the row',
  },
  // Rights centre (issue #6): a card can be removed at once (PP-4.3); all go with cancellation mode (a) and on
  // withdrawal of the purpose (PP-4.4).
  subjectTables: [
    {
      table: 'ecards', subjectColumn: 'account_id',
      elements: { 'ecard-number': ['kind', 'number_enc'], 'ecard-validity': ['valid_from', 'valid_until', 'created_at'] },
      encrypted: { number_enc: 'ecards.card_number' }, purpose: 'ecard-reminders', scope: 'app', itemDeletable: true, erasure: { mode: 'delete' },
    },
  ],
};
