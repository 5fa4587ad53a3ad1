// Inventory contribution of the identity module (see types.ts): the citizen account, its credentials, sessions,
// devices (PP-1.10) and sign-in history (PP-1.18). Migration 0010.
import type { ModuleInventory } from './types.ts';

const cols = (table: string, names: string[]) => names.map((n) => `${table}.${n}`);
const UNTIL_CANCEL = 'until the account is cancelled (then deleted or anonymised, PP-1.3)';

export const inventory: ModuleInventory = {
  storage: {
    'account-id': [
      'accounts.id',
      'otp_challenges.account_id',
      'account_devices.account_id',
      'account_sessions.account_id',
      'step_up_proofs.account_id',
      'login_events.account_id',
    ],
    'account-name': ['accounts.account_name'],
    // encrypted under the account's subject key; the blind index (HMAC) serves look-up and uniqueness
    mobile: ['accounts.mobile_enc', 'accounts.mobile_index', 'otp_challenges.mobile_index'],
    password: ['accounts.password_hash'],
    'device-brand': ['account_devices.brand'],
    'device-model': ['account_devices.model', 'account_sessions.device_label', 'login_events.device_label'],
    'os-version': ['account_devices.os_version'],
    'device-identifiers': ['account_devices.device_key'],
    'ip-address': ['account_sessions.ip_address', 'login_events.ip_address', 'login_source_throttle.source_key'],
  },
  elements: [
    {
      id: 'account-security-state',
      nameZh: '帐号安全状态(密码错误次数、锁定、验证码校验记录、二次核身记录)',
      nameEn: 'Account security state (wrong-password count, lock, code checks, step-up proofs)',
      category: 'account',
      sensitive: false,
      sensitiveNote: 'derived by the platform from sign-in attempts; holds no secret (codes are stored as HMACs only)',
      storage: [
        ...cols('accounts', ['password_changed_at', 'failed_password_count', 'locked_until', 'password_reset_required', 'created_at']),
        ...cols('otp_challenges', ['code_hash', 'attempts', 'created_at', 'expires_at', 'consumed_at', 'purpose']),
        ...cols('step_up_proofs', ['session_ref', 'method', 'provider_ref', 'proved_at']),
        ...cols('login_source_throttle', ['window_started_at', 'failures']),
      ],
      retention: 'codes, step-up proofs and throttle windows: 1 day; account state: ' + UNTIL_CANCEL,
      protection: 'plain, access-controlled; one-time codes only as HMAC-SHA256, never in clear',
      clauses: ['PP-1.2', 'PP-3.4'],
    },
    {
      id: 'sign-in-history',
      nameZh: '登录记录与会话(时间、方式、结果、城市、设备)',
      nameEn: 'Sign-in history and sessions (time, method, outcome, city, device)',
      category: 'usage',
      sensitive: false,
      sensitiveNote: 'city only (coarse, from the address prefix), never precise location',
      storage: [
        ...cols('account_sessions', ['id', 'token_hash', 'method', 'device_id', 'city', 'created_at', 'last_seen_at', 'absolute_expires_at', 'ended_at', 'end_reason']),
        ...cols('account_devices', ['id', 'consented_at', 'first_seen_at', 'last_seen_at']),
        ...cols('login_events', ['id', 'occurred_at', 'method', 'outcome', 'session_id', 'city', 'abnormal_reasons', 'disown_token_hash', 'disowned_at']),
      ],
      retention: 'sessions: 30 days after they end; sign-in history 12 months (LAW-7: at least 6)',
      protection: 'plain, access-controlled; session and 这不是我 tokens stored only as SHA-256',
      clauses: ['PP-1.10', 'PP-1.18', 'LAW-7'],
    },
  ],
  purposes: [
    {
      id: 'account-security',
      nameZh: '帐号安全(密码错误锁定、二次核身、登录记录)',
      nameEn: 'Account security (lockout, step-up, sign-in history)',
      elements: ['account-id', 'account-security-state', 'sign-in-history', 'ip-address', 'device-model'],
      legalBasis: 'legal-obligation',
      basisNote: 'network-operator security duty and sign-in logs (网络安全法 arts. 21, 25; LAW-7)',
      devicePermissions: [],
      refusalDegradesOnly: false,
      scenarioZh: '登录、修改密码或手机号、查看登录记录时',
      clauses: ['PP-1.18', 'PP-3.4', 'LAW-7'],
    },
  ],
  nonPersonal: {
    'otp_challenges.id': 'surrogate key',
    'step_up_proofs.id': 'surrogate key',
  },
  // Rights centre (issue #6): the unified identity account is erased only by cancellation mode (b); accounts goes last
  // (its foreign keys cascade). Sign-in history is a security log kept ≥ 6 months in storage only (LAW-7).
  subjectTables: [
    { table: 'otp_challenges', subjectColumn: 'account_id', elements: { 'account-security-state': ['code_hash', 'attempts', 'created_at', 'expires_at'] }, purpose: 'account-security', scope: 'identity', erasure: { mode: 'delete' }, order: 10 },
    { table: 'step_up_proofs', subjectColumn: 'account_id', elements: { 'account-security-state': ['method', 'proved_at'] }, purpose: 'account-security', scope: 'identity', erasure: { mode: 'delete' }, order: 10 },
    {
      table: 'login_events', subjectColumn: 'account_id', elements: { 'sign-in-history': ['occurred_at', 'method', 'outcome', 'city', 'abnormal_reasons'], 'device-model': ['device_label'], 'ip-address': ['ip_address'] },
      purpose: 'account-security', scope: 'identity', order: 20,
      erasure: { mode: 'storage-only', reason: '网络安全日志依法留存不少于六个月', law: 'LAW-7 《网络安全法》第二十一条', retainDays: 183, timeColumn: 'occurred_at' },
    },
    { table: 'account_sessions', subjectColumn: 'account_id', elements: { 'sign-in-history': ['method', 'city', 'created_at', 'last_seen_at', 'ended_at'], 'device-model': ['device_label'], 'ip-address': ['ip_address'] }, purpose: 'account-security', scope: 'identity', erasure: { mode: 'delete' }, order: 30 },
    // PP-4.5(a): device data is a 南通百通 trace
    { table: 'account_devices', subjectColumn: 'account_id', elements: { 'device-brand': ['brand'], 'device-model': ['model'], 'os-version': ['os_version'], 'device-identifiers': ['device_key'] }, purpose: 'device-security', scope: 'app', erasure: { mode: 'delete' }, order: 40 },
    {
      table: 'accounts', subjectColumn: 'id', elements: { 'account-id': ['id'], 'account-name': ['account_name'], mobile: ['mobile_enc'], 'account-security-state': ['created_at', 'password_changed_at'] },
      encrypted: { mobile_enc: 'accounts.mobile_enc' }, purpose: 'registration', scope: 'identity', erasure: { mode: 'delete' }, order: 900,
    },
  ],
};
