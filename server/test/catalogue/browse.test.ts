// PP-1.1: the service catalogue is browsed without an account and without any consent; the seed is a realistic
// catalogue (≥ 400 items, every category, all seven county-level divisions, the policy's named examples).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CATEGORIES, DISTRICTS } from '../../src/modules/catalogue/index.ts';
import { seedItems } from '../../src/modules/catalogue/data/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { testAuthenticator } from '../support/auth.ts';

const POLICY_EXAMPLES = ['社保查询', '公积金查询', '电子社保卡', '苏康码', '三超证申请', '燃气费', '水费', '电费', '一键召车', '婚姻登记', '重名查询', '尊老金', '学历信息查询', '给市长写信', '景区门票', '不动产查询'];

it('PP-1.1 the seed has at least 400 items, every category, all seven county-level divisions and the policy\u2019s examples', () => {
  const items = seedItems();
  assert.ok(items.length >= 400, `only ${items.length} items`);
  for (const c of CATEGORIES) assert.ok(items.some((i) => i.category === c.id), `no item in ${c.nameZh}`);
  assert.equal(DISTRICTS.length, 7);
  for (const d of DISTRICTS) assert.ok(items.filter((i) => i.districtCode === d.code).length >= 30, `too few items in ${d.name}`);
  for (const name of POLICY_EXAMPLES) {
    assert.ok(items.some((i) => i.name === name || i.shortName === name || i.aliases.includes(name)), `missing policy example ${name}`);
  }
});

it('PP-2.3 every partner-handled item names a sharing category and every 承诺件 a promised term', () => {
  for (const i of seedItems()) {
    assert.equal(i.handlingKind === 'promised', i.promisedDays != null, i.code);
    if (i.partner) assert.ok(i.partner.sharingCategory && i.partner.url, i.code);
  }
});

describeEachDatabase('catalogue browsing', (ctx) => {
  let platform: TestPlatform;
  before(async () => {
    platform = await testPlatform(ctx.database, { authenticator: testAuthenticator });
  });
  after(async () => platform?.close());
  const get = (url: string) => platform.app.inject({ method: 'GET', url });

  it('PP-1.1 categories with counts are served to a guest with no consent at all', async () => {
    const res = await get('/api/v1/catalogue/categories');
    assert.equal(res.statusCode, 200);
    const { categories } = res.json();
    assert.equal(categories.length, CATEGORIES.length);
    assert.ok(categories.every((c: { count: number }) => c.count > 0));
    assert.equal(categories.reduce((s: number, c: { count: number }) => s + c.count, 0), seedItems().length);
  });

  it('PP-1.1 a guest lists a category of one district, paged', async () => {
    const res = await get('/api/v1/catalogue/items?category=police&district=320682&pageSize=5');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.ok(body.total > 5);
    assert.equal(body.items.length, 5);
    assert.ok(body.items.every((i: { districtCode: string; category: string }) => i.districtCode === '320682' && i.category === 'police'));
  });

  it('PP-1.15 an item\u2019s detail carries its halls with phone numbers for tap-to-call', async () => {
    const res = await get('/api/v1/catalogue/items/320682-XK-0021');
    assert.equal(res.statusCode, 200);
    const { item } = res.json();
    assert.equal(item.name, '居民身份证挂失及补领');
    assert.equal(item.departmentName, '如皋市公安局');
    assert.ok(item.materials.length > 0 && item.steps.length > 0);
    assert.equal(item.halls[0].name, '如皋市政务服务中心');
    assert.match(item.halls[0].phone, /^[0-9-]+$/);
  });

  it('PP-2.3 a partner-handled item says which fields the partner receives', async () => {
    const { item } = (await get('/api/v1/catalogue/items/320600-GG-0020')).json();
    assert.equal(item.shortName, '公积金查询');
    assert.equal(item.partnerInfo.sharingCategory, 'government-affairs');
    assert.ok(item.partnerInfo.fieldsZh.length > 0);
  });

  it('PP-1.1 区县专区: seven districts, each with its items and its halls', async () => {
    const { districts } = (await get('/api/v1/catalogue/districts')).json();
    assert.deepEqual(districts.map((d: { code: string }) => d.code).sort(), DISTRICTS.map((d) => d.code).sort());
    for (const d of districts) assert.ok(d.itemCount > 0 && d.halls.length > 0, d.name);
    const one = (await get('/api/v1/catalogue/districts/320623')).json();
    assert.equal(one.name, '如东县');
    assert.ok(one.items.some((i: { name: string }) => i.name === '尊老金申请'));
  });

  it('PP-1.1 热门服务 and halls are public', async () => {
    const popular = (await get('/api/v1/catalogue/popular?limit=8')).json();
    assert.equal(popular.items.length, 8);
    const halls = (await get('/api/v1/catalogue/halls?district=320681')).json();
    assert.deepEqual(halls.halls.map((h: { name: string }) => h.name), ['启东市政务服务中心']);
  });

  it('an unknown item code is a named 404 and a malformed one a 400', async () => {
    assert.equal((await get('/api/v1/catalogue/items/320600-XK-9999')).statusCode, 404);
    assert.equal((await get('/api/v1/catalogue/items/nope')).statusCode, 400);
  });
});
