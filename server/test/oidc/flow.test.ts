import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import * as oidc from 'openid-client';
import { describeEachDatabase } from '../support/db.ts';
import { fakeAccounts, login, registerRp, startProvider, type RunningProvider } from './support.ts';

const zhang = {
  accountId: randomUUID(),
  login: 'zhang',
  password: 'secret-pass',
  claims: { mobile: '13800138000', realName: '张三', idNumber: '320602199001011234', idType: '居民身份证', realNameStatus: 'L2' },
};

describeEachDatabase('oidc provider: code + PKCE', (ctx) => {
  let p: RunningProvider;
  before(async () => {
    p = await startProvider(ctx.database, fakeAccounts([zhang]));
  });
  after(() => p.close());

  it('PP-2.3 a transport client signs a citizen in with code + PKCE and receives exactly the transport fields', async () => {
    const rp = await registerRp(p, { categories: ['transport'] });
    const { tokens, pages } = await login(p, rp, { scope: 'openid nt:transport', tick: ['id_number'] });
    assert.ok(pages.some((h) => h.includes('身份证号') && h.includes('敏感')), 'the consent screen names the sensitive field');
    const claims = tokens.claims()!;
    assert.equal(claims.acr, 'urn:nt:loa:1');
    assert.deepEqual(claims.amr, ['pwd']);
    const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    assert.deepEqual(
      { ...info, sub: undefined },
      { sub: undefined, phone_number: '13800138000', name: '张三', id_number: '320602199001011234', id_type: '居民身份证', real_name_status: 'L2' },
    );
  });
});
