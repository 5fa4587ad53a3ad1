import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { z } from 'zod';
import { buildApp, routeTableOf } from '../../src/app.ts';
import { access, isAccess } from '../../src/platform/http/access.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { ROLES, isPermission } from '../../src/modules/staff/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testConfig, testPlatform, type TestPlatform } from '../support/platform.ts';

describeEachDatabase('HTTP platform', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database);
  });
  after(async () => p.close());

  it('every registered route declares who may call it (deny by default)', () => {
    const table = routeTableOf(p.app);
    assert.ok(table.length > 5, 'route table was collected');
    const undeclared = table.filter((r) => !isAccess(r.access));
    assert.deepEqual(undeclared, []);
  });

  it('PP-3.4 every staff route names a permission of the one vocabulary that some role grants', () => {
    const granted = new Set(ROLES.flatMap((r) => [...r.permissions]));
    const unknown = routeTableOf(p.app)
      .filter((r) => (r.access as { kind?: string } | undefined)?.kind === 'staff')
      .map((r) => ({ route: `${r.method} ${r.url}`, permission: (r.access as { permission: string }).permission }))
      .filter((r) => !isPermission(r.permission) || !granted.has(r.permission));
    assert.deepEqual(unknown, [], 'use a permission from server/src/modules/staff/permissions.ts');
  });

  it('answers /healthz and reports the database and job queue in /readyz', async () => {
    assert.equal((await p.app.inject('/healthz')).json().status, 'ok');
    const ready = await p.app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    const names = ready.json().checks.map((c: { kind: string }) => c.kind);
    assert.ok(names.includes('database') && names.includes('jobs'));
  });

  it('serves Prometheus metrics with per-route request counts and latency histograms', async () => {
    await p.app.inject('/healthz');
    const res = await p.app.inject('/metrics');
    assert.match(res.headers['content-type'] as string, /text\/plain/);
    assert.match(res.body, /http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    assert.match(res.body, /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/healthz"\}/);
    assert.match(res.body, /db_pool_connections\{state="total"\}/);
  });

  it('answers an unknown API path with a 404 problem+json in Chinese and a request id', async () => {
    const res = await p.app.inject('/api/v1/no-such-thing');
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
    const body = res.json();
    assert.equal(body.type, '/problems/not-found');
    assert.match(body.title, /[\u4e00-\u9fa5]/);
    assert.ok(res.headers['x-request-id']);
  });

  it('echoes a well-formed incoming request id and sets security headers', async () => {
    const res = await p.app.inject({ url: '/healthz', headers: { 'x-request-id': 'req-12345678' } });
    assert.equal(res.headers['x-request-id'], 'req-12345678');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(res.headers['content-security-policy'] as string, /default-src 'self'/);
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
  });

  it('serves the OpenAPI document', async () => {
    const res = await p.app.inject('/docs/json');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().openapi, '3.1.0');
  });
});

it('refuses to register a route that declares no access', async () => {
  const config = testConfig();
  const fakeDb = { kind: 'pglite', stats: () => ({ total: 1, idle: 1, waiting: 0 }), ping: async () => {} } as any;
  await assert.rejects(
    buildApp({
      config,
      database: fakeDb,
      logger: createLogger({ level: 'silent' }),
      modules: [{ name: 'careless', routes: (app) => void app.get('/api/v1/careless', async () => ({})) }],
    }),
    /declares no access/,
  );
});

it('maps bad input to the statuses that fit: 400 malformed, 400 invalid, 413 too large, 415 wrong type, 401/403 access', async () => {
  const config = testConfig({ BODY_LIMIT_BYTES: '2048' });
  const fakeDb = { kind: 'pglite', stats: () => ({ total: 1, idle: 1, waiting: 0 }), ping: async () => {} } as any;
  const app = await buildApp({
    config,
    database: fakeDb,
    logger: createLogger({ level: 'silent' }),
    modules: [
      {
        name: 'echo',
        routes: (app) => {
          app.post(
            '/api/v1/echo',
            { config: { access: access.public }, schema: { body: z.object({ name: z.string().min(1) }) } },
            async (req) => req.body,
          );
          app.get('/api/v1/mine', { config: { access: access.citizen } }, async () => ({}));
          app.get('/api/v1/staff-only', { config: { access: access.staff('audit:read') } }, async () => ({}));
        },
      },
    ],
  });
  const post = (payload: string, type = 'application/json') =>
    app.inject({ method: 'POST', url: '/api/v1/echo', payload, headers: { 'content-type': type } });
  assert.equal((await post('{"name":"张三"}')).statusCode, 200);
  const malformed = await post('{"name":');
  assert.equal(malformed.statusCode, 400);
  assert.equal(malformed.json().type, '/problems/bad-request');
  const invalid = await post('{"name":""}');
  assert.equal(invalid.statusCode, 400);
  assert.equal(invalid.json().type, '/problems/validation-failed');
  assert.equal(invalid.json().errors[0].path, 'body.name');
  assert.equal((await post(JSON.stringify({ name: 'x'.repeat(5000) }))).statusCode, 413);
  assert.equal((await post('name=x', 'application/x-www-form-urlencoded')).statusCode, 415);
  assert.equal((await app.inject('/api/v1/mine')).statusCode, 401);
  assert.equal((await app.inject('/api/v1/staff-only')).statusCode, 401);
  await app.close();
});
