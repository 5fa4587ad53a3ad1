import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../src/platform/logger.ts';
import { createReferenceModule, COUNTIES, ORGANISATIONS, OUTDATED_CODES } from '../../src/modules/reference/index.ts';
import { parseTownships } from '../../src/modules/reference/reference.seed.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testConfig } from '../support/platform.ts';

const GBT2260_COUNTIES = ['320612', '320613', '320614', '320623', '320681', '320682', '320685'];

describeEachDatabase('reference data', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    const reference = createReferenceModule({ database: ctx.database });
    await reference.seed();
    await reference.seed(); // idempotent: a second boot changes nothing
    app = await buildApp({
      config: testConfig(),
      database: ctx.database,
      logger: createLogger({ level: 'silent' }),
      modules: [reference.module],
    });
    await app.ready();
  });
  after(async () => app?.close());

  it('seeds the 7 county-level divisions with their current codes and flags the development zone as a functional zone', async () => {
    const counties = await ctx.database.db.selectFrom('divisions').selectAll().where('level', '=', 'county').execute();
    const gbt = counties.filter((c) => c.kind !== 'functional-zone').map((c) => c.code).sort();
    assert.deepEqual(gbt, GBT2260_COUNTIES);
    const zones = counties.filter((c) => c.kind === 'functional-zone');
    assert.deepEqual(zones.map((z) => [z.code, z.name]), [['320671', '南通经济技术开发区']]);
  });

  it('seeds the 136 townships, each under one of the county-level divisions (the 7, or the functional zone)', async () => {
    const townships = await ctx.database.db.selectFrom('divisions').selectAll().where('level', '=', 'township').execute();
    assert.equal(townships.length, 136);
    const parents = new Set([...GBT2260_COUNTIES, '320671']);
    for (const t of townships) {
      assert.ok(t.parent_code && parents.has(t.parent_code), `${t.code} ${t.name} has parent ${t.parent_code}`);
      assert.ok(t.code.startsWith(t.parent_code!), `${t.code} is coded under its parent`);
    }
    assert.equal(townships.filter((t) => GBT2260_COUNTIES.includes(t.parent_code!)).length, 129);
  });

  it('never carries the outdated pre-2020 codes 320602, 320611 or 320684 (nor townships coded under them)', async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from divisions
      where left(code, 6) in (${sql.join([...OUTDATED_CODES])}) or parent_code in (${sql.join([...OUTDATED_CODES])})`.execute(ctx.database.db);
    assert.equal(rows[0]!.n, 0);
    const res = await app.inject('/api/v1/reference/divisions');
    for (const code of ['320602', '320611', '320684']) assert.doesNotMatch(res.body, new RegExp(`"${code}`));
  });

  it('serves the division tree publicly: county level with townships as children', async () => {
    const res = await app.inject('/api/v1/reference/divisions');
    assert.equal(res.statusCode, 200);
    const { divisions } = res.json();
    assert.equal(divisions.length, 8);
    assert.equal(divisions.reduce((n: number, d: { children: unknown[] }) => n + d.children.length, 0), 136);
    const chongchuan = divisions.find((d: { code: string }) => d.code === '320613');
    assert.equal(chongchuan.name, '崇川区');
    assert.equal(chongchuan.gbt2260, true);
    assert.ok(chongchuan.children.some((t: { name: string }) => t.name === '和平桥街道'));
    assert.equal(divisions.find((d: { code: string }) => d.code === '320671').gbt2260, false);
  });

  it('serves the organisations work is routed to: city departments, every county government and the 12345 hotline', async () => {
    const res = await app.inject('/api/v1/reference/organisations');
    assert.equal(res.statusCode, 200);
    const { organisations } = res.json() as { organisations: { id: string; name: string; kind: string; divisionCode: string | null }[] };
    assert.equal(organisations.length, ORGANISATIONS.length);
    const byId = new Map(organisations.map((o) => [o.id, o]));
    assert.equal(byId.get('data')?.name, '南通市大数据管理局');
    assert.equal(byId.get('hrss')?.kind, 'department');
    assert.equal(byId.get('hotline-12345')?.kind, 'hotline');
    const countyGovs = organisations.filter((o) => o.kind === 'county').map((o) => o.divisionCode).sort();
    assert.deepEqual(countyGovs, COUNTIES.map((c) => c.code).sort());
    for (const o of organisations) assert.doesNotMatch(JSON.stringify(o), /\d{3,4}-\d{7,8}/, 'no phone numbers');
  });
});

it('rejects a malformed townships file instead of seeding half of it', () => {
  assert.throws(() => parseTownships('320612001,"金沙街道",320612,32,3206\n320602001,"旧街道",320602,32,3206\n'), /unknown county 320602/);
  assert.throws(() => parseTownships('garbage'), /malformed/);
});
