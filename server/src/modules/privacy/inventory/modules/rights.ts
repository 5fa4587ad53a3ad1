// Inventory contribution of the rights module (issue #6, migration 0080): rights requests, exports, feedback and what
// erasure keeps in storage only. Also the declarations of the kernel's own subject tables (consents, messages, the
// sharing ledger), which have no feature module of their own.
import type { ModuleInventory } from './types.ts';

const cols = (table: string, names: string[]) => names.map((n) => `${table}.${n}`);

export const inventory: ModuleInventory = {
  storage: {
    'account-id': ['rights_requests.account_id', 'rights_requests.subject_account_id', 'rights_exports.account_id', 'rights_feedback.account_id'],
  },
  elements: [
    {
      id: 'rights-requests',
      nameZh: '个人信息权利请求记录(删除、更正等请求及处理结果)',
      nameEn: 'Rights requests (deletion, correction …) and how they were handled',
      category: 'accountability',
      sensitive: false,
      storage: cols('rights_requests', ['id', 'kind', 'target', 'status', 'received_at', 'due_date', 'assigned_to', 'identity_verified', 'refusal_ground', 'response', 'receipt', 'handled_at']),
      retention: '3 years after handling (proof that the request was answered, PIPL art. 50); kept in storage only after cancellation',
      protection: 'plain, access-controlled (privacy.requests)',
      clauses: ['PP-4.3', 'PP-4.7', 'PP-4.8'],
    },
    {
      id: 'data-exports',
      nameZh: '个人信息副本(导出文件)',
      nameEn: 'Copies of your personal information (export files)',
      category: 'accountability',
      sensitive: true,
      sensitiveNote: 'a copy of everything held about the person',
      storage: cols('rights_exports', ['id', 'status', 'progress', 'requested_at', 'ready_at', 'expires_at', 'zip_enc', 'byte_size']),
      retention: 'the file: 7 days (the link expires), then deleted',
      protection: 'aes-256-gcm under the app subject key (app:<account>)',
      clauses: ['LAW-5'],
    },
    {
      id: 'app-feedback',
      nameZh: 'APP功能反馈(文字、截图及答复)',
      nameEn: 'App feedback (text, screenshot, reply)',
      category: 'usage',
      sensitive: false,
      storage: cols('rights_feedback', ['id', 'text_enc', 'screenshot_enc', 'screenshot_mime', 'received_at', 'due_date', 'reply', 'replied_at', 'replied_by']),
      retention: 'until the account is cancelled (mode a or b)',
      protection: 'aes-256-gcm under the app subject key (app:<account>); screenshots re-encoded without EXIF',
      clauses: ['PP-7.1'],
    },
    {
      id: 'storage-only-records',
      nameZh: '依法仅存储的记录(注销后按法律要求保留、到期删除)',
      nameEn: 'Records kept in storage only after erasure because a law requires it',
      category: 'accountability',
      sensitive: false,
      storage: cols('rights_storage_only', ['id', 'source_table', 'subject_pseudonym', 'data', 'reason', 'law', 'purge_after', 'stored_at']),
      retention: 'until purge_after (e.g. security logs 6 months, LAW-7), then deleted by a daily job',
      protection: 'not usable by any feature; ciphertext stays unreadable once the key is shredded',
      clauses: ['LAW-6', 'LAW-7', 'PP-4.5'],
    },
  ],
  purposes: [
    {
      id: 'rights-handling',
      nameZh: '个人信息权利响应(查阅、复制、更正、删除、注销、反馈)',
      nameEn: 'Answering your rights requests (access, copy, correction, deletion, cancellation, feedback)',
      elements: ['account-id', 'rights-requests', 'data-exports', 'app-feedback', 'storage-only-records'],
      legalBasis: 'legal-obligation',
      basisNote: 'PIPL arts. 44–50: the handler must answer the individual\u2019s requests and be able to show it did',
      devicePermissions: [],
      refusalDegradesOnly: false,
      scenarioZh: '您在“我的”中查看用户资料、导出、更正、删除、注销帐号或提交反馈时',
      clauses: ['PP-4.1', 'PP-4.2', 'PP-4.3', 'PP-4.5', 'PP-7.1', 'LAW-5'],
    },
  ],
  nonPersonal: {},
  subjectTables: [
    { table: 'rights_exports', subjectColumn: 'account_id', elements: { 'data-exports': ['status', 'requested_at', 'ready_at', 'expires_at'] }, purpose: 'rights-handling', scope: 'app', erasure: { mode: 'delete' } },
    {
      table: 'rights_feedback', subjectColumn: 'account_id', elements: { 'app-feedback': ['text_enc', 'received_at', 'due_date', 'reply', 'replied_at'] },
      encrypted: { text_enc: 'rights_feedback.text/{id}', screenshot_enc: 'rights_feedback.screenshot/{id}' }, cipherSubject: 'app:{subject}',
      purpose: 'rights-handling', scope: 'app', itemDeletable: true, erasure: { mode: 'delete' },
    },
    {
      table: 'rights_requests', subjectColumn: 'account_id', elements: { 'rights-requests': ['kind', 'target', 'status', 'received_at', 'due_date', 'refusal_ground', 'response', 'handled_at'] },
      purpose: 'rights-handling', scope: 'identity', order: 800,
      erasure: { mode: 'storage-only', reason: '个人信息权利请求的处理记录，用于证明已依法响应', law: 'PIPL art. 50; LAW-6', retainDays: 1095, timeColumn: 'received_at' },
    },
    // kernel tables without a feature module of their own
    { table: 'notification_inbox', subjectColumn: 'account_id', elements: { messages: ['title', 'body', 'read_at', 'created_at'] }, purpose: 'account-messages', scope: 'app', itemDeletable: true, erasure: { mode: 'delete' }, order: 80 },
    {
      table: 'notification_outbox', subjectColumn: 'recipient_ref', filter: { recipient_kind: 'account' }, elements: { messages: ['channel', 'template', 'created_at', 'body_enc'] },
      encrypted: { to_address_enc: 'notification_outbox.to_address', body_enc: 'notification_outbox.body' }, purpose: 'account-messages', scope: 'app', erasure: { mode: 'delete' }, order: 90,
    },
    {
      table: 'consent_records', subjectColumn: 'subject_ref', filter: { subject_kind: 'account' }, txSetting: 'ntbt.consent_erasure',
      elements: { 'consent-history': ['purpose_id', 'policy_version', 'granted', 'method', 'created_at'] }, purpose: 'consent-management', scope: 'app', erasure: { mode: 'delete' },
    },
    // the ledger is the platform's proof of every provision (PIPL art. 55/56): kept, the account id cleared in mode (b)
    {
      table: 'sharing_provisions', subjectColumn: 'subject_account_id', elements: { 'sharing-records': ['recipient_id', 'purpose_id', 'legal_basis', 'elements', 'provided_at'] },
      purpose: 'pi-accountability', scope: 'identity',
      erasure: { mode: 'statutory-record', reason: '对外提供个人信息的记录依法保存', law: 'PIPL art. 55–56; LAW-6', rekeySubject: '{id}', subjectBecomes: null, retainedUntil: '3年' },
    },
  ],
};
