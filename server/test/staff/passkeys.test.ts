import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { SoftAuthenticator } from './soft-authenticator.ts';
import { cookieOf, csrf, makeStaff, signIn, staffHarness, type StaffHarness } from './support.ts';

describeEachDatabase('staff passkeys (WebAuthn)', (ctx) => {
  let h: StaffHarness;
  before(async () => {
    h = await staffHarness(ctx.database);
  });
  after(async () => h.close());

  const post = (url: string, payload?: object, cookie?: string) =>
    h.platform.app.inject({ method: 'POST', url, headers: { ...csrf, ...(cookie ? { cookie } : {}) }, ...(payload ? { payload } : {}) });
  const origin = () => new URL(h.platform.config.publicUrl).origin;

  async function enrol(login: string, authenticator = new SoftAuthenticator(origin())) {
    const s = await makeStaff(h, login, ['dispatcher'], 'hotline-12345');
    const cookie = cookieOf(await signIn(h, s.login, s.password, s.secret));
    const options = (await post('/api/v1/staff/me/passkeys/options', undefined, cookie)).json();
    assert.equal(options.rp.id, new URL(h.platform.config.publicUrl).hostname, 'rpID comes from PUBLIC_URL');
    assert.equal(options.authenticatorSelection.userVerification, 'required');
    const res = await post('/api/v1/staff/me/passkeys', { response: authenticator.register(options), label: '办公室电脑' }, cookie);
    return { s, cookie, authenticator, res };
  }

  it('registers a passkey and signs in with it, verified by the library against a software authenticator', async () => {
    const { s, res, authenticator } = await enrol('pk.alice');
    assert.equal(res.statusCode, 200, res.body);
    const options = (await post('/api/v1/staff/passkey/options')).json();
    const assertion = authenticator.authenticate(options);
    const signedIn = await post('/api/v1/staff/passkey/session', { response: assertion });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.equal(signedIn.json().session.staffId, s.staffId);
    const me = await h.platform.app.inject({ method: 'GET', url: '/api/v1/staff/session', headers: { cookie: cookieOf(signedIn) } });
    assert.equal(me.json().signedIn, true);
    const audit = await sql<{ details: any }>`select details from audit_records where action = 'staff.sign-in' and actor_ref = ${s.staffId}`.execute(ctx.database.db);
    assert.ok(audit.rows.some((r) => r.details.method === 'passkey'));

    // the same assertion again: its challenge was used up
    assert.equal((await post('/api/v1/staff/passkey/session', { response: assertion })).statusCode, 401);
  });

  it('refuses a registration made for another origin', async () => {
    const { res } = await enrol('pk.bob', new SoftAuthenticator('https://evil.example', new URL('http://localhost').hostname));
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().type, '/problems/staff-passkey-failed');
  });

  it('refuses an assertion whose challenge expired (5 minutes) or that was signed by another key', async () => {
    const { authenticator } = await enrol('pk.carol');
    const options = (await post('/api/v1/staff/passkey/options')).json();
    h.platform.clock.advance(6 * 60_000);
    assert.equal((await post('/api/v1/staff/passkey/session', { response: authenticator.authenticate(options) })).statusCode, 401);

    const fresh = (await post('/api/v1/staff/passkey/options')).json();
    const forged = authenticator.authenticate(fresh);
    const other = new SoftAuthenticator(origin());
    const otherSig = other.authenticate(fresh).response.signature;
    assert.equal((await post('/api/v1/staff/passkey/session', { response: { ...forged, response: { ...forged.response, signature: otherSig } } })).statusCode, 401);
  });

  it('a disabled staff member cannot sign in with a passkey', async () => {
    const { s, authenticator } = await enrol('pk.dave');
    await h.staff.accounts.setDisabled({ kind: 'system', ref: 'test' }, s.staffId, true);
    const options = (await post('/api/v1/staff/passkey/options')).json();
    assert.equal((await post('/api/v1/staff/passkey/session', { response: authenticator.authenticate(options) })).statusCode, 401);
  });
});
