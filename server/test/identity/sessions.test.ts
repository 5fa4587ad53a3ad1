// Issue #4 §2 and §7: cookie sessions with idle and absolute timeouts, my sessions list, ending any of them, logout,
// CSRF header, and step-up (二次核身) before a password or mobile change.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import type { TestPlatform } from '../support/platform.ts';
import { cookieOf, identityPlatform, lastCode, newPerson, register, smsTo, withSid } from './support.ts';

describeEachDatabase('identity sessions and step-up', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await identityPlatform(ctx.database, { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2' });
  });
  after(async () => {
    await p.close();
  });

  const signedIn = async (sid: string) => (await p.app.inject({ url: '/api/v1/identity/session', headers: { cookie: `ntbt_sid=${sid}` } })).json().signedIn as boolean;
  const login = async (name: string, password: string) => {
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/identity/login/password', payload: { login: name, password } });
    assert.equal(res.statusCode, 200, res.body);
    return cookieOf(res)!;
  };

  it('stores only a hash of the session token', async () => {
    const r = await register(p);
    const rows = await p.database.db.selectFrom('account_sessions').select('token_hash').where('account_id', '=', r.accountId).execute();
    assert.equal(rows.length, 1);
    assert.notEqual(Buffer.from(rows[0]!.token_hash).toString('base64url'), r.sid);
    assert.equal(Buffer.from(rows[0]!.token_hash).length, 32);
  });

  it('ends a session after the idle timeout, and after the absolute timeout however busy it is', async () => {
    const r = await register(p);
    assert.equal(await signedIn(r.sid), true);
    p.clock.advance(31 * 60_000);
    assert.equal(await signedIn(r.sid), false, 'idle 31 minutes > 30');

    const sid = await login(r.accountName, r.password);
    for (let i = 0; i < 5; i++) {
      p.clock.advance(20 * 60_000);
      assert.equal(await signedIn(sid), true, `still in use after ${(i + 1) * 20} minutes`);
    }
    p.clock.advance(21 * 60_000);
    assert.equal(await signedIn(sid), false, 'absolute 2 hours, though used 21 minutes ago');
  });

  it('lists my sessions and devices, ends another one, and logs out', async () => {
    const r = await register(p);
    const other = await login(r.accountName, r.password);
    const list = await p.app.inject({ url: '/api/v1/identity/sessions', headers: withSid(r.sid) });
    assert.equal(list.statusCode, 200);
    const items = list.json().items as { id: string; current: boolean; city: string }[];
    assert.equal(items.length, 2);
    assert.equal(items.filter((i) => i.current).length, 1);
    assert.equal(items[0]!.city, '南通');
    const target = items.find((i) => !i.current)!;
    const end = await p.app.inject({ method: 'DELETE', url: `/api/v1/identity/sessions/${target.id}`, headers: withSid(r.sid) });
    assert.equal(end.statusCode, 200);
    assert.equal(await signedIn(other), false);
    // someone else's session id answers like a missing one
    const s = await register(p);
    const mine = (await p.app.inject({ url: '/api/v1/identity/sessions', headers: withSid(s.sid) })).json().items[0].id;
    assert.equal((await p.app.inject({ method: 'DELETE', url: `/api/v1/identity/sessions/${mine}`, headers: withSid(r.sid) })).statusCode, 404);
    // logout
    const out = await p.app.inject({ method: 'POST', url: '/api/v1/identity/logout', headers: withSid(r.sid) });
    assert.equal(out.statusCode, 200);
    assert.ok(out.cookies.some((c) => c.name === 'ntbt_sid' && c.value === ''));
    assert.equal(await signedIn(r.sid), false);
  });

  it('leaves staff routes to the staff authenticator even when the browser also holds a citizen session', async () => {
    const r = await register(p);
    const res = await p.app.inject({ url: '/api/v1/console/sandbox/sms', headers: { cookie: `ntbt_sid=${r.sid}` } });
    assert.equal(res.statusCode, 401, 'not "forbidden for a citizen": the citizen cookie does not count on a staff route');
  });

  it('refuses a state-changing request that carries the session cookie but not the CSRF header', async () => {
    const r = await register(p);
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/identity/logout', headers: { cookie: `ntbt_sid=${r.sid}` } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().type, '/problems/csrf-header-missing');
    assert.equal(await signedIn(r.sid), true);
  });

  it('changing the password needs a fresh step-up (SMS to the bound mobile), ends my other sessions and keeps this one', async () => {
    const r = await register(p);
    const other = await login(r.accountName, r.password);
    const change = () => p.app.inject({ method: 'POST', url: '/api/v1/identity/password', headers: withSid(r.sid), payload: { newPassword: 'a brand new pass phrase' } });
    const refused = await change();
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().type, '/problems/step-up-required');
    assert.deepEqual(refused.json().methods, ['sms']);

    const ask = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up/code', headers: withSid(r.sid) });
    assert.equal(ask.statusCode, 200, ask.body);
    const code = await lastCode(p, r.mobile);
    const wrong = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: withSid(r.sid), payload: { method: 'sms', challengeId: ask.json().challengeId, code: code === '000000' ? '000001' : '000000' } });
    assert.equal(wrong.statusCode, 422);
    const prove = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: withSid(r.sid), payload: { method: 'sms', challengeId: ask.json().challengeId, code } });
    assert.equal(prove.statusCode, 200, prove.body);
    // a proof belongs to the session that made it
    const fromOther = await p.app.inject({ method: 'POST', url: '/api/v1/identity/password', headers: withSid(other), payload: { newPassword: 'a brand new pass phrase' } });
    assert.equal(fromOther.statusCode, 403);

    const weak = await p.app.inject({ method: 'POST', url: '/api/v1/identity/password', headers: withSid(r.sid), payload: { newPassword: '5201314520' } });
    assert.equal(weak.json().type, '/problems/weak-password');
    assert.equal((await change()).statusCode, 200);
    assert.equal(await signedIn(r.sid), true, 'this session stays');
    assert.equal(await signedIn(other), false, 'the others end');
    await login(r.accountName, 'a brand new pass phrase');
    assert.ok((await smsTo(p, r.mobile)).some((b) => b.includes('密码已于')));
    const audit = await p.database.db.selectFrom('audit_records').select('action').where('action', 'in', ['identity.change-password', 'identity.prove-identity']).execute();
    assert.ok(audit.length >= 2);
  });

  it('a step-up proof is fresh for 5 minutes only', async () => {
    const r = await register(p);
    const ask = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up/code', headers: withSid(r.sid) });
    const code = await lastCode(p, r.mobile);
    await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: withSid(r.sid), payload: { method: 'sms', challengeId: ask.json().challengeId, code } });
    assert.equal((await p.app.inject({ url: '/api/v1/identity/step-up', headers: withSid(r.sid) })).json().fresh, true);
    p.clock.advance(5 * 60_000 + 1000);
    assert.equal((await p.app.inject({ url: '/api/v1/identity/step-up', headers: withSid(r.sid) })).json().fresh, false);
  });

  it('changing the mobile needs step-up and a code sent to the new number; the new number then signs in', async () => {
    const r = await register(p);
    const fresh = newPerson().mobile;
    const refused = await p.app.inject({ method: 'POST', url: '/api/v1/identity/mobile/code', headers: withSid(r.sid), payload: { mobile: fresh } });
    assert.equal(refused.json().type, '/problems/step-up-required');
    const ask = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up/code', headers: withSid(r.sid) });
    await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: withSid(r.sid), payload: { method: 'sms', challengeId: ask.json().challengeId, code: await lastCode(p, r.mobile) } });
    const c = await p.app.inject({ method: 'POST', url: '/api/v1/identity/mobile/code', headers: withSid(r.sid), payload: { mobile: fresh } });
    assert.equal(c.statusCode, 200, c.body);
    const done = await p.app.inject({ method: 'POST', url: '/api/v1/identity/mobile', headers: withSid(r.sid), payload: { mobile: fresh, challengeId: c.json().challengeId, code: await lastCode(p, fresh) } });
    assert.equal(done.statusCode, 200, done.body);
    await login(fresh, r.password);
    const me = (await p.app.inject({ url: '/api/v1/identity/session', headers: withSid(r.sid) })).json();
    assert.equal(me.account.mobileMasked.slice(-4), fresh.slice(-4));
  });
});
