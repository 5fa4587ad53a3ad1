// Popularity fed back into ranking from anonymous aggregates only (PP-1.9, PP-1.11): the k-suppressed usage
// statistics and 热门搜索 counts, read on refresh (a timer), never per query. The user's district decides between
// otherwise equal copies of an item.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FixedClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { SearchService, HOT_MIN_COUNT, type SearchableItem } from '../../src/modules/search/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { FIXTURE_CATEGORIES } from './fixtures.ts';

const copy = (code: string, districtCode: string, popularity = 100): SearchableItem => ({
  code, name: '居住证申领', shortName: '居住证', category: 'police', aliases: [], keywords: [], districtCode, popularity,
});
const ITEMS: SearchableItem[] = [
  copy('A-1', '320612'),
  copy('B-1', '320613'),
  copy('C-1', '320682'),
  { code: 'D-1', name: '居民身份证补领', shortName: '身份证补领', category: 'police', aliases: ['补办身份证'], keywords: [], districtCode: '320600', popularity: 100 },
  { code: 'E-1', name: '居民身份证挂失申报', shortName: '身份证挂失', category: 'police', aliases: [], keywords: [], districtCode: '320600', popularity: 100 },
];

describeEachDatabase('search popularity and district', (ctx) => {
  const clock = new FixedClock();
  let usageCalls = 0;
  let usage: { itemCode: string; uses: number }[] = [];
  const service = () =>
    new SearchService({
      database: ctx.database,
      clock,
      logger: createLogger({ level: 'silent' }),
      // history is not exercised here: no cipher, audit or consent is reached
      cipher: undefined as never,
      blindIndex: undefined as never,
      audit: undefined as never,
      privacy: undefined as never,
      catalogue: {
        listPublished: () => ITEMS,
        categories: FIXTURE_CATEGORIES,
        usage: async () => {
          usageCalls++;
          return usage;
        },
      },
    });
  const top = (s: SearchService, q: string, district?: string) => s.index.search(q, { district, limit: 3 }).hits.map((h) => h.item.code);

  it("the same query ranks the user's own district's copy first, for each district", async () => {
    const s = service();
    await s.rebuild();
    assert.equal(top(s, '居住证')[0], 'A-1'); // no district: equal copies, by code
    assert.equal(top(s, '居住证', '320613')[0], 'B-1');
    assert.equal(top(s, '居住证', '320682')[0], 'C-1');
    assert.equal(s.suggest('juzhu', 3, '320682')[0]?.code, 'C-1');
    assert.equal(s.suggest('juzhu', 3, '320613')[0]?.code, 'B-1');
  });

  it('PP-1.11 k-suppressed usage statistics raise an item among equal matches, refreshed on a timer, not per query', async () => {
    const s = service();
    await s.rebuild();
    usage = [{ itemCode: 'B-1', uses: 400 }, { itemCode: 'unknown', uses: 9 }];
    usageCalls = 0;
    const observed = await s.refreshPopularity();
    assert.deepEqual([...observed], [['B-1', 400]]);
    assert.equal(top(s, '居住证')[0], 'B-1');
    assert.equal(s.index.popularityOf('B-1'), 500);
    // the user's district still comes first: popularity decides only between otherwise equal items
    assert.equal(top(s, '居住证', '320682')[0], 'C-1');
    for (let i = 0; i < 20; i++) await s.search(null, '居住证');
    assert.equal(usageCalls, 1, 'searching reads no aggregate');
    assert.equal(s.popular(1)[0]?.code, 'B-1');
    // a rebuild (catalogue edit) keeps the observed popularity
    await s.rebuild();
    assert.equal(top(s, '居住证')[0], 'B-1');
    usage = [];
  });

  it('PP-1.9 热门搜索 counts credit the item their query finds, only from the k-anonymity threshold on', async () => {
    const s = service();
    await s.rebuild();
    const day = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    await ctx.database.db
      .insertInto('search_hot_counts')
      .values([
        { query: '身份证挂失', day, count: HOT_MIN_COUNT + 20 },
        { query: '身份证补领', day, count: HOT_MIN_COUNT - 1 },
      ])
      .execute();
    assert.equal(top(s, '身份证')[0], 'D-1'); // before: equal popularity, by code
    const observed = await s.refreshPopularity();
    assert.equal(observed.get('E-1'), HOT_MIN_COUNT + 20);
    assert.equal(observed.has('D-1'), false, 'a query searched fewer than k times credits nothing');
    assert.equal(top(s, '身份证')[0], 'E-1');
  });
});
