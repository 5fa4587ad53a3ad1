// Inventory contribution of the staff module (see types.ts). Staff data is about employees, not citizens: it is
// inventoried (subjects 'staff') but is not part of the citizen privacy policy's lists.
import type { ModuleInventory } from './types.ts';

const cols = (table: string, names: string[]) => names.map((n) => `${table}.${n}`);
const WHILE_EMPLOYED = 'while the staff account exists; audit records of its use per LAW-7/LAW-9 (at least 6 months)';

export const inventory: ModuleInventory = {
  elements: [
    {
      id: 'staff-account',
      subjects: 'staff',
      nameZh: '工作人员账号信息(账号名、姓名、所属部门、角色)',
      nameEn: 'Staff account (login name, display name, department, roles)',
      category: 'account',
      sensitive: false,
      storage: [
        ...cols('staff_accounts', ['id', 'login_name', 'display_name', 'organisation_id', 'disabled_at', 'created_at', 'created_by']),
        ...cols('staff_role_assignments', ['staff_id', 'role_id', 'assigned_at', 'assigned_by']),
        'staff_webauthn_challenges.staff_id',
      ],
      retention: WHILE_EMPLOYED,
      protection: 'plain, access-controlled (staff.manage); shown to citizens only as department and role, never the name',
      clauses: ['PP-3.4'],
    },
    {
      id: 'staff-credentials',
      subjects: 'staff',
      nameZh: '工作人员登录凭据(密码哈希、动态口令密钥、通行密钥公钥、锁定状态)',
      nameEn: 'Staff credentials (password hash, TOTP secret, passkey public keys, lockout state)',
      category: 'account',
      sensitive: true,
      sensitiveNote: 'authentication secrets (GB/T 35273 Annex B 口令/密钥)',
      storage: [
        ...cols('staff_accounts', ['password_hash', 'password_must_change', 'totp_secret_enc', 'totp_last_step', 'failed_attempts', 'locked_until']),
        ...cols('staff_passkeys', ['id', 'staff_id', 'credential_id', 'public_key', 'sign_count', 'transports', 'label', 'created_at', 'last_used_at']),
      ],
      retention: WHILE_EMPLOYED,
      protection: 'argon2id password hash; TOTP secret aes-256-gcm under the staff member’s subject key; passkeys hold public keys only',
      clauses: ['PP-3.4'],
    },
    {
      id: 'staff-session',
      subjects: 'staff',
      nameZh: '工作人员会话记录',
      nameEn: 'Staff sessions (when, how signed in)',
      category: 'accountability',
      sensitive: false,
      storage: cols('staff_sessions', ['id', 'staff_id', 'token_hash', 'method', 'created_at', 'last_seen_at', 'expires_at', 'ended_at', 'device']),
      retention: 'session rows while the account exists; the sign-in audit records per LAW-7 (at least 6 months)',
      protection: 'only a SHA-256 of the session token is stored; access-controlled',
      clauses: ['PP-3.4', 'LAW-7'],
    },
  ],
  purposes: [
    {
      id: 'staff-administration',
      nameZh: '工作人员账号与权限管理',
      nameEn: 'Administering staff accounts, roles and sign-in',
      elements: ['staff-account', 'staff-credentials', 'staff-session'],
      legalBasis: 'contract',
      basisNote: 'necessary to give employees the access their job needs, and only that (PIPL art. 13(2) employment; art. 51 access control)',
      devicePermissions: [],
      refusalDegradesOnly: false,
      scenarioZh: '工作人员登录控制台、管理员管理账号与角色',
      clauses: ['PP-3.4'],
    },
  ],
  nonPersonal: {
    ...Object.fromEntries(cols('staff_roles', ['id', 'name_zh', 'name_en', 'scoped_to_organisation', 'builtin']).map((c) => [c, 'role definition (a set of permissions), about no one'])),
    ...Object.fromEntries(cols('staff_role_permissions', ['role_id', 'permission']).map((c) => [c, 'role definition (a set of permissions), about no one'])),
    ...Object.fromEntries(cols('staff_webauthn_challenges', ['id', 'challenge', 'purpose', 'expires_at']).map((c) => [c, 'short-lived random WebAuthn challenge'])),
  },
};
