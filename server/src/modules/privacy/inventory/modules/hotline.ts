// Inventory contribution of the hotline module (see types.ts): 12345 requests and mailbox letters (PP-1.8), their
// photos (PP-1.13) and voice notes (PP-1.14), the step log and the departments they were routed to. Migration 0060.
// PI is encrypted under the citizen's subject key (a partner-filed request without an account is its own subject).
import type { ModuleInventory } from './types.ts';

const cols = (table: string, names: string[]) => names.map((n) => `${table}.${n}`);
const CASE_FILE = 'with the 12345 case file: kept per the archive rules for government records (《机关档案管理规定》), then deleted';

export const inventory: ModuleInventory = {
  storage: {
    'account-id': ['hotline_requests.account_id', 'hotline_attachments.account_id'],
    'real-name': ['hotline_requests.contact_name_enc'],
    gender: ['hotline_requests.contact_gender'],
    mobile: ['hotline_requests.contact_mobile_enc'],
    email: ['hotline_requests.contact_email_enc'],
    'id-number': ['hotline_requests.contact_id_number_enc'],
    'precise-location': ['hotline_requests.location_enc'],
    photos: ['hotline_attachments.data_enc'],
    voice: ['hotline_attachments.data_enc'],
  },
  elements: [
    {
      id: 'hotline-request-content',
      nameZh: '诉求内容(标题、描述、答复、评价意见及办理过程记录)',
      nameEn: '12345 request content (title, description, reply, rating comment, step notes)',
      category: 'government-record',
      sensitive: false,
      sensitiveNote: 'free text the citizen writes may mention people or health; encrypted like PI and shown only to the departments handling it',
      storage: [
        ...cols('hotline_requests', ['title_enc', 'description_enc', 'reply_draft_enc', 'reply_enc', 'rating_comment_enc']),
        'hotline_events.note_enc',
      ],
      retention: CASE_FILE,
      protection: 'aes-256-gcm, per-subject key; departments read it through the console, every read of contact data audited',
      clauses: ['PP-1.8', 'PP-2.3'],
    },
    {
      id: 'hotline-case-record',
      nameZh: '诉求办理记录(类型、状态、承办单位、时限、评价结果、所在区划)',
      nameEn: '12345 case record (type, status, departments, time limits, rating, division)',
      category: 'government-record',
      sensitive: false,
      sensitiveNote: 'linked to the citizen through the request; the division is the county/township of the matter, not an address',
      storage: [
        ...cols('hotline_requests', [
          'id', 'tracking_no', 'channel', 'mailbox_recipient', 'publish_consent', 'type', 'contact_verified', 'confidential', 'division_code',
          'status', 'suggested_org', 'lead_org', 'received_at', 'due_date', 'dispatched_at', 'signed_at', 'closed_at', 'extension_pending',
          'extension_days', 'extension_count', 'reopen_count', 'return_count', 'replied_at', 'rating', 'rated_at', 'called_back_at',
          'merged_into', 'warned_at', 'escalated_at', 'policy_version', 'version', 'created_at',
        ]),
        ...cols('hotline_assignments', ['id', 'request_id', 'organisation_id', 'role', 'assigned_at', 'sign_due', 'return_due', 'signed_at', 'ended_at', 'provision_id']),
        ...cols('hotline_events', ['id', 'request_id', 'event', 'from_status', 'to_status', 'actor_kind', 'actor_ref', 'organisation_id', 'basis', 'visible', 'occurred_at', 'notified_at']),
        ...cols('hotline_attachments', ['id', 'request_id', 'kind', 'mime', 'byte_size', 'duration_seconds', 'created_at']),
      ],
      retention: CASE_FILE,
      protection: 'plain, access-controlled (least privilege, PP-3.4): a department sees only requests routed to it',
      clauses: ['PP-1.8', 'PP-3.4'],
    },
  ],
  // The case file itself: what the 12345 purpose of the policy (hotline-12345, PP-1.8) implies but does not list as
  // elements — the request text and its handling record. Same basis: a statutory duty of the city government.
  purposes: [
    {
      id: 'hotline-case-handling',
      nameZh: '12345诉求办理记录',
      nameEn: '12345 case handling',
      elements: ['account-id', 'hotline-request-content', 'hotline-case-record', 'photos', 'voice'],
      legalBasis: 'statutory-duty',
      basisNote: '12345 政务服务便民热线 case handling, supervision and statistics are statutory duties (PIPL art. 13(3), art. 34; 国办发〔2020〕53号)',
      devicePermissions: [],
      refusalDegradesOnly: true,
      scenarioZh: '提交诉求或信件后，热线和承办部门办理、督办、回访并统计按时办结率和满意率',
      clauses: ['PP-1.8', 'PP-3.4'],
    },
  ],
  nonPersonal: {
    'hotline_requests.partner_client_id': 'the id of the partner application (Open311 client) that filed the request',
    'hotline_type_settings.type': 'configuration: a request type',
    'hotline_type_settings.working_days': 'configuration: the time limit of a type',
    'hotline_type_settings.id_number_revealable': 'configuration: whether a type may need the ID number',
    'hotline_type_settings.max_extensions': 'configuration: how many extensions a type allows',
  },
  // Rights centre (issue #6): a 12345 case file is held by the departments under their statutory duty (LAW-6): erasure
  // leaves it in place, listed to the citizen; when the account key is shredded (mode b) it is first re-keyed to the
  // request (hotline reads `account_id ?? id`), attachments to themselves. Events (step notes) go first.
  subjectTables: [
    {
      table: 'hotline_events', subjectColumn: 'request_id', subjectVia: { parentTable: 'hotline_requests', parentKey: 'id', parentSubjectColumn: 'account_id' },
      elements: { 'hotline-request-content': ['note_enc'], 'hotline-case-record': ['event', 'to_status', 'occurred_at'] }, encrypted: { note_enc: 'hotline_requests.note/{request_id}' },
      purpose: 'hotline-case-handling', scope: 'app', order: 60,
      erasure: { mode: 'statutory-record', reason: '12345诉求办理档案由承办部门依法保存', law: 'LAW-6 《机关档案管理规定》; 国办发〔2020〕53号', rekeySubject: '{request_id}', subjectBecomes: '{request_id}', retainedUntil: '按政府档案保管期限' },
    },
    {
      table: 'hotline_attachments', subjectColumn: 'account_id', elements: { photos: ['data_enc'], voice: ['data_enc'], 'hotline-case-record': ['kind', 'mime', 'byte_size', 'created_at'] }, encrypted: { data_enc: 'hotline_attachments.data_enc/{id}' },
      purpose: 'hotline-12345', scope: 'app', order: 60, itemDeletable: true, itemDeletableWhileNull: ['request_id'], // PP-4.3: a photo not yet in a case file
      erasure: { mode: 'statutory-record', reason: '12345诉求办理档案由承办部门依法保存', law: 'LAW-6 《机关档案管理规定》', rekeySubject: '{id}', subjectBecomes: '{id}', retainedUntil: '按政府档案保管期限' },
    },
    {
      table: 'hotline_requests', subjectColumn: 'account_id',
      elements: {
        'hotline-request-content': ['title_enc', 'description_enc', 'reply_enc', 'rating_comment_enc'], 'real-name': ['contact_name_enc'], mobile: ['contact_mobile_enc'], email: ['contact_email_enc'],
        'id-number': ['contact_id_number_enc'], gender: ['contact_gender'], 'precise-location': ['location_enc'], 'hotline-case-record': ['tracking_no', 'type', 'status', 'received_at', 'closed_at'],
      },
      encrypted: Object.fromEntries(['title_enc', 'description_enc', 'contact_name_enc', 'contact_mobile_enc', 'contact_email_enc', 'contact_id_number_enc', 'location_enc', 'rating_comment_enc'].map((c) => [c, `hotline_requests.${c}/{id}`]).concat([['reply_enc', 'hotline_requests.reply/{id}'], ['reply_draft_enc', 'hotline_requests.reply/{id}']])),
      purpose: 'hotline-12345', scope: 'app', order: 70,
      erasure: { mode: 'statutory-record', reason: '12345诉求办理档案由承办部门依法保存', law: 'LAW-6 《机关档案管理规定》; 国办发〔2020〕53号', rekeySubject: '{id}', subjectBecomes: null, retainedUntil: '按政府档案保管期限' },
    },
  ],
};
