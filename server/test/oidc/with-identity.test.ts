// The identity provider with real citizen accounts (issue #9 on issue #4): the composed platform (compose(), exactly as
// main.ts wires identity's provider port into oidcAccountsFrom) listening on a random port; a citizen registered through
// the identity API signs in to a registered client through the provider's screens — password check, lockout and the
// citizen-app session are identity's own, and amr reports what really happened.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import * as oidc from 'openid-client';
import { ClientService } from '../../src/modules/oidc/oidc.clients.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { cookieOf, lastCode, newPerson, register } from '../identity/support.ts';
import { Browser, freePort, login, type Rp, type RunningProvider } from './support.ts';

describeEachDatabase('oidc provider with real identity accounts', (ctx) => {
  let p: TestPlatform;
  let running: RunningProvider;
  let clients: ClientService;
  let issuer: string;
  before(async () => {
    const port = await freePort();
    p = await testPlatform(ctx.database, { env: { PUBLIC_URL: `http://127.0.0.1:${port}` } });
    await p.app.listen({ port, host: '127.0.0.1' });
    issuer = p.config.oidcIssuer;
    // login() only needs the base address; the client is registered the way the console's API does it
    running = { base: `http://127.0.0.1:${port}`, issuer } as RunningProvider;
    clients = new ClientService({ db: p.database.db, wrapper: p.kernel.cipher.wrapper, clock: p.clock, audit: p.kernel.audit, production: false });
  });
  after(() => p.close());

  async function rp(categories = ['transport']): Promise<Rp> {
    const redirectUri = `http://127.0.0.1:9/cb/${randomUUID().slice(0, 6)}`;
    const { client, clientSecret } = await clients.register(
      { name: '测试应用', organisation: '测试单位', categories, redirectUris: [redirectUri], postLogoutRedirectUris: [], backchannelLogoutUri: null, contact: 'rp@example.test' },
      { kind: 'system', ref: 'test' },
    );
    const config = await oidc.discovery(new URL(issuer), client.client_id, clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
    return { config, clientId: client.client_id, clientSecret, redirectUri };
  }

  /** the citizen-app session cookie in the browser, as the citizen app leaves it after signing in */
  const browserWith = (sid: string) => {
    const b = new Browser();
    b.cookies.set('ntbt_sid', sid);
    return b;
  };

  it('a registered citizen signs in with code + PKCE through the password screen; amr is pwd and userinfo returns the mobile', async () => {
    const r = await register(p);
    const client = await rp();
    const { tokens } = await login(running, client, { scope: 'openid nt:transport', login: r.accountName, password: r.password });
    const claims = tokens.claims()!;
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal(claims.acr, 'urn:nt:loa:1');
    const info = await oidc.fetchUserInfo(client.config, tokens.access_token, claims.sub);
    assert.equal(info.phone_number, r.mobile);
    assert.equal(info.name, undefined, 'no verified identity yet: nothing invented');
    // the mobile number signs in too (the app's login rule)
    const again = await login(running, client, { scope: 'openid nt:transport', login: r.mobile, password: r.password });
    assert.deepEqual(again.tokens.claims()!.amr, ['pwd']);
  });

  it('a wrong password on the provider screen counts toward the citizen lockout: after 5 the app itself refuses the right password', async () => {
    const r = await register(p);
    const client = await rp();
    const browser = new Browser();
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(client.config, {
      redirect_uri: client.redirectUri,
      scope: 'openid nt:transport',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: oidc.randomState(),
    });
    let step = await browser.follow(url.href, running.base);
    const uid = step.url.match(/\/interaction\/([^/?]+)/)![1]!;
    for (let i = 0; i < 5; i++) {
      step = await browser.follow(`${running.base}/oidc/interaction/${uid}/login`, running.base, { form: { login: r.accountName, password: `wrong password ${i}` } });
      assert.equal(step.res.status, 401);
      assert.match(step.html, /帐号或密码不正确/);
      if (i === 0) {
        const row = await p.database.db.selectFrom('accounts').select('failed_password_count').where('id', '=', r.accountId).executeTakeFirstOrThrow();
        assert.equal(row.failed_password_count, 1, 'one wrong password on the provider is one failure on the account');
      }
    }
    const row = await p.database.db.selectFrom('accounts').select(['failed_password_count', 'locked_until']).where('id', '=', r.accountId).executeTakeFirstOrThrow();
    assert.equal(row.failed_password_count, 5);
    assert.ok(row.locked_until);
    // locked for the app…
    const app = await p.app.inject({ method: 'POST', url: '/api/v1/identity/login/password', payload: { login: r.accountName, password: r.password } });
    assert.equal(app.statusCode, 423, app.body);
    // …and for the provider: the right password is refused while locked
    step = await browser.follow(`${running.base}/oidc/interaction/${uid}/login`, running.base, { form: { login: r.accountName, password: r.password } });
    assert.equal(step.res.status, 401);
  });

  it('single sign-on from the citizen-app session reports how that session really signed in (SMS code: amr sms, loa 1)', async () => {
    const r = await register(p);
    p.clock.advance(61_000);
    const ask = await p.app.inject({ method: 'POST', url: '/api/v1/identity/codes', payload: { mobile: r.mobile, purpose: 'login' } });
    assert.equal(ask.statusCode, 200, ask.body);
    const signedIn = await p.app.inject({ method: 'POST', url: '/api/v1/identity/login/code', payload: { mobile: r.mobile, challengeId: ask.json().challengeId, code: await lastCode(p, r.mobile) } });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    const sid = cookieOf(signedIn)!;
    const client = await rp();
    const { tokens, pages } = await login(running, client, { scope: 'openid nt:transport', useSession: true, browser: browserWith(sid) });
    assert.ok(pages.some((h) => h.includes('/continue"')), 'the sign-in screen offers to continue as the signed-in citizen');
    const claims = tokens.claims()!;
    assert.deepEqual(claims.amr, ['sms']);
    assert.equal(claims.acr, 'urn:nt:loa:1');
    const info = await oidc.fetchUserInfo(client.config, tokens.access_token, claims.sub);
    assert.equal(info.phone_number, r.mobile);
  });

  it('single sign-on from a password session reports pwd; a signed-out session is not offered', async () => {
    const person = newPerson();
    const r = await register(p, person);
    const signedIn = await p.app.inject({ method: 'POST', url: '/api/v1/identity/login/password', payload: { login: r.accountName, password: r.password } });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    const sid = cookieOf(signedIn)!;
    const client = await rp();
    const { tokens } = await login(running, client, { scope: 'openid nt:transport', useSession: true, browser: browserWith(sid) });
    assert.deepEqual(tokens.claims()!.amr, ['pwd']);
    // after signing out of the app the session no longer signs anyone in to the provider
    const out = await p.app.inject({ method: 'POST', url: '/api/v1/identity/logout', headers: { cookie: `ntbt_sid=${sid}`, 'x-ntbt-csrf': '1' } });
    assert.ok(out.statusCode < 300, out.body);
    const browser = browserWith(sid);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(client.config, {
      redirect_uri: client.redirectUri,
      scope: 'openid nt:transport',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: oidc.randomState(),
    });
    const step = await browser.follow(url.href, running.base);
    assert.ok(step.html.includes('/login"'));
    assert.ok(!step.html.includes('/continue"'), 'no "continue as" for a session that has ended');
  });

  it('max_age=0 forces re-authentication: the app session is not offered and the password screen is shown', async () => {
    const r = await register(p);
    const signedIn = await p.app.inject({ method: 'POST', url: '/api/v1/identity/login/password', payload: { login: r.accountName, password: r.password } });
    const sid = cookieOf(signedIn)!;
    const client = await rp();
    const browser = browserWith(sid);
    // a provider session exists from a first sign-in through the session
    await login(running, client, { scope: 'openid nt:transport', useSession: true, browser });
    const { tokens, pages } = await login(running, client, { scope: 'openid nt:transport', login: r.accountName, password: r.password, browser, useSession: true, extra: { max_age: '0' } });
    assert.ok(pages.length >= 1 && pages[0]!.includes('/login"'), 'the password screen is shown');
    assert.ok(!pages[0]!.includes('/continue"'), 'the existing session does not count');
    const claims = tokens.claims()!;
    assert.deepEqual(claims.amr, ['pwd']);
    assert.ok(typeof claims.auth_time === 'number');
  });
});
