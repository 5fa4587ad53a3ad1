// Every element of personal information (PI) the privacy policy names, as data. The policy is the spec: an element
// here is something 南通百通 says it collects (一(一)–(三), 二(一)); anything the code stores that is not here is a
// broken promise, which test/privacy/inventory-drift.test.ts catches by reading the live schema.
//
// `sensitive` follows PIPL art. 28 and GB/T 35273-2020 Annex B (LAW-1): biometrics, identity documents, financial
// accounts and transactions, authentication secrets, precise location. Sensitive PI processed on the basis of consent
// needs separate consent (单独同意) — inventory.test.ts checks that against purposes.ts.
//
// `storage` lists the 'table.column's that hold the element *today*; an element no table holds yet has storage [] and a
// `plannedStorage` note for the module that will store it. The drift test fails if a listed column does not exist.

import { MODULE_INVENTORIES } from './modules/index.ts';

export type ElementCategory =
  | 'account' // 账号信息
  | 'identity' // 身份信息
  | 'biometric' // 生物识别信息
  | 'financial' // 财产/金融信息
  | 'contact' // 联系方式
  | 'usage' // 使用记录
  | 'device' // 设备信息
  | 'location' // 位置信息
  | 'media' // 图片/语音
  | 'government-record' // 政务业务记录
  | 'consent' // 授权同意记录
  | 'accountability'; // 处理记录、审计

export interface PiElement {
  id: string;
  /** whose information it is; staff data (accounts of employees) is inventoried but not part of the citizen policy */
  subjects?: 'citizen' | 'staff';
  nameZh: string;
  nameEn: string;
  category: ElementCategory;
  sensitive: boolean;
  /** why it is (not) sensitive, when that is not obvious */
  sensitiveNote?: string;
  /** 'table.column' holding it now */
  storage: string[];
  plannedStorage?: string;
  retention: string;
  protection: string;
  /** clause ids where the policy names it */
  clauses: string[];
}

const AES = 'aes-256-gcm, per-subject key (crypto-shredding on deletion); blind index for lookup where needed';
const PLAIN_AC = 'plain, access-controlled (least privilege, PP-3.4), every staff read audited';
const UNTIL_CANCEL = 'while the account exists; deleted or anonymised on cancellation (PP-1.3, PP-4.5), unless a law fixes a period';

