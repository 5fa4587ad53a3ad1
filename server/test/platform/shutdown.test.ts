import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { access } from '../../src/platform/http/access.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testConfig } from '../support/platform.ts';

describeEachDatabase('graceful shutdown', (ctx) => {
  it('finishes an in-flight write after close() is called, so no acknowledged write is lost, and refuses new connections', async () => {
    const { db } = ctx.database;
    const app = await buildApp({
      config: testConfig(),
      database: ctx.database,
      logger: createLogger({ level: 'silent' }),
      modules: [
        {
          name: 'slow',
          routes: (a) =>
            void a.post('/api/v1/slow-write', { config: { access: access.public } }, async () => {
              await new Promise((r) => setTimeout(r, 300));
              await sql`insert into platform_settings (key, value) values ('shutdown-test', '"written"'::jsonb)`.execute(db);
              return { ok: true };
            }),
        },
      ],
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const inFlight = fetch(`${address}/api/v1/slow-write`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 50));
    const closing = app.close();
    const res = await inFlight;
    assert.equal(res.status, 200);
    await closing;
    const row = await db.selectFrom('platform_settings' as any).selectAll().where('key', '=', 'shutdown-test').executeTakeFirst();
    assert.ok(row, 'the acknowledged write is in the database');
    await assert.rejects(fetch(`${address}/healthz`));
  });
});
