// Inventory contribution of the realname module (see types.ts): where real-name verification keeps what it keeps,
// and the guardian relationship of minors (PP-5.1, LAW-2), which the policy's own lists do not name.
import type { ModuleInventory } from './types.ts';


export const inventory: ModuleInventory = {
  storage: {
    'account-id': [
      'realname_identities.account_id',
      'realname_attempts.account_id',
      'guardian_invitations.minor_account_id',
      'guardian_links.minor_account_id',
      'guardian_links.guardian_account_id',
    ],
    'real-name': ['realname_identities.real_name_enc'],
    'id-number': ['realname_identities.id_number_enc', 'realname_identities.id_number_bidx'],
    'id-type': ['realname_identities.id_type'],
    'real-name-status': [
      'realname_identities.id_verified_at',
      'realname_identities.id_check_ref',
      'realname_identities.face_verified_at',
      'realname_identities.face_provider_ref',
      'realname_identities.face_login_enabled',
      'realname_identities.card_verified_at',
      'realname_identities.card_provider_ref',
      'realname_identities.updated_at',
      'realname_attempts.route',
      'realname_attempts.outcome',
      'realname_attempts.provider_ref',
      'realname_attempts.created_at',
    ],
    // PP-1.6: the card number itself is not kept after the check — only its last four digits, to show which card
    'bank-card-number': ['realname_identities.card_tail'],
    'guardian-relationship': [
      'guardian_links.relation',
      'guardian_links.created_at',
      'guardian_links.revoked_at',
      'guardian_invitations.expires_at',
      'guardian_invitations.used_at',
      'guardian_invitations.created_at',
      'guardian_consents.created_at',
    ],
  },
  elements: [
    {
      id: 'guardian-relationship', nameZh: '监护关系', nameEn: 'Guardian relationship of a minor\u2019s account', category: 'identity', sensitive: true,
      sensitiveNote: 'all PI of a child under 14 is sensitive (PIPL art. 28, LAW-1)', storage: [],
      retention: 'until the guardian or the minor ends it, the minor turns 18, or either account is cancelled', protection: 'plain, access-controlled (only the two accounts concerned)',
      clauses: ['PP-5.1', 'PP-5.2', 'LAW-2'],
    },
  ],
  purposes: [
    {
      id: 'minor-guardian', nameZh: '未成年人监护人同意', nameEn: 'Guardian consent for minors', elements: ['account-id', 'guardian-relationship', 'real-name', 'real-name-status'],
      legalBasis: 'legal-obligation',
      basisNote: 'PI of a child under 14 may be processed only with the guardian\u2019s consent, which the handler must obtain and be able to prove (PIPL art. 31; 未成年人保护法 art. 72)',
      devicePermissions: [], refusalDegradesOnly: false,
      scenarioZh: '不满14周岁的用户由监护人关联帐号并代为同意；监护人查看和管理未成年人的授权', clauses: ['PP-5.1', 'PP-5.2', 'LAW-2'],
    },
  ],
  nonPersonal: {
    'realname_attempts.id': 'surrogate key',
    'guardian_invitations.id': 'surrogate key',
    'guardian_invitations.code_hash': 'HMAC of a random one-time code (no PI; the code itself is never stored)',
    'guardian_links.id': 'surrogate key',
    'guardian_consents.consent_record_id': 'reference to a consent record (surrogate key)',
    'guardian_consents.link_id': 'reference to a guardian link (surrogate key)',
  },
  // Rights centre (issue #6): verified identity belongs to the unified identity account (cancellation mode b).
  subjectTables: [
    {
      table: 'realname_identities', subjectColumn: 'account_id', key: 'account_id',
      elements: { 'real-name': ['real_name_enc'], 'id-number': ['id_number_enc'], 'id-type': ['id_type'], 'real-name-status': ['id_verified_at', 'face_verified_at', 'card_verified_at'], 'bank-card-number': ['card_tail'] },
      encrypted: { real_name_enc: 'realname_identities.real_name', id_number_enc: 'realname_identities.id_number' },
      purpose: 'registration', scope: 'identity', erasure: { mode: 'delete' }, order: 50,
    },
    { table: 'realname_attempts', subjectColumn: 'account_id', elements: { 'real-name-status': ['route', 'outcome', 'created_at'] }, purpose: 'registration', scope: 'identity', erasure: { mode: 'delete' }, order: 50 },
    { table: 'guardian_invitations', subjectColumn: 'minor_account_id', elements: { 'guardian-relationship': ['created_at', 'expires_at', 'used_at'] }, purpose: 'minor-guardian', scope: 'identity', erasure: { mode: 'delete' }, order: 50 },
    { table: 'guardian_links', subjectColumn: 'minor_account_id', elements: { 'guardian-relationship': ['relation', 'guardian_account_id', 'created_at', 'revoked_at'] }, purpose: 'minor-guardian', scope: 'identity', erasure: { mode: 'delete' }, order: 50 },
    { table: 'guardian_links', subjectColumn: 'guardian_account_id', elements: { 'guardian-relationship': ['relation', 'minor_account_id', 'created_at', 'revoked_at'] }, purpose: 'minor-guardian', scope: 'identity', erasure: { mode: 'delete' }, order: 51 },
  ],
};
