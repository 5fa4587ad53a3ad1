// Staff editing: validation, draft → publish (citizens see only the published version), every change audited.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, asStaff, testAuthenticator } from '../support/auth.ts';

const CODE = '320685-QR-0030'; // 海安市 内地居民结婚登记
const editor = asStaff('staff-editor', ['catalogue.edit']);
const publisher = asStaff('staff-publisher', ['catalogue.edit', 'catalogue.publish']);

describeEachDatabase('catalogue editing', (ctx) => {
  let platform: TestPlatform;
  before(async () => {
    platform = await testPlatform(ctx.database, { authenticator: testAuthenticator });
  });
  after(async () => platform?.close());
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    platform.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const audits = (action: string) =>
    ctx.database.db.selectFrom('audit_records').select(['actor_kind', 'actor_ref', 'details']).where('action', '=', action).execute();

  it('PP-3.4 the console routes need the catalogue permissions', async () => {
    assert.equal((await call('GET', '/api/v1/catalogue/admin/items')).statusCode, 401);
    assert.equal((await call('GET', '/api/v1/catalogue/admin/items', asCitizen('acc-x'))).statusCode, 403);
    assert.equal((await call('GET', '/api/v1/catalogue/admin/items', asStaff('s', ['hotline.intake']))).statusCode, 403);
    const list = await call('GET', '/api/v1/catalogue/admin/items?district=320685&q=结婚', editor);
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().items.some((i: { code: string }) => i.code === CODE));
  });

  it('an invalid draft is refused with the fields to fix (400), never saved', async () => {
    const { item } = (await call('GET', `/api/v1/catalogue/admin/items/${CODE}`, editor)).json();
    const bad = await call('PUT', `/api/v1/catalogue/admin/items/${CODE}/draft`, editor, {
      baseRevision: item.draftRevision,
      content: { ...item.draft, handlingKind: 'promised', promisedDays: null, category: 'no-such', hallIds: ['nowhere'] },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal((await call('GET', `/api/v1/catalogue/admin/items/${CODE}`, editor)).json().item.draftRevision, item.draftRevision);
    const wrongDistrict = await call('PUT', `/api/v1/catalogue/admin/items/${CODE}/draft`, editor, { baseRevision: item.draftRevision, content: { ...item.draft, districtCode: '320682' } });
    assert.equal(wrongDistrict.statusCode, 400);
  });

  it('a draft is invisible to citizens until published; publishing needs catalogue.publish; each step is audited', async () => {
    const { item } = (await call('GET', `/api/v1/catalogue/admin/items/${CODE}`, editor)).json();
    const draft = { ...item.draft, fee: '不收费（婚姻登记免收工本费）', aliases: [...item.draft.aliases, '海安领证'] };
    const saved = await call('PUT', `/api/v1/catalogue/admin/items/${CODE}/draft`, editor, { baseRevision: item.draftRevision, content: draft });
    assert.equal(saved.statusCode, 200, saved.body);
    const rev = saved.json().item.draftRevision;
    assert.equal(rev, item.draftRevision + 1);
    assert.equal(saved.json().item.unpublishedChanges, true);

    const seen = (await call('GET', `/api/v1/catalogue/items/${CODE}`)).json().item;
    assert.equal(seen.fee, '不收费', 'citizens still see the published version');

    // a second editor who started from the old revision cannot overwrite silently
    const stale = await call('PUT', `/api/v1/catalogue/admin/items/${CODE}/draft`, editor, { baseRevision: item.draftRevision, content: item.draft });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().type, '/problems/catalogue-stale-revision');

    assert.equal((await call('POST', `/api/v1/catalogue/admin/items/${CODE}/publish`, editor, { revision: rev })).statusCode, 403);
    const published = await call('POST', `/api/v1/catalogue/admin/items/${CODE}/publish`, publisher, { revision: rev });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().item.unpublishedChanges, false);
    const now = (await call('GET', `/api/v1/catalogue/items/${CODE}`)).json().item;
    assert.equal(now.fee, '不收费（婚姻登记免收工本费）');
    assert.ok(now.aliases.includes('海安领证'));

    const edits = await audits('catalogue.edit-item');
    assert.equal(edits.length, 1);
    assert.equal(edits[0]!.actor_ref, 'staff-editor');
    assert.deepEqual((edits[0]!.details as { fields: string[] }).fields.sort(), ['aliases', 'fee']);
    const pubs = await audits('catalogue.publish-item');
    assert.deepEqual(pubs.map((a) => [a.actor_kind, a.actor_ref, (a.details as { code: string }).code]), [['staff', 'staff-publisher', CODE]]);
  });

  it('a staff edit survives the next boot\u2019s seed', async () => {
    const again = await testPlatform(ctx.database, { authenticator: testAuthenticator, config: platform.config }); // same secrets: a reboot
    try {
      const item = (await again.app.inject({ url: `/api/v1/catalogue/items/${CODE}` })).json().item;
      assert.equal(item.fee, '不收费（婚姻登记免收工本费）');
    } finally {
      await again.close();
    }
  });

  it('a reboot with the seed already applied rewrites no catalogue row, and restores a seeded row that went missing', async () => {
    const xmin = async () =>
      (await sql<{ code: string; x: string }>`select code, xmin::text as x from catalogue_items order by code`.execute(ctx.database.db)).rows.map((r) => `${r.code}:${r.x}`);
    const before = await xmin();
    const reboot = async () => (await testPlatform(ctx.database, { authenticator: testAuthenticator, config: platform.config })).close();
    await reboot();
    assert.deepEqual(await xmin(), before, 'no row rewritten');
    const gone = await sql`delete from catalogue_items where code = (select code from catalogue_items where code <> ${CODE} and draft_updated_by is null order by code limit 1) returning code`.execute(ctx.database.db);
    assert.equal(gone.rows.length, 1);
    await reboot();
    const codes = (await sql<{ n: number }>`select count(*)::int as n from catalogue_items where code = ${(gone.rows[0] as { code: string }).code}`.execute(ctx.database.db)).rows[0]!.n;
    assert.equal(codes, 1, 'the seed put the missing row back');
  });

  it('a new item starts as an unpublished draft and search listeners hear of it when published', async () => {
    const { item } = (await call('GET', `/api/v1/catalogue/admin/items/${CODE}`, editor)).json();
    const code = '320685-GG-0900';
    const content = { ...item.draft, name: '海安市新就业形态劳动者权益服务', shortName: '新就业形态服务', aliases: [], category: 'employment' };
    const created = await call('POST', '/api/v1/catalogue/admin/items', editor, { code, content });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await call('GET', `/api/v1/catalogue/items/${code}`)).statusCode, 404);
    assert.equal((await call('POST', '/api/v1/catalogue/admin/items', editor, { code, content })).statusCode, 409);
    assert.equal((await call('POST', `/api/v1/catalogue/admin/items/${code}/publish`, publisher, { revision: 1 })).statusCode, 200);
    assert.equal((await call('GET', `/api/v1/catalogue/items/${code}`)).statusCode, 200);
    assert.equal((await call('POST', `/api/v1/catalogue/admin/items/${code}/unpublish`, publisher)).statusCode, 200);
    assert.equal((await call('GET', `/api/v1/catalogue/items/${code}`)).statusCode, 404);
    assert.equal((await audits('catalogue.create-item')).length, 1);
    assert.equal((await audits('catalogue.unpublish-item')).length, 1);
  });
});
