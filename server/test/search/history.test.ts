// Search over HTTP on the composed platform and the seeded catalogue: public search, and the search history that
// exists only under the search-history consent (PP-1.9), encrypted, deletable, with an anonymous hot list.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, testAuthenticator } from '../support/auth.ts';
import { purgeSearchHistory, SearchService } from '../../src/modules/search/index.ts';
import { createPrivacyModule } from '../../src/modules/privacy/index.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { FIXTURE_CATEGORIES, FIXTURE_ITEMS } from './fixtures.ts';

const KEYWORD = '公积金提取';

describeEachDatabase('search over HTTP', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
  });
  after(async () => {
    await p?.close();
  });

  const search = (q: string, headers: Record<string, string> = {}) =>
    p.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}`, headers });
  const historyRows = async () => Number((await sql<{ n: string }>`select count(*) as n from search_history`.execute(ctx.database.db)).rows[0]!.n);
  const consent = (account: string) =>
    p.app.inject({ method: 'PUT', url: '/api/v1/search/history/recording', headers: asCitizen(account), payload: { enabled: true } });

  it('PP-1.1 a guest searches without signing in: gjj finds 公积金 items, grouped by category', async () => {
    const res = await search('gjj');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.ok(body.items.length > 0);
    assert.ok(body.items.slice(0, 5).every((i: { name: string }) => i.name.includes('公积金')), JSON.stringify(body.items.slice(0, 5)));
    assert.ok(body.groups.length >= 1 && body.groups[0].category.nameZh);
    assert.equal(body.recorded, false);
    const sug = await p.app.inject({ method: 'GET', url: '/api/v1/search/suggest?q=gongji' });
    assert.ok(sug.json().suggestions.some((s: { text: string }) => s.text.includes('公积金')));
  });

  it("the district the app sends ranks that district's own copy first: the same query, two districts", async () => {
    const first = async (district: string) => (await p.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('居住证')}&district=${district}` })).json().items[0];
    assert.equal((await first('320682')).districtCode, '320682');
    assert.equal((await first('320614')).districtCode, '320614');
    const suggest = async (district: string) => (await p.app.inject({ method: 'GET', url: `/api/v1/search/suggest?q=juzhuzheng&district=${district}` })).json().suggestions[0].code as string;
    assert.ok((await suggest('320682')).startsWith('320682-'));
    assert.ok((await suggest('320614')).startsWith('320614-'));
  });

  it('an empty result offers alternatives, hot searches and the 12345 channel', async () => {
    const body = (await search('量子纠缠望远镜')).json();
    assert.equal(body.items.length, 0);
    assert.equal(body.hotline.tel, '12345');
    assert.ok(Array.isArray(body.alternatives) && Array.isArray(body.hot));
  });

  it('PP-1.9 without the search-history consent a signed-in citizen searches normally and nothing is stored', async () => {
    const before = await historyRows();
    const res = await search(KEYWORD, asCitizen('acct-no-consent'));
    assert.equal(res.statusCode, 200);
    assert.ok(res.json().items.length > 0);
    assert.equal(res.json().recorded, false);
    const code = res.json().items[0].code;
    const click = await p.app.inject({ method: 'POST', url: '/api/v1/search/clicks', headers: asCitizen('acct-no-consent'), payload: { code } });
    assert.equal(click.json().recorded, false);
    assert.equal(await historyRows(), before);
    const h = await p.app.inject({ method: 'GET', url: '/api/v1/search/history', headers: asCitizen('acct-no-consent') });
    assert.deepEqual(h.json(), { recording: false, entries: [] });
  });

  it('PP-1.9 with consent keywords and clicked results are kept, encrypted: the keyword is in no column in plain text', async () => {
    assert.equal((await consent('acct-a')).statusCode, 200);
    const res = await search(KEYWORD, asCitizen('acct-a'));
    assert.equal(res.json().recorded, true);
    const code = res.json().items[0].code;
    const click = await p.app.inject({ method: 'POST', url: '/api/v1/search/clicks', headers: asCitizen('acct-a'), payload: { code } });
    assert.equal(click.json().recorded, true);
    const h = (await p.app.inject({ method: 'GET', url: '/api/v1/search/history', headers: asCitizen('acct-a') })).json();
    assert.equal(h.recording, true);
    assert.deepEqual(h.entries.map((e: { kind: string }) => e.kind).sort(), ['click', 'query']);
    assert.ok(h.entries.some((e: { kind: string; text: string }) => e.kind === 'query' && e.text === KEYWORD));
    assert.ok(h.entries.some((e: { kind: string; code: string }) => e.kind === 'click' && e.code === code));
    // Every column of every table: neither the keyword nor the clicked code appears in plain text.
    // (the hot aggregate is flushed on read; this makes sure it exists before looking at the tables)
    await p.app.inject({ method: 'GET', url: '/api/v1/search/hot' });
    const { rows: cols } = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select c.table_name, c.column_name, c.data_type from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`.execute(ctx.database.db);
    const byTable = new Map<string, string[]>();
    for (const c of cols) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
    for (const c of cols) {
      // the anonymous aggregate (no account link) is checked below; the catalogue itself names the clicked item
      if (c.table_name === 'search_hot_counts' || c.table_name.startsWith('catalogue')) continue;
      const col = sql.ref(c.column_name);
      const found = c.data_type === 'bytea'
        ? sql<{ n: string }>`select count(*) as n from ${sql.table(c.table_name)} where position(convert_to(${KEYWORD}, 'UTF8') in ${col}) > 0 or position(convert_to(${code}, 'UTF8') in ${col}) > 0`
        : sql<{ n: string }>`select count(*) as n from ${sql.table(c.table_name)} where ${col}::text like ${'%' + KEYWORD + '%'} or ${col}::text like ${'%' + code + '%'}`;
      const n = Number((await found.execute(ctx.database.db)).rows[0]!.n);
      assert.equal(n, 0, `${c.table_name}.${c.column_name} holds the keyword or the clicked code in plain text`);
    }
    // The hot aggregate holds the normalised query but no account column.
    assert.ok(!byTable.get('search_hot_counts')!.some((c) => /account|subject|user/.test(c)));
  });

  it('PP-1.9 history entries can be deleted one by one and all at once, each deletion audited', async () => {
    await search('社保查询', asCitizen('acct-a'));
    const list = async () => (await p.app.inject({ method: 'GET', url: '/api/v1/search/history', headers: asCitizen('acct-a') })).json().entries;
    const entries = await list();
    assert.ok(entries.length >= 3);
    const one = await p.app.inject({ method: 'DELETE', url: `/api/v1/search/history/${entries[0].id}`, headers: asCitizen('acct-a') });
    assert.equal(one.statusCode, 200);
    assert.equal((await list()).length, entries.length - 1);
    // Someone else's entry answers like a missing one.
    const other = await p.app.inject({ method: 'DELETE', url: `/api/v1/search/history/${entries[1].id}`, headers: asCitizen('acct-b') });
    assert.equal(other.statusCode, 404);
    const all = await p.app.inject({ method: 'DELETE', url: '/api/v1/search/history', headers: asCitizen('acct-a') });
    assert.equal(all.json().deleted, entries.length - 1);
    assert.deepEqual(await list(), []);
    const { rows } = await sql<{ action: string }>`select action from audit_records where action like 'search.%'`.execute(ctx.database.db);
    assert.ok(rows.filter((r) => r.action === 'search.delete-history').length >= 2);
    assert.ok(rows.some((r) => r.action === 'search.record-history'));
  });

  it('PP-1.9 the stop-recording switch withdraws the purpose: the history is deleted and nothing more is kept', async () => {
    await search('婚姻登记', asCitizen('acct-a'));
    assert.ok((await historyRows()) > 0);
    const off = await p.app.inject({ method: 'PUT', url: '/api/v1/search/history/recording', headers: asCitizen('acct-a'), payload: { enabled: false } });
    assert.equal(off.json().recording, false);
    assert.equal(off.json().deleted, 1);
    await search('护照', asCitizen('acct-a'));
    assert.equal(await historyRows(), 0);
    const consents = (await p.app.inject({ method: 'GET', url: '/api/v1/privacy/consents', headers: asCitizen('acct-a') })).json();
    const state = JSON.stringify(consents);
    assert.ok(state.includes('search-history'));
  });

  it('PP-1.9 consent withdrawn in the privacy settings: the next search deletes what was kept and keeps nothing', async () => {
    assert.equal((await consent('acct-c')).statusCode, 200);
    await search('居住证', asCitizen('acct-c'));
    const rows = async () => Number((await sql<{ n: string }>`select count(*) as n from search_history where account_id = 'acct-c'`.execute(ctx.database.db)).rows[0]!.n);
    assert.equal(await rows(), 1);
    const off = await p.app.inject({ method: 'DELETE', url: '/api/v1/privacy/consents/search-history', headers: asCitizen('acct-c') });
    assert.equal(off.statusCode, 200);
    const res = await search('护照', asCitizen('acct-c'));
    assert.equal(res.json().recorded, false);
    assert.equal(await rows(), 0);
  });

  it('PP-4.4 PP-1.9 a consent withdrawn between the check and the write keeps nothing: the write tests the consent again', async () => {
    const who = 'acct-withdraws-mid-search';
    assert.equal((await consent(who)).statusCode, 200);
    const privacy = createPrivacyModule({ database: ctx.database, clock: p.clock });
    const service = new SearchService({
      database: ctx.database, clock: p.clock, logger: createLogger({ level: 'silent' }),
      cipher: p.kernel.cipher, blindIndex: p.kernel.blindIndex, audit: p.kernel.audit,
      privacy: {
        consents: privacy.consents,
        guard: {
          ...privacy.guard,
          // the citizen withdraws in 隐私设置 right after the search asked whether the history may be kept
          require: async (...args: Parameters<typeof privacy.guard.require>) => {
            const granted = await privacy.guard.require(...args);
            p.clock.advance(1000);
            await privacy.consents.withdraw({ kind: 'account', ref: who }, 'search-history');
            return granted;
          },
        },
      },
      catalogue: { listPublished: () => FIXTURE_ITEMS, categories: FIXTURE_CATEGORIES },
    });
    await service.rebuild();
    const principal = { kind: 'citizen' as const, accountId: who, sessionId: 's' };
    const outcome = await service.search(principal, FIXTURE_ITEMS[0]!.name);
    assert.equal(outcome.recorded, false);
    const kept = await sql<{ n: string }>`select count(*) as n from search_history where account_id = ${who}`.execute(ctx.database.db);
    assert.equal(Number(kept.rows[0]!.n), 0, 'nothing kept');
    const audits = await ctx.database.db.selectFrom('audit_records').select('action').where('action', '=', 'search.record-history')
      .where('subject_pseudonym', '=', p.kernel.audit.subjectPseudonym(who)).execute();
    assert.deepEqual(audits, [], 'no audit record of a write that did not happen');
  });

  it('PP-1.9 the daily purge deletes entries past 180 days, and everything of accounts without the consent', async () => {
    for (const a of ['acct-old', 'acct-new', 'acct-gone']) assert.equal((await consent(a)).statusCode, 200);
    await search('公积金', asCitizen('acct-old'));
    await search('社保', asCitizen('acct-gone'));
    p.clock.advance(181 * 86_400_000);
    await search('护照', asCitizen('acct-new')); // a fresh entry that stays
    const count = async (a: string) => Number((await sql<{ n: string }>`select count(*) as n from search_history where account_id = ${a}`.execute(ctx.database.db)).rows[0]!.n);
    assert.equal(await count('acct-old'), 1);
    const r = await purgeSearchHistory({ db: ctx.database.db, clock: p.clock, audit: p.kernel.audit, consented: async (a) => a !== 'acct-gone' });
    assert.equal(await count('acct-old'), 0, 'past 180 days');
    assert.equal(await count('acct-gone'), 0, 'no consent');
    assert.equal(await count('acct-new'), 1, 'recent, consented');
    assert.ok(r.expired >= 1 && r.withdrawn >= 1);
    const { rows } = await sql<{ n: string }>`select count(*) as n from audit_records where action = 'search.purge-history'`.execute(ctx.database.db);
    assert.ok(Number(rows[0]!.n) >= 2);
  });

  it('PP-1.9 PP-1.19 hot searches are an anonymous aggregate shown only from 5 searches on', async () => {
    for (let i = 0; i < 4; i++) await search('电子社保卡');
    let hot = (await p.app.inject({ method: 'GET', url: '/api/v1/search/hot' })).json();
    assert.ok(!hot.searches.includes('电子社保卡'), 'four searches must not show');
    assert.ok(hot.popular.length > 0);
    await search('电子社保卡');
    p.clock.advance(61_000); // past the one-minute cache
    hot = (await p.app.inject({ method: 'GET', url: '/api/v1/search/hot' })).json();
    assert.ok(hot.searches.includes('电子社保卡'), JSON.stringify(hot));
  });
});
