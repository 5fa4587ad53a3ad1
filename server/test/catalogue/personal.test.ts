// PP-1.9 收藏 and 办事记录 under the search-history consent; PP-1.11 usage logs; PP-1.12 nearby halls.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { PURGE_USAGE_JOB, PURGE_WITHDRAWN_JOB, RECORD_HANDLING_JOB } from '../../src/modules/catalogue/index.ts';
import { createCatalogueModule } from '../../src/modules/catalogue/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, asStaff, testAuthenticator } from '../support/auth.ts';

const RUGAO_ID_CARD = '320682-XK-0021';
const HOUSING_FUND = '320600-GG-0020';

describeEachDatabase('catalogue: the citizen\u2019s own data', (ctx) => {
  let platform: TestPlatform;
  before(async () => {
    platform = await testPlatform(ctx.database, { authenticator: testAuthenticator });
  });
  after(async () => platform?.close());
  const call = (method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    platform.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const consent = async (headers: Record<string, string>, purposeId: string, separate = false) => {
    const res = await call('POST', '/api/v1/privacy/consents', headers, { purposeId, ...(separate ? { separate: true } : {}) });
    assert.equal(res.statusCode, 201, res.body);
  };
  const withdraw = async (headers: Record<string, string>, purposeId: string) =>
    assert.equal((await call('DELETE', `/api/v1/privacy/consents/${purposeId}`, headers)).statusCode, 200);
  const audits = (action: string) =>
    ctx.database.db.selectFrom('audit_records').select(['action', 'details', 'purpose_id']).where('action', '=', action).execute();

  it('PP-1.9 favourites are refused without the search-history consent, with the named problem the app turns into the consent sheet', async () => {
    const h = asCitizen('acc-fav-none');
    const res = await call('PUT', `/api/v1/catalogue/favourites/${HOUSING_FUND}`, h);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().type, '/problems/consent-required');
    assert.equal(res.json().purpose, 'search-history');
    assert.equal((await call('GET', '/api/v1/catalogue/favourites', h)).statusCode, 403);
    const stored = await ctx.database.db.selectFrom('catalogue_favourites').selectAll().where('account_id', '=', 'acc-fav-none').execute();
    assert.equal(stored.length, 0);
  });

  it('PP-1.9 with the consent a citizen adds, lists and removes favourites, each change audited under the purpose', async () => {
    const h = asCitizen('acc-fav-yes');
    await consent(h, 'search-history');
    assert.equal((await call('PUT', `/api/v1/catalogue/favourites/${HOUSING_FUND}`, h)).statusCode, 200);
    assert.equal((await call('PUT', `/api/v1/catalogue/favourites/${RUGAO_ID_CARD}`, h)).statusCode, 200);
    assert.equal((await call('PUT', `/api/v1/catalogue/favourites/${RUGAO_ID_CARD}`, h)).statusCode, 200); // idempotent
    const list = (await call('GET', '/api/v1/catalogue/favourites', h)).json();
    assert.deepEqual(list.items.map((i: { code: string }) => i.code).sort(), [HOUSING_FUND, RUGAO_ID_CARD].sort());
    assert.equal((await call('DELETE', `/api/v1/catalogue/favourites/${HOUSING_FUND}`, h)).statusCode, 200);
    const after = (await call('GET', '/api/v1/catalogue/favourites', h)).json();
    assert.deepEqual(after.items.map((i: { code: string }) => i.code), [RUGAO_ID_CARD]);
    const added = (await audits('catalogue.add-favourite')).filter((a) => (a.details as { itemCode: string }).itemCode === RUGAO_ID_CARD);
    assert.equal(added.length, 1, 'the repeated add changed nothing and is not audited twice');
    assert.equal(added[0]!.purpose_id, 'search-history');
    assert.equal((await audits('catalogue.remove-favourite')).length, 1);
  });

  it('PP-1.9 after withdrawal the favourites are no longer used, and removing stays possible', async () => {
    const h = asCitizen('acc-fav-yes');
    await withdraw(h, 'search-history');
    assert.equal((await call('GET', '/api/v1/catalogue/favourites', h)).statusCode, 403);
    assert.equal((await call('DELETE', `/api/v1/catalogue/favourites/${RUGAO_ID_CARD}`, h)).statusCode, 200);
  });

  it('a guest cannot keep favourites at all', async () => {
    assert.equal((await call('GET', '/api/v1/catalogue/favourites')).statusCode, 401);
  });

  it('PP-1.9 handling records reach 我的服务 only under the consent; the same reference updates its status', async () => {
    const yes = 'acc-rec-yes';
    const no = 'acc-rec-no';
    await consent(asCitizen(yes), 'search-history');
    // a handling feature (12345) records in its own transaction
    const catalogue = createCatalogueModule({ database: ctx.database, clock: platform.clock, guard: undefined as never, audit: platform.kernel.audit, jobs: platform.jobs, blindIndex: platform.kernel.blindIndex });
    await ctx.database.db.transaction().execute(async (tx) => {
      await catalogue.service.recordHandling(tx, { accountId: yes, itemCode: '320600-GG-0132', status: 'submitted', reference: 'NT12345-0001', at: platform.clock.now() });
      await catalogue.service.recordHandling(tx, { accountId: no, itemCode: '320600-GG-0132', status: 'submitted', reference: 'NT12345-0002', at: platform.clock.now() });
    });
    const { rows } = await sql<{ data: Record<string, string | number> }>`select data from pgboss.job where name = ${RECORD_HANDLING_JOB} order by created_on`.execute(ctx.database.db);
    assert.equal(rows.length, 2, 'queued in the caller\u2019s transaction');
    const job = platform.jobs.registry.get(RECORD_HANDLING_JOB)!;
    for (const r of rows) await job.handler(r.data, { jobId: 't', retryCount: 0 });
    const yesJob = rows.find((r) => r.data.accountId === yes)!;
    await job.handler({ ...yesJob.data, statusId: 'completed', atId: platform.clock.now().getTime() + 86_400_000 }, { jobId: 't2', retryCount: 0 });

    const mine = (await call('GET', '/api/v1/catalogue/handling-records', asCitizen(yes))).json();
    assert.deepEqual(mine.items.map((i: { name: string; status: string; reference: string }) => [i.name, i.status, i.reference]), [['12345诉求提交', 'completed', 'NT12345-0001']]);
    const kept = await ctx.database.db.selectFrom('catalogue_handling_records').selectAll().where('account_id', '=', no).execute();
    assert.equal(kept.length, 0, 'without the consent nothing is kept');
    assert.equal((await call('GET', '/api/v1/catalogue/handling-records', asCitizen(no))).statusCode, 403);
  });

  it('PP-1.11 PP-1.19 usage logs: kept for signed-in citizens under a pseudonym, for a guest device only with consent; statistics count consented logs only and suppress small counts', async () => {
    // a guest device without consent: nothing kept
    const device = { 'x-device-id': 'device-usage-0000000001' };
    const guest = await call('POST', '/api/v1/catalogue/usage', device, { itemCode: HOUSING_FUND, durationMs: 5000 });
    assert.deepEqual(guest.json(), { recorded: false });
    // signed-in citizens: kept (service-logs), feeding statistics only with usage-statistics consent
    for (let n = 0; n < 6; n++) {
      const h = asCitizen(`acc-usage-${n}`);
      if (n < 5) await consent(h, 'usage-statistics');
      assert.deepEqual((await call('POST', '/api/v1/catalogue/usage', h, { itemCode: HOUSING_FUND, durationMs: 30_000 })).json(), { recorded: true });
    }
    for (let n = 0; n < 4; n++) await call('POST', '/api/v1/catalogue/usage', asCitizen(`acc-usage-${n}`), { itemCode: RUGAO_ID_CARD, durationMs: 1000 });
    const rows = await ctx.database.db.selectFrom('catalogue_usage_logs').selectAll().execute();
    assert.equal(rows.length, 10);
    assert.ok(rows.every((r) => !r.subject_pseudonym.includes('acc-usage')), 'pseudonyms, never account ids');
    assert.equal(rows.filter((r) => r.for_statistics).length, 9);

    const from = new Date(platform.clock.now().getTime() - 86_400_000).toISOString();
    const to = new Date(platform.clock.now().getTime() + 86_400_000).toISOString();
    const stats = await call('GET', `/api/v1/catalogue/usage-statistics?from=${from}&to=${to}`, asStaff('st-1', ['catalogue.edit']));
    assert.equal(stats.statusCode, 200, stats.body);
    const body = stats.json();
    assert.deepEqual(body.items.map((i: { itemCode: string; uses: number; averageSeconds: number }) => [i.itemCode, i.uses, i.averageSeconds]), [[HOUSING_FUND, 5, 30]]);
    assert.equal(body.suppressedItems, 1, 'four people are too few to show');
    assert.equal((await call('GET', `/api/v1/catalogue/usage-statistics?from=${from}&to=${to}`, asCitizen('acc-usage-0'))).statusCode, 403);
  });

  it('PP-1.12 nearby halls need the location consent; with it halls come sorted by distance and the coordinates are not kept', async () => {
    const h = asCitizen('acc-near');
    const near启东 = { lat: 31.81, lng: 121.65 };
    const refused = await call('POST', '/api/v1/catalogue/halls/nearby', h, near启东);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().type, '/problems/consent-required');
    // degrade, never block: the halls of a district chosen by hand stay available
    assert.equal((await call('GET', '/api/v1/catalogue/halls?district=320681', h)).json().halls[0].name, '启东市政务服务中心');
    await consent(h, 'location-services', true);
    const res = await call('POST', '/api/v1/catalogue/halls/nearby', h, { ...near启东, limit: 3 });
    assert.equal(res.statusCode, 200, res.body);
    const halls = res.json().halls;
    assert.equal(halls[0].name, '启东市政务服务中心');
    assert.ok(halls[0].distanceKm < 2 && halls[1].distanceKm >= halls[0].distanceKm);
    assert.ok(!platform.logs.text.includes('121.65'), 'coordinates never reach the log');
  });

  it('PP-1.9 PP-4.4 after a withdrawal the daily purge deletes the account\u2019s favourites and handling records, and keeps those still consented', async () => {
    const gone = asCitizen('acc-purge-gone');
    const kept = asCitizen('acc-purge-kept');
    for (const h of [gone, kept]) {
      await consent(h, 'search-history');
      assert.equal((await call('PUT', `/api/v1/catalogue/favourites/${HOUSING_FUND}`, h)).statusCode, 200);
    }
    // A withdrawal whose immediate follow-up did not run (recorded by another process that stopped right after): the
    // daily purge is the backstop. Recorded straight into consent_records so that no follow-up runs here either.
    await ctx.database.db
      .insertInto('consent_records')
      .values({ subject_kind: 'account', subject_ref: 'acc-purge-gone', purpose_id: 'search-history', policy_version: 1, granted: false, method: 'tap', separate: false, created_at: platform.clock.now() })
      .execute();
    await platform.jobs.registry.get(PURGE_WITHDRAWN_JOB)!.handler({}, { jobId: 'p', retryCount: 0 });
    const left = await ctx.database.db.selectFrom('catalogue_favourites').select('account_id').where('account_id', 'in', ['acc-purge-gone', 'acc-purge-kept']).execute();
    assert.deepEqual(left.map((r) => r.account_id), ['acc-purge-kept']);
    assert.equal((await audits('catalogue.purge-withdrawn')).length, 1);
  });

  it('LAW-7 usage logs are purged after twelve months and kept before', async () => {
    const now = platform.clock.now().getTime();
    const day = 86_400_000;
    await ctx.database.db.insertInto('catalogue_usage_logs').values([
      { subject_pseudonym: 'p-old', item_code: HOUSING_FUND, opened_at: new Date(now - 400 * day), duration_ms: 1, for_statistics: false },
      { subject_pseudonym: 'p-six-months', item_code: HOUSING_FUND, opened_at: new Date(now - 190 * day), duration_ms: 1, for_statistics: false },
    ]).execute();
    await platform.jobs.registry.get(PURGE_USAGE_JOB)!.handler({}, { jobId: 'u', retryCount: 0 });
    const left = await ctx.database.db.selectFrom('catalogue_usage_logs').select('subject_pseudonym').where('subject_pseudonym', 'in', ['p-old', 'p-six-months']).execute();
    assert.deepEqual(left.map((r) => r.subject_pseudonym), ['p-six-months']);
  });

  it('PP-1.12 PP-1.11 a guest device that consented gets nearby halls and its use is logged for statistics; without consent neither', async () => {
    const device = { 'x-device-id': 'guest-device-nearby-01' };
    const at = { lat: 32.37, lng: 120.57 }; // 如皋
    assert.equal((await call('POST', '/api/v1/catalogue/halls/nearby', device, at)).statusCode, 403);
    for (const purposeId of ['location-services', 'usage-statistics']) {
      const res = await call('POST', '/api/v1/privacy/device-consents', device, { purposeId, ...(purposeId === 'location-services' ? { separate: true } : {}) });
      assert.equal(res.statusCode, 201, res.body);
    }
    const res = await call('POST', '/api/v1/catalogue/halls/nearby', device, at);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().halls[0].name, '如皋市政务服务中心');
    assert.deepEqual((await call('POST', '/api/v1/catalogue/usage', device, { itemCode: RUGAO_ID_CARD, durationMs: 1200 })).json(), { recorded: true });
  });
});
