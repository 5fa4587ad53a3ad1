import { z } from 'zod';
import { PERMISSIONS } from './permissions.ts';

export const loginName = z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9._-]{2,31}$/, '3–32 characters: letters, digits, . _ -, starting with a letter');

export const signInBody = z.object({
  login: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  totp: z.string().regex(/^\d{6}$/),
});

const role = z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() });

export const sessionView = z.object({
  staffId: z.string(),
  loginName: z.string(),
  displayName: z.string(),
  permissions: z.array(z.string()),
  roles: z.array(role),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  mustChangePassword: z.boolean(),
  idleMinutes: z.number().int(),
});
export const sessionResponse = z.object({ signedIn: z.boolean(), session: sessionView.nullable() });

export const changePasswordBody = z.object({ current: z.string().min(1).max(200), next: z.string().min(1).max(200) });

export const account = z.object({
  id: z.string(),
  loginName: z.string(),
  displayName: z.string(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  roles: z.array(z.string()),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
export const accountsResponse = z.object({ items: z.array(account) });
export const createAccountBody = z.object({
  loginName,
  displayName: z.string().trim().min(1).max(40),
  organisationId: z.string().nullable().optional(),
  roles: z.array(z.string()).max(10),
});
export const issuedCredentials = z.object({
  staffId: z.string(),
  loginName: z.string(),
  oneTimePassword: z.string().nullable(),
  totp: z.object({ otpauthUri: z.string(), qrDataUrl: z.string() }),
});
export const setRolesBody = z.object({ roles: z.array(z.string()).max(10), organisationId: z.string().nullable() });
export const staffIdParams = z.object({ id: z.string().regex(/^stf_[a-z0-9]{1,40}$/) });

export const roleView = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  scopedToOrganisation: z.boolean(),
  builtin: z.boolean(),
  permissions: z.array(z.string()),
});
export const rolesResponse = z.object({
  roles: z.array(roleView),
  permissions: z.array(z.object({ id: z.enum(PERMISSIONS), zh: z.string(), en: z.string() })),
});
export const roleIdParams = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*$/) });
export const setPermissionsBody = z.object({ permissions: z.array(z.string()).max(PERMISSIONS.length) });

// WebAuthn: the JSON the browser library produces and consumes, passed through as the library defines it.
const json = z.record(z.string(), z.unknown());
export const webauthnOptions = json;
export const credentialJson = z.looseObject({ id: z.string().min(1).max(1024), rawId: z.string(), type: z.literal('public-key'), response: json });
export const registerPasskeyBody = z.object({ response: credentialJson, label: z.string().max(40).default('') });
export const passkeySignInBody = z.object({ response: credentialJson });
export const passkey = z.object({ id: z.string(), label: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() });
export const passkeysResponse = z.object({ items: z.array(passkey) });
export const passkeyIdParams = z.object({ id: z.string().regex(/^pk_[a-z]{1,40}$/) });
export const ok = z.object({ ok: z.literal(true) });

/** "My sessions" (issue #4): my live console sessions, the current one marked */
export const mySessionsResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      method: z.enum(['password-totp', 'passkey']),
      device: z.string().nullable().describe('browser and OS family at sign-in, e.g. "Chrome · Windows 10.0"'),
      signedInAt: z.string(),
      lastSeenAt: z.string(),
      current: z.boolean(),
    }),
  ),
});
export const sessionIdParams = z.object({ id: z.string().regex(/^ses_[a-z]{1,40}$/) });
