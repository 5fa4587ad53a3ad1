// Test harness for the staff module: a platform composed as main.ts composes it (real staff authenticator, fixed
// clock), a second handle on the staff module for seeding accounts, and helpers to sign in over HTTP.
import assert from 'node:assert/strict';
import { createStaffModule, CSRF_HEADER, STAFF_COOKIE, totpCode, type StaffModule } from '../../src/modules/staff/index.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';

export interface StaffHarness {
  platform: TestPlatform;
  staff: StaffModule;
  close(): Promise<void>;
}

export async function staffHarness(database: Database, env: Record<string, string> = {}): Promise<StaffHarness> {
  const platform = await testPlatform(database, { env });
  const staff = createStaffModule({ database, clock: platform.clock, config: platform.config, cipher: platform.kernel.cipher, audit: platform.kernel.audit });
  return { platform, staff, close: () => platform.close() };
}

export const csrf = { [CSRF_HEADER]: '1' };

/** The secret out of an otpauth:// URI, as an authenticator app reads it from the QR code. */
export const secretOf = (otpauthUri: string) => new URL(otpauthUri).searchParams.get('secret')!;

export async function signIn(h: StaffHarness, login: string, password: string, secret: string, code = totpCode(secret, h.platform.clock.now())) {
  return h.platform.app.inject({ method: 'POST', url: '/api/v1/staff/session', headers: csrf, payload: { login, password, totp: code } });
}

export function cookieOf(res: { cookies: { name: string; value: string }[] }): string {
  const c = res.cookies.find((x) => x.name === STAFF_COOKIE);
  assert.ok(c, 'the staff session cookie is set');
  return `${STAFF_COOKIE}=${c.value}`;
}

/** Creates a staff member with a known password (no change required) and returns the TOTP secret. */
export async function makeStaff(h: StaffHarness, loginName: string, roles: string[], organisationId: string | null = null, password = 'long enough pass 1') {
  const issued = await h.staff.accounts.create({ kind: 'system', ref: 'test' }, { loginName, displayName: `测试${loginName}`, roles, organisationId, password });
  return { staffId: issued.staffId, secret: issued.totp.secret, password, login: loginName };
}
