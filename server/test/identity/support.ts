// Helpers for identity tests: a platform composed as main.ts does (with the real citizen authenticator), SMS
// delivery run by hand through the sandbox, and a cookie jar for app.inject().
import type { LightMyRequestResponse } from 'fastify';
import { DELIVER_JOB } from '../../src/modules/notifications/index.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import type { Database } from '../../src/platform/db/database.ts';

export const CSRF = { 'x-ntbt-csrf': '1' };

export async function identityPlatform(database: Database, env: Record<string, string> = {}): Promise<TestPlatform> {
  return testPlatform(database, { env: { TRUST_PROXY: 'true', ...env } });
}

/** Delivers every pending outbox message (the sandbox allows one SMS a minute per number: the clock moves on). */
export async function deliverAll(p: TestPlatform): Promise<void> {
  const pending = await p.database.db.selectFrom('notification_outbox').select('id').where('status', 'in', ['pending', 'temporary-failure']).orderBy('created_at').execute();
  for (const { id } of pending) {
    p.clock.advance(61_000);
    await p.jobs.run(DELIVER_JOB, { outboxId: id }).catch(() => undefined);
  }
}

/** The last 6-digit code the SMS sandbox "sent" to a number. */
export async function lastCode(p: TestPlatform, mobile: string): Promise<string> {
  await deliverAll(p);
  const row = await p.database.db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', mobile).orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const m = row?.body.match(/(\d{6})/);
  if (!m) throw new Error(`no code was sent to ${mobile}`);
  return m[1]!;
}

export async function smsTo(p: TestPlatform, mobile: string): Promise<string[]> {
  await deliverAll(p);
  const rows = await p.database.db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', mobile).orderBy('sent_at').execute();
  return rows.map((r) => r.body);
}

export function cookieOf(res: LightMyRequestResponse, name = 'ntbt_sid'): string | undefined {
  const c = res.cookies.find((x) => x.name === name);
  return c?.value;
}

let n = 0;
/** A fresh, valid mobile number and account name per call. */
export function newPerson() {
  n += 1;
  const mobile = `139${String(process.pid % 10000).padStart(4, '0')}${String(n).padStart(4, '0')}`;
  return { mobile, accountName: `user_${process.pid}_${n}`, password: 'correct horse battery 9' };
}

/** Registers through the API and returns the session cookie. */
export async function register(p: TestPlatform, person = newPerson(), opts: { ip?: string; ua?: string; deviceConsent?: boolean } = {}) {
  const headers = { 'x-forwarded-for': opts.ip ?? '10.1.2.3', 'user-agent': opts.ua ?? 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1' };
  const code = await p.app.inject({ method: 'POST', url: '/api/v1/identity/codes', headers, payload: { mobile: person.mobile, purpose: 'registration' } });
  if (code.statusCode !== 200) throw new Error(`code: ${code.statusCode} ${code.body}`);
  const res = await p.app.inject({
    method: 'POST',
    url: '/api/v1/identity/register',
    headers,
    payload: { ...person, challengeId: code.json().challengeId, code: await lastCode(p, person.mobile), deviceConsent: opts.deviceConsent ?? false },
  });
  if (res.statusCode !== 200) throw new Error(`register: ${res.statusCode} ${res.body}`);
  return { ...person, accountId: res.json().account.accountId as string, sid: cookieOf(res)!, did: cookieOf(res, 'ntbt_did'), res };
}

export const withSid = (sid: string, extra: Record<string, string> = {}) => ({ cookie: `ntbt_sid=${sid}`, ...CSRF, ...extra });
