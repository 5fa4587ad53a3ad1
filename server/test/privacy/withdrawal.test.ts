// PP-4.4: withdrawal stops processing at once. Withdrawing 搜索历史与收藏办事记录 in 隐私设置 (the consents API, not the
// search page's own switch) removes the search history and the favourites it justified in the same request.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, testAuthenticator } from '../support/auth.ts';

describeEachDatabase('consent withdrawal follow-ups', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
  });
  after(async () => p?.close());

  const count = async (table: string, account: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where account_id = ${account}`.execute(ctx.database.db)).rows[0]!.n);

  it('PP-4.4 withdrawing search-history in 隐私设置 deletes the search history and favourites at once', async () => {
    const account = randomUUID();
    const headers = asCitizen(account);
    const grant = await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers, payload: { purposeId: 'search-history' } });
    assert.equal(grant.statusCode, 201, grant.body);
    assert.equal((await p.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('公积金')}`, headers })).statusCode, 200);
    const item = (await p.app.inject({ method: 'GET', url: '/api/v1/catalogue/popular' })).json().items[0];
    const fav = await p.app.inject({ method: 'PUT', url: `/api/v1/catalogue/favourites/${item.code}`, headers });
    assert.ok(fav.statusCode < 300, fav.body);
    assert.ok((await count('search_history', account)) > 0, 'history kept under consent');
    assert.equal(await count('catalogue_favourites', account), 1);

    const withdraw = await p.app.inject({ method: 'DELETE', url: '/api/v1/privacy/consents/search-history', headers });
    assert.equal(withdraw.statusCode, 200, withdraw.body);
    assert.equal(await count('search_history', account), 0);
    assert.equal(await count('catalogue_favourites', account), 0);
  });
});
