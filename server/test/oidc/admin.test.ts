import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import * as oidc from 'openid-client';
import * as jose from 'jose';
import { describeEachDatabase } from '../support/db.ts';
import { asCitizen, asStaff } from '../support/auth.ts';
import { backchannelReceiver, Browser, fakeAccounts, login, registerRp, startProvider, type RunningProvider } from './support.ts';

const wang = {
  accountId: randomUUID(),
  login: 'wang',
  password: 'wang-pass',
  claims: { mobile: '13700137000', realName: '王五', idNumber: '320602198803033333', idType: '居民身份证', realNameStatus: 'L3' },
};

describeEachDatabase('oidc provider: clients, authorised applications, keys, step-up', (ctx) => {
  let p: RunningProvider;
  const accounts = fakeAccounts([wang]);
  const staff = asStaff('admin-1', ['oidc.clients']);
  before(async () => {
    p = await startProvider(ctx.database, accounts);
  });
  after(() => p.close());
  const api = (method: string, url: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${p.base}${url}`, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });

  it('PP-2.3 administrators register a client with sharing categories; the secret is shown once and stored only wrapped', async () => {
    const res = await api('POST', '/api/v1/oidc/clients', staff, {
      name: '一键召车', organisation: '出租汽车服务提供方', categories: ['transport'], redirectUris: ['http://localhost:3999/callback'], postLogoutRedirectUris: [], contact: 'ops@taxi.example',
    });
    assert.equal(res.status, 201);
    const body = (await res.json()) as any;
    assert.ok(body.clientSecret.length >= 40);
    assert.deepEqual(body.client.categories[0].fieldsZh.includes('身份证号'), true);
    const row = await ctx.database.db.selectFrom('oidc_clients').selectAll().where('client_id', '=', body.client.clientId).executeTakeFirstOrThrow();
    assert.ok(!Buffer.from(row.secret_wrapped).toString('latin1').includes(body.clientSecret), 'never in clear');
    const list = (await (await api('GET', '/api/v1/oidc/clients', staff)).json()) as any;
    assert.ok(!JSON.stringify(list).includes(body.clientSecret), 'the list never shows a secret');
    const audits = await ctx.database.db.selectFrom('audit_records').select('action').where('action', '=', 'oidc.register-client').execute();
    assert.ok(audits.length >= 1);
  });

  it('refuses a client with an undeclared category, a non-https address or no permission', async () => {
    const bad = await api('POST', '/api/v1/oidc/clients', staff, { name: 'x', organisation: 'y', categories: ['everything'], redirectUris: ['http://evil.example/cb'], contact: 'c' });
    assert.equal(bad.status, 422);
    assert.match(((await bad.json()) as any).title, /共享类别/);
    const forbidden = await api('POST', '/api/v1/oidc/clients', asStaff('x', ['hotline.intake']), { name: 'x', organisation: 'y', categories: [], redirectUris: ['https://a.example/cb'], contact: 'c' });
    assert.equal(forbidden.status, 403);
  });

  it('a rotated secret replaces the old one; a disabled client cannot sign anyone in', async () => {
    const rp = await registerRp(p, { categories: [] });
    await login(p, rp, { scope: 'openid', login: 'wang', password: 'wang-pass' });
    const rotated = (await (await api('POST', `/api/v1/oidc/clients/${rp.clientId}/rotate-secret`, staff)).json()) as any;
    assert.notEqual(rotated.clientSecret, rp.clientSecret);
    await assert.rejects(login(p, rp, { scope: 'openid', login: 'wang', password: 'wang-pass' }), 'the old secret no longer authenticates at the token endpoint');
    const fresh = { ...rp, config: new oidc.Configuration(rp.config.serverMetadata(), rp.clientId, rotated.clientSecret) };
    oidc.allowInsecureRequests(fresh.config);
    await login(p, fresh, { scope: 'openid', login: 'wang', password: 'wang-pass' });
    assert.equal((await api('POST', `/api/v1/oidc/clients/${rp.clientId}/disable`, staff)).status, 200);
    await assert.rejects(login(p, fresh, { scope: 'openid', login: 'wang', password: 'wang-pass' }));
  });

  it('PP-4.4 我的 → 已授权应用 lists each application with the fields it receives; withdrawing one revokes its tokens and signs it out by back-channel', async () => {
    const bc = await backchannelReceiver();
    try {
      const taxi = await registerRp(p, { categories: ['transport'], backchannelLogoutUri: bc.url, name: '一键召车' });
      const other = await registerRp(p, { categories: [], name: '市政府网站' });
      const browser = new Browser();
      const a = await login(p, taxi, { scope: 'openid offline_access nt:transport', browser, login: 'wang', password: 'wang-pass' });
      const b = await login(p, other, { scope: 'openid', browser, login: 'wang', password: 'wang-pass' });
      const list = (await (await api('GET', '/api/v1/oidc/authorizations', asCitizen(wang.accountId))).json()) as any;
      const entry = list.items.find((i: any) => i.clientId === taxi.clientId);
      assert.equal(entry.name, '一键召车');
      assert.deepEqual(entry.categoriesZh, ['交通出行类']);
      assert.ok(entry.fieldsZh.includes('手机号码') && !entry.fieldsZh.includes('身份证号'));
      assert.deepEqual([...entry.declinedZh].sort(), ['精确位置信息', '身份证号'].sort(), 'sensitive fields not ticked (LAW-1)');
      assert.equal((await api('DELETE', `/api/v1/oidc/authorizations/${taxi.clientId}`, asCitizen(randomUUID()))).status, 404, 'only my own');
      const res = await api('DELETE', `/api/v1/oidc/authorizations/${taxi.clientId}`, asCitizen(wang.accountId));
      assert.equal(res.status, 200);
      assert.deepEqual(((await res.json()) as any).clients, [{ clientId: taxi.clientId, backchannel: 'delivered' }]);
      const { payload } = await jose.jwtVerify(bc.received[0]!, jose.createRemoteJWKSet(new URL(`${p.issuer}/jwks`)), { issuer: p.issuer, audience: taxi.clientId });
      assert.equal(payload.sub, a.tokens.claims()!.sub);
      await assert.rejects(oidc.fetchUserInfo(taxi.config, a.tokens.access_token, a.tokens.claims()!.sub));
      await oidc.fetchUserInfo(other.config, b.tokens.access_token, b.tokens.claims()!.sub); // the other application keeps working
      const audit = await ctx.database.db.selectFrom('audit_records').selectAll().where('action', '=', 'oidc.revoke-client').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor_kind, 'citizen');
    } finally {
      await bc.close();
    }
  });

  it('signing keys rotate: the new key signs, the retired key stays published for verification, and keys are stored wrapped', async () => {
    const rp = await registerRp(p, { categories: [] });
    const before = await login(p, rp, { scope: 'openid', login: 'wang', password: 'wang-pass' });
    const oldKid = jose.decodeProtectedHeader(before.tokens.id_token!).kid;
    const { kid } = await p.oidcModule.rotateKeys();
    const jwks = (await (await fetch(`${p.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [kid, oldKid].sort());
    const after = await login(p, rp, { scope: 'openid', login: 'wang', password: 'wang-pass' });
    assert.equal(jose.decodeProtectedHeader(after.tokens.id_token!).kid, kid);
    await jose.jwtVerify(before.tokens.id_token!, jose.createRemoteJWKSet(new URL(`${p.issuer}/jwks`)), { issuer: p.issuer });
    const rows = await ctx.database.db.selectFrom('oidc_signing_keys').selectAll().execute();
    assert.ok(rows.every((r) => !Buffer.from(r.private_wrapped).toString('latin1').includes('"d"')), 'private keys only wrapped');
  });

  it('single sign-on from the citizen app keeps the session’s own amr and acr; max_age=0 refuses it and asks for the password', async () => {
    accounts.session = { accountId: wang.accountId, amr: ['pwd', 'sms'] };
    try {
      const rp = await registerRp(p, { categories: [] });
      const r = await login(p, rp, { scope: 'openid', useSession: true });
      assert.ok(r.pages[0]!.includes('以当前帐号继续'));
      assert.deepEqual(r.tokens.claims()!.amr, ['pwd', 'sms']);
      assert.equal(r.tokens.claims()!.acr, 'urn:nt:loa:2');
      const fresh = await login(p, rp, { scope: 'openid', useSession: true, login: 'wang', password: 'wang-pass', extra: { max_age: '0' } });
      assert.ok(!fresh.pages[0]!.includes('以当前帐号继续'), 'no shortcut when a fresh sign-in is demanded');
      assert.deepEqual(fresh.tokens.claims()!.amr, ['pwd']);
    } finally {
      accounts.session = null;
    }
  });

  it('expired provider artefacts are purged by the hourly job', async () => {
    await ctx.database.db
      .insertInto('oidc_payloads')
      .values({ model: 'AccessToken', id: 'old-token', payload: JSON.stringify({}) as any, account_id: wang.accountId, client_id: null, grant_id: null, uid: null, user_code: null, expires_at: new Date(Date.now() - 60_000), consumed_at: null })
      .execute();
    await p.oidcModule.jobs.find((j) => j.name === 'oidc.purge-expired')!.handler({}, { jobId: 'j', retryCount: 0 });
    const left = await ctx.database.db.selectFrom('oidc_payloads').select('id').where('id', '=', 'old-token').execute();
    assert.equal(left.length, 0);
  });

  it('acr_values urn:nt:loa:2 adds the SMS step; acr and amr say what happened', async () => {
    accounts.sendStepUpCode = async (id: string) => void accounts.sent.push(id);
    accounts.verifyStepUpCode = async (_id: string, code: string) => code === '246810';
    try {
      const rp = await registerRp(p, { categories: [] });
      const r = await login(p, rp, { scope: 'openid', login: 'wang', password: 'wang-pass', code: '246810', extra: { acr_values: 'urn:nt:loa:2' } });
      assert.ok(r.pages.some((h) => h.includes('短信验证')));
      assert.deepEqual(accounts.sent, [wang.accountId]);
      assert.equal(r.tokens.claims()!.acr, 'urn:nt:loa:2');
      assert.deepEqual(r.tokens.claims()!.amr, ['pwd', 'sms', 'mfa']);
    } finally {
      delete accounts.sendStepUpCode;
      delete accounts.verifyStepUpCode;
    }
  });
});