const POLICY_ELEMENTS: readonly PiElement[] = [
  // 一(一) registration
  { id: 'account-name', nameZh: '帐号名称', nameEn: 'Account name', category: 'account', sensitive: false, storage: [], plannedStorage: 'accounts module (accounts.account_name)', retention: UNTIL_CANCEL, protection: PLAIN_AC, clauses: ['PP-1.2'] },
  { id: 'mobile', nameZh: '手机号码', nameEn: 'Mobile number', category: 'contact', sensitive: false, storage: ['notification_outbox.to_address_enc', 'sms_sandbox_messages.mobile'], plannedStorage: 'accounts module (encrypted column + blind index for login)', retention: UNTIL_CANCEL, protection: AES, clauses: ['PP-1.2', 'PP-1.8', 'PP-1.18', 'PP-2.3'] },
  { id: 'password', nameZh: '密码', nameEn: 'Password', category: 'account', sensitive: true, sensitiveNote: 'authentication secret (GB/T 35273 Annex B 网络身份标识信息/口令)', storage: [], plannedStorage: 'accounts module (password hash only)', retention: UNTIL_CANCEL, protection: 'argon2id hash; the password itself is never stored', clauses: ['PP-1.2'] },
  // 一(二)1 real-name verification
  { id: 'face', nameZh: '面部信息', nameEn: 'Face image / facial features', category: 'biometric', sensitive: true, sensitiveNote: 'biometric (PIPL art. 28)', storage: [], plannedStorage: 'real-name module: liveness result only; the face image is passed to the liveness provider and not kept', retention: 'not retained after the verification call; face-login template only while face login is enabled', protection: 'aes-256-gcm per-subject key; never logged', clauses: ['PP-1.5', 'PP-1.7', 'PP-2.3'] },
  { id: 'real-name', nameZh: '真实姓名', nameEn: 'Real name', category: 'identity', sensitive: false, storage: [], plannedStorage: 'real-name module (encrypted)', retention: UNTIL_CANCEL, protection: AES, clauses: ['PP-1.5', 'PP-1.6', 'PP-1.8', 'PP-2.3'] },
  { id: 'id-number', nameZh: '身份证号', nameEn: 'Citizen ID number', category: 'identity', sensitive: true, sensitiveNote: 'specific identity (PIPL art. 28; GB/T 35273 Annex B 个人身份信息)', storage: [], plannedStorage: 'real-name module (encrypted + blind index)', retention: UNTIL_CANCEL, protection: AES, clauses: ['PP-1.5', 'PP-1.6', 'PP-1.8', 'PP-2.3', 'LAW-10'] },
  { id: 'id-type', nameZh: '证件类型', nameEn: 'ID document type', category: 'identity', sensitive: false, storage: [], plannedStorage: 'real-name module', retention: UNTIL_CANCEL, protection: PLAIN_AC, clauses: ['PP-2.3'] },
  { id: 'real-name-status', nameZh: '实名状态', nameEn: 'Real-name verification status', category: 'identity', sensitive: false, storage: [], plannedStorage: 'real-name module', retention: UNTIL_CANCEL, protection: PLAIN_AC, clauses: ['PP-2.3'] },
  { id: 'bank-card-number', nameZh: '银行卡号', nameEn: 'Bank card number', category: 'financial', sensitive: true, sensitiveNote: 'financial account (PIPL art. 28)', storage: [], plannedStorage: 'real-name module: not retained after the four-element check (only a masked tail)', retention: 'not retained after verification; masked last 4 digits while the account exists', protection: AES, clauses: ['PP-1.6', 'PP-2.3'] },
  { id: 'bank-reserved-mobile', nameZh: '银行卡预留手机号', nameEn: 'Mobile number reserved with the bank', category: 'financial', sensitive: true, sensitiveNote: 'an authentication factor of a financial account (GB/T 35273 Annex B 个人财产信息); treated as sensitive', storage: [], plannedStorage: 'real-name module: not retained after the four-element check', retention: 'not retained after verification', protection: AES, clauses: ['PP-1.6'] },
  // 12345
  { id: 'gender', nameZh: '性别', nameEn: 'Gender', category: 'identity', sensitive: false, storage: [], plannedStorage: 'hotline-12345 module', retention: 'with the 12345 case file, per the archive rules for government records', protection: PLAIN_AC, clauses: ['PP-1.8'] },
  { id: 'email', nameZh: '电子邮件地址', nameEn: 'Email address', category: 'contact', sensitive: false, storage: ['notification_outbox.to_address_enc'], plannedStorage: 'accounts / hotline-12345 modules (encrypted)', retention: UNTIL_CANCEL, protection: AES, clauses: ['PP-1.8', 'PP-1.18'] },
  // search, favourites, records
  { id: 'search-keywords', nameZh: '搜索关键词', nameEn: 'Search keywords', category: 'usage', sensitive: false, sensitiveNote: 'in-app service search, not general web browsing history; the user may refuse (PP-1.9)', storage: [], plannedStorage: 'search module (search_history)', retention: 'until the user clears it or withdraws consent; at most 180 days', protection: AES, clauses: ['PP-1.9'] },
  { id: 'clicked-links', nameZh: '点击的链接', nameEn: 'Clicked links', category: 'usage', sensitive: false, storage: [], plannedStorage: 'search module', retention: 'until the user clears it or withdraws consent; at most 180 days', protection: AES, clauses: ['PP-1.9'] },
  { id: 'favourites', nameZh: '业务收藏记录', nameEn: 'Saved services (favourites)', category: 'usage', sensitive: false, storage: [], plannedStorage: 'services module', retention: 'until removed by the user or withdrawal of consent', protection: PLAIN_AC, clauses: ['PP-1.9'] },
  { id: 'handling-records', nameZh: '办事记录', nameEn: 'Service handling records', category: 'government-record', sensitive: false, storage: [], plannedStorage: 'services module', retention: UNTIL_CANCEL, protection: PLAIN_AC, clauses: ['PP-1.9'] },
  // device / logs
  { id: 'device-brand', nameZh: '手机品牌', nameEn: 'Device brand', category: 'device', sensitive: false, storage: [], plannedStorage: 'devices / sessions', retention: UNTIL_CANCEL, protection: PLAIN_AC, clauses: ['PP-1.10'] },
  { id: 'device-model', nameZh: '机型', nameEn: 'Device model', category: 'device', sensitive: false, storage: [], plannedStorage: 'devices / sessions', retention: UNTIL_CANCEL, protection: PLAIN_AC, clauses: ['PP-1.10'] },
  { id: 'os-version', nameZh: '操作系统版本', nameEn: 'Operating system version', category: 'device', sensitive: false, storage: [], plannedStorage: 'devices / sessions', retention: UNTIL_CANCEL, protection: PLAIN_AC, clauses: ['PP-1.10'] },
  { id: 'device-identifiers', nameZh: '设备标识符(deviceId、IMEI、IMSI、IDFA、IDFV、UDID)', nameEn: 'Device identifiers (deviceId, IMEI, IMSI, IDFA, IDFV, UDID)', category: 'device', sensitive: false, sensitiveNote: 'a unique device identifier, not in the PIPL art. 28 list; stored hashed where only equality is needed', storage: [], plannedStorage: 'devices / sessions (hashed app-scoped device id)', retention: UNTIL_CANCEL, protection: 'hmac-sha256 of the app-scoped device id; raw hardware ids are not collected', clauses: ['PP-1.10', 'PP-0.1'] },
  { id: 'usage-logs', nameZh: '服务使用日志(访问服务名称、日期、时间、时长)', nameEn: 'Service usage logs (service, date, time, duration)', category: 'usage', sensitive: false, storage: [], plannedStorage: 'request logs (pino) and analytics, keyed by pseudonymous ids', retention: 'at least 6 months (LAW-7), at most 12 months', protection: 'pseudonymous ids only, access-controlled', clauses: ['PP-1.11', 'LAW-7'] },
  { id: 'ip-address', nameZh: 'IP地址', nameEn: 'IP address', category: 'device', sensitive: false, storage: [], plannedStorage: 'sessions and security logs', retention: 'at least 6 months (LAW-7), at most 12 months', protection: PLAIN_AC, clauses: ['PP-1.10', 'PP-1.18', 'LAW-7'] },
  // permissions
  { id: 'precise-location', nameZh: '精确位置信息', nameEn: 'Precise location', category: 'location', sensitive: true, sensitiveNote: 'whereabouts / precise location (PIPL art. 28; GB/T 35273 Annex B)', storage: [], plannedStorage: 'not stored: used in the request that needs it (weather, map, taxi), shared only as 二(一) lists', retention: 'not retained beyond the request, except in a shared order (一键召车) as the recipient requires', protection: 'transient; never logged', clauses: ['PP-1.12', 'PP-2.3'] },
  { id: 'photos', nameZh: '相册图片/拍摄的照片', nameEn: 'Photos from album or camera', category: 'media', sensitive: false, sensitiveNote: 'content varies; an uploaded photo of an ID document inherits the ID number\u2019s protection', storage: [], plannedStorage: 'files module (object storage, encrypted)', retention: 'with the application or 12345 case it is attached to', protection: AES, clauses: ['PP-1.13'] },
  { id: 'voice', nameZh: '语音信息', nameEn: 'Voice recordings', category: 'media', sensitive: false, sensitiveNote: 'recorded for content (12345, voice search), never used for voiceprint recognition', storage: [], plannedStorage: 'hotline-12345 module (attachments); voice search is transcribed and not kept', retention: 'with the 12345 case; voice search: not retained', protection: AES, clauses: ['PP-1.14'] },
  // e-cards
  { id: 'ecard-number', nameZh: '电子卡证卡号', nameEn: 'E-card number', category: 'government-record', sensitive: false, sensitiveNote: 'the policy calls card number and validity 卡证非敏感信息 (PP-1.16)', storage: [], plannedStorage: 'ecards module', retention: 'until the card is removed or the account cancelled', protection: PLAIN_AC, clauses: ['PP-1.16'] },
  { id: 'ecard-validity', nameZh: '电子卡证有效期', nameEn: 'E-card validity period', category: 'government-record', sensitive: false, storage: [], plannedStorage: 'ecards module', retention: 'until the card is removed or the account cancelled', protection: PLAIN_AC, clauses: ['PP-1.16'] },
  // 二(一) shared fields
  { id: 'social-security-account', nameZh: '社保账号', nameEn: 'Social-security account', category: 'financial', sensitive: true, sensitiveNote: 'social-security card / account (GB/T 35273 Annex B 个人身份信息, 个人财产信息)', storage: [], plannedStorage: 'not stored: passed to 市人社局 in the request', retention: 'not retained', protection: 'transient, TLS to the recipient', clauses: ['PP-2.3'] },
  { id: 'housing-fund-account', nameZh: '公积金账号', nameEn: 'Housing-fund account', category: 'financial', sensitive: true, sensitiveNote: 'financial account (PIPL art. 28)', storage: [], plannedStorage: 'not stored: passed to 市住房公积金管理中心 in the request', retention: 'not retained', protection: 'transient, TLS to the recipient', clauses: ['PP-2.3'] },
  { id: 'home-address', nameZh: '个人住址', nameEn: 'Home address', category: 'contact', sensitive: false, storage: [], plannedStorage: 'applications of 警务 services', retention: 'with the application', protection: AES, clauses: ['PP-2.3'] },
  { id: 'bill-details', nameZh: '账单明细', nameEn: 'Bill details', category: 'financial', sensitive: true, sensitiveNote: 'transaction records (GB/T 35273 Annex B 个人财产信息)', storage: [], plannedStorage: 'payments module', retention: 'as accounting law requires for the payment', protection: AES, clauses: ['PP-2.3'] },
  { id: 'payment-records', nameZh: '缴费记录', nameEn: 'Payment records', category: 'financial', sensitive: true, sensitiveNote: 'transaction records (GB/T 35273 Annex B 个人财产信息)', storage: [], plannedStorage: 'payments module', retention: 'as accounting law requires for the payment', protection: AES, clauses: ['PP-2.3'] },
  { id: 'household-registration', nameZh: '户籍信息', nameEn: 'Household registration (hukou)', category: 'identity', sensitive: true, sensitiveNote: 'specific identity (PIPL art. 28 特定身份)', storage: [], plannedStorage: 'not stored: passed to the handling department', retention: 'not retained', protection: 'transient, TLS to the recipient', clauses: ['PP-2.3'] },
  // PP-0.1 / LAW-3: the record of consent itself is PI about the subject
  {
    id: 'consent-history',
    nameZh: '授权同意记录',
    nameEn: 'Consent history (who/which device, purpose, policy version, when, how)',
    category: 'consent',
    sensitive: false,
    storage: [
      'consent_records.subject_kind',
      'consent_records.subject_ref',
      'consent_records.purpose_id',
      'consent_records.policy_version',
      'consent_records.granted',
      'consent_records.method',
      'consent_records.separate',
      'consent_records.created_at',
    ],
    retention: 'append-only while the account/device exists, then 3 years as proof of consent (民法典 art. 188 limitation period), then deleted',
    protection: 'plain, append-only (update/delete refused by trigger except the erasure path), access-controlled',
    clauses: ['PP-0.1', 'PP-4.4', 'LAW-3'],
  },
  // Generated, not collected: the pseudonymous account key every record about a person hangs on.
  {
    id: 'account-id', nameZh: '帐号标识', nameEn: 'Account identifier (internal, pseudonymous)', category: 'account', sensitive: false,
    sensitiveNote: 'an internal identifier generated by the platform; personal because it links records to one person',
    storage: ['subject_keys.subject_id', 'notification_outbox.recipient_ref', 'notification_inbox.account_id'],
    retention: UNTIL_CANCEL, protection: 'random id, no meaning outside the platform; access-controlled', clauses: ['PP-1.2', 'PP-1.10'],
  },
  // 一(三) 与您沟通: what we send (OTP, alerts, replies); the address is nulled once the message reaches a final state
  {
    id: 'messages', nameZh: '发送给您的通知(短信、邮件、站内信)内容', nameEn: 'Messages sent to you (SMS, email, in-app)', category: 'contact', sensitive: false,
    sensitiveNote: 'may quote PI; bodies carrying secrets (OTP) or PI are nulled after delivery',
    storage: ['notification_outbox.subject', 'notification_outbox.body', 'notification_outbox.body_enc', 'notification_inbox.title', 'notification_inbox.body', 'notification_inbox.read_at', 'sms_sandbox_messages.body'],
    retention: 'outbox: address and sensitive bodies nulled at final state; inbox: until the user deletes it or the account is cancelled; sandbox: development/test only',
    protection: PLAIN_AC, clauses: ['PP-1.18', 'PP-3.5'],
  },
  // PP-3.4, LAW-9: who did what to whose PI, for what purpose on what basis
  {
    id: 'pi-audit-trail', nameZh: '个人信息处理审计记录', nameEn: 'Audit trail of operations on PI', category: 'accountability', sensitive: false,
    storage: ['audit_records.occurred_at', 'audit_records.actor_kind', 'audit_records.actor_ref', 'audit_records.action', 'audit_records.subject_pseudonym', 'audit_records.elements', 'audit_records.purpose_id', 'audit_records.legal_basis', 'audit_records.details'],
    retention: 'at least 6 months (LAW-7), kept 3 years; append-only, never edited (LAW-9)',
    protection: 'append-only, hash-chained per chain, Ed25519-signed checkpoints; subject by pseudonym only', clauses: ['PP-3.4', 'LAW-9'],
  },
  // LAW-4 / GB/T 35273 §9.2: record of each provision to another handler
  {
    id: 'sharing-records', nameZh: '个人信息对外提供记录', nameEn: 'Record of each provision of PI to another handler', category: 'accountability', sensitive: false,
    storage: ['sharing_provisions.provided_at', 'sharing_provisions.recipient_id', 'sharing_provisions.purpose_id', 'sharing_provisions.legal_basis', 'sharing_provisions.elements', 'sharing_provisions.subject_pseudonym', 'sharing_provisions.subject_account_id', 'sharing_provisions.statutory_ground',
      // PP-1.17 / PP-3.3: inbound receipts, the counterparty's jurisdiction, the consent relied on
      'sharing_provisions.direction', 'sharing_provisions.jurisdiction', 'sharing_provisions.authorisation_ref'],
    retention: 'at least 3 years (GB/T 35273 §9.2 record keeping); the subject link is removed on cancellation',
    protection: PLAIN_AC, clauses: ['PP-2.3', 'PP-2.7', 'LAW-4'],
  },
];

/**
 * The policy's elements plus those modules declare, with the storage each module adds (inventory/modules/). An element
 * declared twice, or storage for an element nobody declares, fails inventory.test.ts.
 */
export const ELEMENTS: readonly PiElement[] = [...POLICY_ELEMENTS, ...MODULE_INVENTORIES.flatMap((m) => m.elements ?? [])].map((e) => ({
  ...e,
  storage: [...e.storage, ...MODULE_INVENTORIES.flatMap((m) => m.storage?.[e.id] ?? [])],
}));

/** element ids that some module stores but no element declares (a typo, or a missing declaration) */
export const UNDECLARED_STORAGE: readonly string[] = MODULE_INVENTORIES.flatMap((m) => Object.keys(m.storage ?? {})).filter(
  (id) => !POLICY_ELEMENTS.some((e) => e.id === id) && !MODULE_INVENTORIES.some((m) => m.elements?.some((e) => e.id === id)),
);


export const ELEMENT_IDS = new Set(ELEMENTS.map((e) => e.id));

export function elementById(id: string): PiElement | undefined {
  return ELEMENTS.find((e) => e.id === id);
}
