// Inventory contribution of the promotions module (see types.ts; migration 0170). PP-2.4: joint promotions with a
// third party. The activities themselves are public content (what the activity page shows); what is personal is who
// joined which activity, when they left, and whether their announced information was provided to the co-organiser.
// The information provided (mobile, account name) is not copied here: it is read from identity at hand-over time and
// leaves only through the sharing ledger.
import type { ModuleInventory } from './types.ts';

const ACTIVITY = 'joint-promotion activity as published on its public page (PP-2.4), no personal information';

export const inventory: ModuleInventory = {
  storage: {
    'account-id': ['promotion_participants.account_id'],
  },
  elements: [
    {
      id: 'promotion-participation', nameZh: '活动参与记录(参加的活动、参加与退出时间、是否已向合作方提供)',
      nameEn: 'Promotion participation (activity joined, when joined and left, whether provided to the co-organiser)',
      category: 'usage', sensitive: false,
      storage: [
        'promotion_participants.promotion_id', 'promotion_participants.consent_record_id', 'promotion_participants.joined_at',
        'promotion_participants.left_at', 'promotion_participants.left_reason', 'promotion_participants.shared_at', 'promotion_participants.provision_id',
      ],
      retention: 'until the citizen deletes it or the account is cancelled; the provision itself stays in the sharing ledger (LAW-4)',
      protection: 'plain, access-controlled (least privilege, PP-3.4); staff see counts, not who joined',
      clauses: ['PP-2.4'],
    },
  ],
  nonPersonal: {
    ...Object.fromEntries(
      ['id', 'title', 'description', 'kind', 'co_organiser_name', 'shared_elements', 'starts_on', 'ends_on', 'state', 'created_at', 'updated_at', 'published_at', 'closed_at']
        .map((c) => [`promotions.${c}`, ACTIVITY]),
    ),
    'promotions.co_organiser_contact': 'the co-organising organisation\u2019s service contact (客服电话/地址) announced on the activity page (PIPL art. 23); an organisation\u2019s, not a citizen\u2019s',
    'promotions.created_by': 'staff id of the creator (staff work record; every change is audited); not citizen PI',
    'promotion_participants.id': 'surrogate key',
  },
  // Rights centre (issue #6): a participation can be deleted at once (PP-4.3) — it is then never provided — and all
  // go with cancellation mode (a). What was already provided stays in the sharing ledger (statutory record).
  subjectTables: [
    {
      table: 'promotion_participants', subjectColumn: 'account_id',
      elements: { 'promotion-participation': ['promotion_id', 'joined_at', 'left_at', 'left_reason', 'shared_at'] },
      purpose: 'joint-promotions', scope: 'app', itemDeletable: true, erasure: { mode: 'delete' },
    },
  ],
};
