// Open311 as main.ts composes it: the partner authenticator is in the real authenticator chain (no test stand-in),
// and the documented demo partner key exists on non-production starts only.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { createOpen311Module, DEMO_CLIENT } from '../../src/modules/open311/index.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { HotlineService } from '../../src/modules/hotline/index.ts';
import type { ReferenceModule } from '../../src/modules/reference/index.ts';

describeEachDatabase('Open311 wiring', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database);
  });
  after(async () => p.close());

  const moduleFor = (production: boolean) =>
    createOpen311Module({
      database: ctx.database, clock: new FixedClock(), logger: createLogger({ level: 'silent' }), publicUrl: 'http://localhost', production,
      hotline: {} as HotlineService, reference: {} as ReferenceModule['repository'],
    });

  it('never seeds the demo partner key in production', async () => {
    await moduleFor(true).service.seedDemo();
    assert.equal((await ctx.database.db.selectFrom('open311_clients').select('client_id').execute()).length, 0);
  });

  it('PP-1.8 the seeded demo key files a request through the composed platform; revoked, it is refused with 403', async () => {
    const m = moduleFor(false);
    await m.service.seedDemo();
    const row = await ctx.database.db.selectFrom('open311_clients').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.client_id, DEMO_CLIENT.clientId);
    assert.equal(Buffer.from(row.key_hash).includes(Buffer.from(DEMO_CLIENT.key)), false, 'the key is stored hashed');
    const payload = new URLSearchParams({ api_key: DEMO_CLIENT.key, service_code: 'consultation', address_id: '320613', description: '社保卡补办流程' }).toString();
    const post = () => p.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
    const ok = await post();
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(ok.json()[0].token);
    await m.service.revokeClient(DEMO_CLIENT.clientId);
    const refused = await post();
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json()[0].description, /Invalid api_key/);
  });

  it('issues random keys shown once and stored as a hash', async () => {
    const m = moduleFor(false);
    const key = await m.service.issueKey({ clientId: 'city-app', name: '城市应用', organisation: '南通市某单位' });
    assert.match(key, /^o311_[\w-]{43}$/);
    const row = await ctx.database.db.selectFrom('open311_clients').selectAll().where('client_id', '=', 'city-app').executeTakeFirstOrThrow();
    assert.deepEqual(row.scopes, ['open311.submit']);
    assert.equal(row.key_prefix, key.slice(0, 8));
  });
});