describeEachDatabase('oidc provider: back-channel delivery that fails', (ctx) => {
  it('PP-4.5 an unreachable client is reported, and the retry job delivers the logout token once it is back', async () => {
    const person = { ...wang, accountId: randomUUID() };
    const p = await startProvider(ctx.database, fakeAccounts([person]));
    const bc = await backchannelReceiver();
    try {
      const rp = await registerRp(p, { categories: [], backchannelLogoutUri: bc.url });
      await login(p, rp, { scope: 'openid', login: 'wang', password: 'wang-pass' });
      await bc.close(); // the client is down
      const result = await p.oidcModule.revokeAccount(person.accountId);
      assert.deepEqual(result.clients, [{ clientId: rp.clientId, backchannel: 'failed' }]);
      const again = await backchannelReceiver();
      await ctx.database.db.updateTable('oidc_clients').set({ backchannel_logout_uri: again.url }).where('client_id', '=', rp.clientId).execute();
      const job = p.oidcModule.jobs.find((j) => j.name === 'oidc.backchannel-logout')!;
      await job.handler({ accountId: person.accountId, clientId: rp.clientId }, { jobId: 'j1', retryCount: 1 });
      assert.equal(again.received.length, 1);
      await again.close();
    } finally {
      await p.close();
    }
  });
});
