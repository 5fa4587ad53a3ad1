// Issue #4 §2: sign-in by password or SMS code; one-time codes; lockout that holds under concurrent attempts;
// per-address throttling.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import type { TestPlatform } from '../support/platform.ts';
import { cookieOf, identityPlatform, lastCode, register, smsTo, withSid } from './support.ts';

describeEachDatabase('identity sign-in', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await identityPlatform(ctx.database);
  });
  after(async () => {
    await p.close();
  });

  const login = (loginName: string, password: string, ip = '10.0.0.7') =>
    p.app.inject({ method: 'POST', url: '/api/v1/identity/login/password', headers: { 'x-forwarded-for': ip }, payload: { login: loginName, password } });

  it('PP-1.2 signs in with account name or mobile number and password; a wrong password or unknown account answers alike', async () => {
    const r = await register(p);
    for (const name of [r.accountName, r.mobile, `+86 ${r.mobile}`]) {
      const res = await login(name, r.password);
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(cookieOf(res));
    }
    const wrong = await login(r.accountName, 'not the password at all');
    const unknown = await login('nobody_here_123', 'not the password at all');
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json().type, unknown.json().type);
  });

  it('locks password sign-in for 15 minutes after 5 wrong passwords, tells the holder by SMS, and 20 concurrent wrong passwords cannot get around it', async () => {
    const r = await register(p);
    const before = (await smsTo(p, r.mobile)).length;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login(r.accountName, `wrong password number ${i}`, '10.9.9.9')));
    const statuses = results.map((x) => x.statusCode);
    assert.ok(!statuses.includes(200));
    // at most 5 passwords were actually checked; every other attempt was refused as locked without checking
    assert.ok(statuses.filter((s) => s === 401).length <= 4, `401s: ${statuses.join(',')}`);
    assert.ok(statuses.filter((s) => s === 423).length >= 16, `423s: ${statuses.join(',')}`);
    const row = await p.database.db.selectFrom('accounts').select(['failed_password_count', 'locked_until']).where('id', '=', r.accountId).executeTakeFirstOrThrow();
    assert.equal(row.failed_password_count, 5);
    assert.ok(row.locked_until);
    // the right password is refused while locked
    assert.equal((await login(r.accountName, r.password)).statusCode, 423);
    // exactly one lock SMS
    const sms = (await smsTo(p, r.mobile)).slice(before);
    assert.equal(sms.filter((b) => b.includes('锁定')).length, 1, sms.join('\n'));
    // 15 minutes later it works again (deliverAll moved the clock a little; move past the lock)
    p.clock.advance(15 * 60_000);
    assert.equal((await login(r.accountName, r.password)).statusCode, 200);
    assert.equal((await p.database.db.selectFrom('accounts').select('failed_password_count').where('id', '=', r.accountId).executeTakeFirstOrThrow()).failed_password_count, 0);
  });

  it('throttles a source address that keeps failing, whatever accounts it tries', async () => {
    const ip = '10.66.66.66';
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await login(`nobody_${i}`, 'whatever password', ip)).statusCode;
    assert.equal(last, 429);
    const res = await login('nobody', 'whatever password', ip);
    assert.equal(res.json().type, '/problems/sign-in-throttled');
    // another address is unaffected
    assert.equal((await login('nobody', 'whatever password', '10.66.66.67')).statusCode, 401);
  });

  it('signs in with an SMS code: 6 digits, single use, valid 5 minutes, at most 5 wrong tries, resend throttled', async () => {
    const r = await register(p);
    p.clock.advance(61_000);
    const ask = () => p.app.inject({ method: 'POST', url: '/api/v1/identity/codes', payload: { mobile: r.mobile, purpose: 'login' } });
    const c1 = await ask();
    assert.equal(c1.statusCode, 200, c1.body);
    const tooSoon = await ask();
    assert.equal(tooSoon.statusCode, 429);
    assert.equal(tooSoon.json().type, '/problems/code-resend-too-soon');
    const code = await lastCode(p, r.mobile);
    assert.match(code, /^\d{6}$/);
    const use = (challengeId: string, c: string) => p.app.inject({ method: 'POST', url: '/api/v1/identity/login/code', payload: { mobile: r.mobile, challengeId, code: c } });
    const ok = await use(c1.json().challengeId, code);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await use(c1.json().challengeId, code)).statusCode, 422, 'single use');

    // 5 wrong tries, then even the right code fails
    p.clock.advance(61_000);
    const c2 = await ask();
    const code2 = await lastCode(p, r.mobile);
    const wrong = code2 === '123456' ? '654321' : '123456';
    const tries = await Promise.all(Array.from({ length: 8 }, () => use(c2.json().challengeId, wrong)));
    assert.ok(tries.every((t) => t.statusCode === 422));
    assert.equal((await use(c2.json().challengeId, code2)).statusCode, 422, 'locked after 5 wrong tries');
    const row = await p.database.db.selectFrom('otp_challenges').select('attempts').where('id', '=', c2.json().challengeId).executeTakeFirstOrThrow();
    assert.equal(row.attempts, 5);

    // expiry
    p.clock.advance(61_000);
    const c3 = await ask();
    const code3 = await lastCode(p, r.mobile);
    p.clock.advance(5 * 60_000);
    assert.equal((await use(c3.json().challengeId, code3)).statusCode, 422, 'expired after 5 minutes');
  });

  it('answers a code request for an unregistered number like any other, and sends nothing', async () => {
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/identity/codes', payload: { mobile: '13700001111', purpose: 'login' } });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(await smsTo(p, '13700001111'), []);
  });

  it('rejects malformed input with 400/422, never 500', async () => {
    const bad = await p.app.inject({ method: 'POST', url: '/api/v1/identity/codes', payload: { mobile: '12345', purpose: 'login' } });
    assert.ok([400, 422].includes(bad.statusCode));
    const bad2 = await p.app.inject({ method: 'POST', url: '/api/v1/identity/login/code', payload: { mobile: '13912345678', challengeId: 'nope', code: '1' } });
    assert.equal(bad2.statusCode, 400);
    const r = await register(p);
    const bad3 = await p.app.inject({ method: 'DELETE', url: '/api/v1/identity/sessions/not-a-uuid', headers: withSid(r.sid) });
    assert.equal(bad3.statusCode, 400);
  });
});
