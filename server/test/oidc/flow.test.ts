import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import * as oidc from 'openid-client';
import * as jose from 'jose';
import { describeEachDatabase } from '../support/db.ts';
import { backchannelReceiver, Browser, fakeAccounts, login, registerRp, startProvider, type RunningProvider } from './support.ts';

const zhang = {
  accountId: randomUUID(),
  login: 'zhang',
  password: 'secret-pass',
  claims: { mobile: '13800138000', realName: '张三', idNumber: '320602199001011234', idType: '居民身份证', realNameStatus: 'L2' },
};
const li = {
  accountId: randomUUID(),
  login: 'li',
  password: 'li-pass',
  claims: { mobile: '13900139000', realName: '李四', idNumber: '320602199202021111', idType: '居民身份证', realNameStatus: 'L1' },
};

const provisionsOf = (p: RunningProvider, db: any, accountId: string) => p.sharing.provisionsOf(db, accountId);

describeEachDatabase('oidc provider: code + PKCE with the sharing ledger', (ctx) => {
  let p: RunningProvider;
  const accounts = fakeAccounts([zhang, li]);
  before(async () => {
    p = await startProvider(ctx.database, accounts);
  });
  after(() => p.close());

  it('publishes discovery with code + PKCE S256, PAR, DPoP, back-channel and RP-initiated logout, pairwise subjects', async () => {
    const res = await fetch(`${p.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const d = (await res.json()) as Record<string, any>;
    assert.equal(d.issuer, p.issuer);
    assert.deepEqual(d.response_types_supported, ['code']);
    assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
    assert.ok(d.pushed_authorization_request_endpoint);
    assert.ok(d.dpop_signing_alg_values_supported?.length);
    assert.equal(d.backchannel_logout_supported, true);
    assert.ok(d.end_session_endpoint);
    assert.deepEqual(d.subject_types_supported, ['pairwise']);
    assert.ok(d.scopes_supported.includes('nt:transport'));
    const jwks = (await (await fetch(d.jwks_uri)).json()) as { keys: Record<string, unknown>[] };
    assert.ok(jwks.keys.length >= 1);
    assert.ok(jwks.keys.every((k) => k.d === undefined), 'only public keys are published');
  });

  it('PP-2.3 LAW-4 a transport client receives exactly the transport fields, and each release is one sharing-ledger provision', async () => {
    const rp = await registerRp(p, { categories: ['transport'] });
    const { tokens, pages } = await login(p, rp, { scope: 'openid nt:transport', tick: ['id_number'] });
    const consent = pages.find((h) => h.includes('/confirm"'))!;
    for (const name of ['手机号码', '真实姓名', '身份证号', '证件类型', '实名状态', '交通出行类']) assert.ok(consent.includes(name), `consent names ${name}`);
    assert.match(consent, /身份证号 <span class="tag">敏感/, 'the sensitive field has its own box (LAW-1)');
    const claims = tokens.claims()!;
    assert.equal(claims.acr, 'urn:nt:loa:1');
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal(claims.phone_number, undefined, 'no PI in the ID token of the code flow');
    const before = (await provisionsOf(p, ctx.database.db, zhang.accountId)).length;
    const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    assert.deepEqual(
      { ...info, sub: undefined },
      { sub: undefined, phone_number: '13800138000', name: '张三', id_number: '320602199001011234', id_type: '居民身份证', real_name_status: 'L2' },
    );
    const after = await provisionsOf(p, ctx.database.db, zhang.accountId);
    assert.equal(after.length, before + 1, 'one provision per userinfo response');
    const last = after.find((r) => !JSON.stringify(r).includes('x') || true)!;
    const row = after.sort((a, b) => +b.provided_at - +a.provided_at)[0]!;
    assert.equal(row.recipient_id, 'transport');
    assert.equal(row.purpose_id, 'transport-services');
    assert.equal(row.legal_basis, 'consent');
    assert.deepEqual([...row.elements].sort(), ['id-number', 'id-type', 'mobile', 'real-name', 'real-name-status']);
    assert.ok(last);
  });

  it('LAW-4 a field asked for in the ID token (claims parameter) is released there and recorded once', async () => {
    const rp = await registerRp(p, { categories: ['transport'] });
    const { tokens } = await login(p, rp, { scope: 'openid nt:transport', extra: { claims: JSON.stringify({ id_token: { phone_number: null } }) } });
    assert.equal(tokens.claims()!.phone_number, '13800138000');
    assert.equal(tokens.claims()!.name, undefined, 'only what was asked for');
    const rows = await provisionsOf(p, ctx.database.db, zhang.accountId);
    const newest = rows.sort((a, b) => +b.provided_at - +a.provided_at)[0]!;
    assert.deepEqual(newest.elements, ['mobile']);
  });

  it('LAW-1 an unticked sensitive field is not provided, and the rest still is', async () => {
    const rp = await registerRp(p, { categories: ['transport'] });
    const { tokens } = await login(p, rp, { scope: 'openid nt:transport', tick: [] });
    const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub);
    assert.equal(info.id_number, undefined);
    assert.equal(info.phone_number, '13800138000');
  });

  it('PP-2.1 a client can never receive a field outside its categories: not by scope, not by the claims parameter', async () => {
    const rp = await registerRp(p, { categories: ['tourism'] }); // 旅游类: real name, mobile, ID number
    await assert.rejects(login(p, rp, { scope: 'openid nt:transport' }), (e: any) => e.error === 'invalid_scope', 'a scope of another category is refused');
    const { tokens } = await login(p, rp, {
      scope: 'openid nt:tourism',
      tick: ['id_number'],
      extra: { claims: JSON.stringify({ userinfo: { id_type: null, real_name_status: { essential: true }, location: null }, id_token: { id_type: null, phone_number: null } }) },
    });
    const claims = tokens.claims()!;
    assert.equal(claims.id_type, undefined);
    const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    assert.deepEqual(Object.keys(info).sort(), ['id_number', 'name', 'phone_number', 'sub']);
    const site = await registerRp(p, { categories: [] }); // a city website: sign-in only
    const r = await login(p, site, { scope: 'openid', extra: { claims: JSON.stringify({ userinfo: { phone_number: null, name: null } }) } });
    const none = await oidc.fetchUserInfo(site.config, r.tokens.access_token, r.tokens.claims()!.sub);
    assert.deepEqual(Object.keys(none), ['sub'], 'an undeclared claim request gets nothing');
  });

  it('PP-2.1 the provider stores no claim values and no login_hint: its tables hold ids, names of scopes and claims, times', async () => {
    const rp = await registerRp(p, { categories: ['transport'] });
    await login(p, rp, { scope: 'openid nt:transport', tick: ['id_number'], extra: { login_hint: '13800138000' } });
    const rows = await ctx.database.db.selectFrom('oidc_payloads').select(['model', 'payload']).execute();
    const text = JSON.stringify(rows);
    for (const value of ['13800138000', '张三', '320602199001011234']) assert.ok(!text.includes(value), `${value} is not stored`);
  });

  it('PP-2.3 subjects are pairwise: two clients see unrelated identifiers for the same person', async () => {
    const a = await registerRp(p, { categories: [] });
    const b = await registerRp(p, { categories: [] });
    const browser = new Browser();
    const ra = await login(p, a, { scope: 'openid', browser });
    const rb = await login(p, b, { scope: 'openid', browser });
    assert.notEqual(ra.tokens.claims()!.sub, rb.tokens.claims()!.sub);
    assert.ok(!ra.tokens.claims()!.sub.includes(zhang.accountId));
  });

  it('refresh tokens rotate: the new one works, the used one is dead', async () => {
    const rp = await registerRp(p, { categories: [] });
    const { tokens } = await login(p, rp, { scope: 'openid offline_access' });
    assert.ok(tokens.refresh_token);
    const next = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token!);
    assert.ok(next.refresh_token && next.refresh_token !== tokens.refresh_token);
    await assert.rejects(oidc.refreshTokenGrant(rp.config, tokens.refresh_token!), (e: any) => e.cause?.error === 'invalid_grant');
  });

  it('max_age=0 forces a fresh sign-in even with a provider session (step-up)', async () => {
    const rp = await registerRp(p, { categories: [] });
    const browser = new Browser();
    await login(p, rp, { scope: 'openid', browser });
    const again = await login(p, rp, { scope: 'openid', browser, extra: { max_age: '0' } });
    assert.ok(again.pages.some((h) => h.includes('重新验证身份')), 'the sign-in screen is shown again');
  });

  it('the user can decline: the client gets access_denied and no code', async () => {
    const rp = await registerRp(p, { categories: ['transport'] });
    const browser = new Browser();
    const url = oidc.buildAuthorizationUrl(rp.config, { redirect_uri: rp.redirectUri, scope: 'openid nt:transport', code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256', state: 's' });
    let step = await browser.follow(url.href, p.base);
    const uid = step.url.match(/interaction\/([^/?]+)/)![1];
    step = await browser.follow(`${p.base}/oidc/interaction/${uid}/login`, p.base, { form: { login: 'li', password: 'li-pass' } });
    step = await browser.follow(`${p.base}/oidc/interaction/${uid}/abort`, p.base, { form: {} });
    const cb = new URL(step.url);
    assert.equal(cb.searchParams.get('error'), 'access_denied');
    assert.equal(cb.searchParams.get('code'), null);
  });

  it('a wrong password shows the sign-in screen again with a Chinese message', async () => {
    const rp = await registerRp(p, { categories: [] });
    const browser = new Browser();
    const url = oidc.buildAuthorizationUrl(rp.config, { redirect_uri: rp.redirectUri, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256', state: 's' });
    const step = await browser.follow(url.href, p.base);
    const uid = step.url.match(/interaction\/([^/?]+)/)![1];
    const res = await browser.request(`${p.base}/oidc/interaction/${uid}/login`, { form: { login: 'zhang', password: 'wrong' } });
    assert.equal(res.status, 401);
    assert.match(await res.text(), /帐号或密码不正确/);
  });

  it('authorization requests without PKCE are refused', async () => {
    const rp = await registerRp(p, { categories: [] });
    const url = oidc.buildAuthorizationUrl(rp.config, { redirect_uri: rp.redirectUri, scope: 'openid', state: 's' });
    const res = await fetch(url, { redirect: 'manual' });
    const loc = new URL(res.headers.get('location')!);
    assert.equal(loc.searchParams.get('error'), 'invalid_request');
  });

  it('PAR and DPoP are available: a pushed request signs in, and the tokens are bound to the DPoP key', async () => {
    const rp = await registerRp(p, { categories: ['transport'] });
    const dpop = oidc.getDPoPHandle(rp.config, await oidc.randomDPoPKeyPair());
    const { tokens } = await login(p, rp, { scope: 'openid nt:transport', par: true, dpop });
    assert.equal(tokens.token_type.toLowerCase(), 'dpop');
    const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub, { DPoP: dpop });
    assert.equal(info.phone_number, '13800138000');
    const res = await fetch(rp.config.serverMetadata().userinfo_endpoint!, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(res.status, 401, 'a DPoP-bound token is useless without the key');
  });

  it('RP-initiated logout ends the session (zh-CN confirmation) and tells the other clients of that session by back-channel', async () => {
    const bc = await backchannelReceiver();
    try {
      const a = await registerRp(p, { categories: [] });
      const b = await registerRp(p, { categories: [], backchannelLogoutUri: bc.url });
      const browser = new Browser();
      const ra = await login(p, a, { scope: 'openid', browser });
      await login(p, b, { scope: 'openid', browser });
      const end = oidc.buildEndSessionUrl(a.config, { id_token_hint: ra.tokens.id_token! });
      const page = await browser.follow(end.href, p.base);
      assert.match(page.html, /退出南通市统一身份认证平台/);
      const xsrf = page.html.match(/name="xsrf" value="([^"]+)"/)![1]!;
      const done = await browser.follow(`${p.base}/oidc/session/end/confirm`, p.base, { form: { xsrf, logout: 'yes' } });
      assert.match(done.html, /已退出/);
      assert.equal(bc.received.length, 1);
      const { payload } = await jose.jwtVerify(bc.received[0]!, jose.createRemoteJWKSet(new URL(`${p.issuer}/jwks`)), { issuer: p.issuer, audience: b.clientId });
      assert.ok(payload.sid);
    } finally {
      await bc.close();
    }
  });

  it('PP-4.5 cancelling the unified account revokes every token and grant, delivers a verifiable back-channel logout token to each client, and is audited', async () => {
    const bc1 = await backchannelReceiver();
    const bc2 = await backchannelReceiver();
    try {
      const taxi = await registerRp(p, { categories: ['transport'], backchannelLogoutUri: bc1.url });
      const site = await registerRp(p, { categories: [], backchannelLogoutUri: bc2.url });
      const browser = new Browser();
      const a = await login(p, taxi, { scope: 'openid offline_access nt:transport', browser, login: 'li', password: 'li-pass' });
      const b = await login(p, site, { scope: 'openid', browser, login: 'li', password: 'li-pass' });
      await oidc.fetchUserInfo(taxi.config, a.tokens.access_token, a.tokens.claims()!.sub);

      const result = await p.oidcModule.revokeAccount(li.accountId);
      assert.deepEqual(result.clients.map((c) => c.backchannel), ['delivered', 'delivered']);
      assert.equal(bc1.received.length, 1);
      assert.equal(bc2.received.length, 1);
      const jwks = jose.createRemoteJWKSet(new URL(`${p.issuer}/jwks`));
      const { payload } = await jose.jwtVerify(bc1.received[0]!, jwks, { issuer: p.issuer, audience: taxi.clientId });
      assert.equal(payload.sub, a.tokens.claims()!.sub, 'the logout token names the subject as that client knows it');
      assert.ok((payload.events as Record<string, unknown>)['http://schemas.openid.net/event/backchannel-logout']);
      assert.ok(payload.sid, 'and the session');
      const p2 = await jose.jwtVerify(bc2.received[0]!, jwks, { issuer: p.issuer, audience: site.clientId });
      assert.equal(p2.payload.sub, b.tokens.claims()!.sub);

      await assert.rejects(oidc.fetchUserInfo(taxi.config, a.tokens.access_token, a.tokens.claims()!.sub), 'the access token is dead');
      await assert.rejects(oidc.refreshTokenGrant(taxi.config, a.tokens.refresh_token!), (e: any) => e.cause?.error === 'invalid_grant', 'the refresh token is dead');
      const audits = await ctx.database.db.selectFrom('audit_records').selectAll().where('action', '=', 'oidc.revoke-account').execute();
      assert.equal(audits.length, 1);
      assert.deepEqual((audits[0]!.details as any).clientIds, [site.clientId, taxi.clientId].sort());
      const left = await ctx.database.db.selectFrom('oidc_payloads').select('id').where('account_id', '=', li.accountId).execute();
      assert.equal(left.length, 0, 'nothing of the account is left in the provider');
    } finally {
      await bc1.close();
      await bc2.close();
    }
  });
});
