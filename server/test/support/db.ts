// Database tests run on embedded PGlite always, and also on a real PostgreSQL server when TEST_DATABASE_URL is set
// (CI always sets it). Each test file — each describeEachDatabase block — gets a fresh, migrated database of its own.
import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';

export interface Backend {
  name: 'PGlite' | 'PostgreSQL';
  open(): Promise<{ database: Database; drop(): Promise<void> }>;
}

const pglite: Backend = {
  name: 'PGlite',
  async open() {
    const database = await openDatabase({});
    await migrate(database);
    return { database, drop: () => database.close() };
  },
};

function postgres(adminUrl: string): Backend {
  return {
    name: 'PostgreSQL',
    async open() {
      const name = `ntbt_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const database = await openDatabase({ url: url.toString(), poolMax: 5 });
      await migrate(database);
      return {
        database,
        async drop() {
          await database.close();
          const a = new pg.Client({ connectionString: adminUrl });
          await a.connect();
          await a.query(`drop database if exists ${name} with (force)`);
          await a.end();
        },
      };
    },
  };
}

export const backends: Backend[] = [pglite, ...(process.env.TEST_DATABASE_URL ? [postgres(process.env.TEST_DATABASE_URL)] : [])];

/**
 * Declares the same tests once per backend. `ctx.database` is ready inside tests (after the before hook).
 * Usage: describeEachDatabase('outbox', (ctx) => { it('…', async () => { ctx.database.db… }) })
 */
export function describeEachDatabase(title: string, fn: (ctx: { database: Database; backend: Backend['name'] }) => void) {
  for (const backend of backends) {
    describe(`${title} (${backend.name})`, () => {
      const ctx = { backend: backend.name } as { database: Database; backend: Backend['name'] };
      let drop: (() => Promise<void>) | undefined;
      before(async () => {
        const opened = await backend.open();
        ctx.database = opened.database;
        drop = opened.drop;
      });
      after(async () => {
        await drop?.();
      });
      fn(ctx);
    });
  }
}
