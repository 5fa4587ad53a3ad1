import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { LOCK_MS, MAX_ATTEMPTS, totpCode } from '../../src/modules/staff/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { cookieOf, csrf, makeStaff, signIn, staffHarness, type StaffHarness } from './support.ts';

describeEachDatabase('staff sign-in', (ctx) => {
  let h: StaffHarness;
  before(async () => {
    h = await staffHarness(ctx.database);
  });
  after(async () => h.close());

  const session = (cookie: string) => h.platform.app.inject({ method: 'GET', url: '/api/v1/staff/session', headers: { cookie } });
  const audits = async (action: string, staffId?: string) =>
    (
      await sql<{ actor_kind: string; actor_ref: string | null; details: Record<string, unknown> }>`
        select actor_kind, actor_ref, details from audit_records where action = ${action} order by txid`.execute(ctx.database.db)
    ).rows.filter((r) => !staffId || r.actor_ref === staffId);

  it('signs in only with password AND a current TOTP code, into an HttpOnly SameSite=Strict cookie', async () => {
    const s = await makeStaff(h, 'alice', ['dispatcher'], 'hotline-12345');
    const noCode = await h.platform.app.inject({ method: 'POST', url: '/api/v1/staff/session', headers: csrf, payload: { login: 'alice', password: s.password } });
    assert.equal(noCode.statusCode, 400);
    const wrongCode = await signIn(h, 'alice', s.password, s.secret, totpCode(s.secret, new Date(h.platform.clock.now().getTime() - 10 * 60_000)));
    assert.equal(wrongCode.statusCode, 401);
    assert.equal(wrongCode.json().type, '/problems/staff-sign-in-failed');
    const wrongPassword = await signIn(h, 'alice', 'not the password', s.secret);
    assert.equal(wrongPassword.statusCode, 401);

    const ok = await signIn(h, 'alice', s.password, s.secret);
    assert.equal(ok.statusCode, 200, ok.body);
    const set = ok.cookies.find((c) => c.name === 'ntbt_staff')!;
    assert.equal(set.httpOnly, true);
    assert.equal(set.sameSite, 'Strict');
    assert.equal(set.path, '/api/');
    const me = (await session(cookieOf(ok))).json();
    assert.equal(me.signedIn, true);
    assert.deepEqual(me.session.permissions, ['hotline.callback', 'hotline.dispatch', 'hotline.intake', 'hotline.stats']);
    assert.equal(me.session.organisationId, 'hotline-12345');
    // only a hash of the token is stored
    const token = ok.cookies.find((c) => c.name === 'ntbt_staff')!.value;
    const rows = await ctx.database.db.selectFrom('staff_sessions').select('token_hash').where('staff_id', '=', s.staffId).execute();
    assert.ok(rows.length >= 1 && rows.every((r) => !Buffer.from(r.token_hash).includes(Buffer.from(token))));
  });

  it('refuses the same TOTP code a second time in its window (replay), and accepts the next one', async () => {
    const s = await makeStaff(h, 'bob', ['security-officer']);
    const code = totpCode(s.secret, h.platform.clock.now());
    assert.equal((await signIn(h, 'bob', s.password, s.secret, code)).statusCode, 200);
    const replay = await signIn(h, 'bob', s.password, s.secret, code);
    assert.equal(replay.statusCode, 401);
    assert.ok((await audits('staff.sign-in-failed', s.staffId)).some((a) => a.details.reason === 'totp-replay'));
    h.platform.clock.advance(30_000);
    assert.equal((await signIn(h, 'bob', s.password, s.secret)).statusCode, 200);
  });

  it(`locks the account after ${MAX_ATTEMPTS} wrong tries, even the right password then, until the lock expires`, async () => {
    const s = await makeStaff(h, 'carol', ['catalogue-editor']);
    for (let i = 1; i < MAX_ATTEMPTS; i++) assert.equal((await signIn(h, 'carol', `wrong password ${i}`, s.secret)).statusCode, 401);
    const fifth = await signIn(h, 'carol', 'wrong password 5', s.secret);
    assert.equal(fifth.statusCode, 423);
    assert.equal(fifth.json().type, '/problems/staff-account-locked');
    assert.equal((await signIn(h, 'carol', s.password, s.secret)).statusCode, 423);
    h.platform.clock.advance(LOCK_MS + 1000);
    assert.equal((await signIn(h, 'carol', s.password, s.secret)).statusCode, 200);
  });

  it('the lockout holds under 20 concurrent wrong passwords: exactly 5 tries are spent', async () => {
    const s = await makeStaff(h, 'dave', ['catalogue-editor']);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(h, 'dave', `wrong password ${i}`, s.secret)));
    assert.ok(results.every((r) => r.statusCode === 401 || r.statusCode === 423));
    const row = await ctx.database.db.selectFrom('staff_accounts').select(['failed_attempts', 'locked_until']).where('id', '=', s.staffId).executeTakeFirstOrThrow();
    assert.equal(row.failed_attempts, MAX_ATTEMPTS);
    assert.ok(row.locked_until);
    const reasons = (await audits('staff.sign-in-failed', s.staffId)).map((a) => a.details.reason);
    assert.equal(reasons.filter((r) => r === 'bad-password').length, MAX_ATTEMPTS);
    assert.equal(reasons.filter((r) => r === 'locked').length, 20 - MAX_ATTEMPTS);
  });

  it('audits every sign-in, successful or not, with actor kind staff and no password or code in the record', async () => {
    const s = await makeStaff(h, 'erin', ['privacy-officer']);
    const code = totpCode(s.secret, h.platform.clock.now());
    await signIn(h, 'erin', 'definitely wrong', s.secret, code);
    await signIn(h, 'erin', s.password, s.secret, code);
    await signIn(h, 'nobody-here', 'whatever123', s.secret);
    const ok = await audits('staff.sign-in', s.staffId);
    const failed = await audits('staff.sign-in-failed', s.staffId);
    assert.equal(ok.length, 1);
    assert.equal(ok[0]!.actor_kind, 'staff');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.details.reason, 'bad-password');
    assert.ok((await audits('staff.sign-in-failed')).some((a) => a.actor_ref === null && a.details.reason === 'unknown-account'));
    const all = JSON.stringify((await sql`select * from audit_records`.execute(ctx.database.db)).rows);
    for (const secretish of [s.password, 'definitely wrong', code, s.secret]) assert.ok(!all.includes(secretish), 'no credential in the audit trail');
    for (const secretish of [s.password, 'definitely wrong', s.secret]) assert.ok(!h.platform.logs.text.includes(secretish), 'no credential in the logs');
  });

  it('a disabled account cannot sign in and its sessions end', async () => {
    const s = await makeStaff(h, 'frank', ['dispatcher'], 'hotline-12345');
    const cookie = cookieOf(await signIn(h, 'frank', s.password, s.secret));
    await h.staff.accounts.setDisabled({ kind: 'system', ref: 'test' }, s.staffId, true);
    assert.equal((await session(cookie)).json().signedIn, false);
    h.platform.clock.advance(30_000);
    assert.equal((await signIn(h, 'frank', s.password, s.secret)).statusCode, 401);
  });

  it('signing out ends the session server-side', async () => {
    const s = await makeStaff(h, 'grace', ['dispatcher'], 'hotline-12345');
    const cookie = cookieOf(await signIn(h, 'grace', s.password, s.secret));
    const out = await h.platform.app.inject({ method: 'DELETE', url: '/api/v1/staff/session', headers: { cookie, ...csrf } });
    assert.equal(out.statusCode, 200);
    assert.equal((await session(cookie)).json().signedIn, false);
  });
});
