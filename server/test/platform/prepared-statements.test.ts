// The PostgreSQL connection prepares each parameterised statement once and reuses it (database.ts, PreparingClient):
// the sign-in bench measured PostgreSQL's CPU per sign-in falling by about a third. Runs only against a real server.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/platform/db/database.ts';

const url = process.env.TEST_DATABASE_URL;
const skip = url ? false : 'needs TEST_DATABASE_URL (a real PostgreSQL server)';

async function preparedOnOneConnection(preparedStatements: boolean) {
  const database = await openDatabase({ url: url!, poolMax: 1, preparedStatements });
  try {
    for (let i = 0; i < 3; i++) {
      const { rows } = await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(database.db);
      assert.equal(rows[0]!.n, i + 1, 'the prepared statement answers with each call’s own parameters');
    }
    // the job queue's raw executor goes through the same connections
    assert.equal((await database.executor.executeSql('select $1::text as t', ['x'])).rows[0].t, 'x');
    // pg_prepared_statements is per connection: the pool has one
    const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(database.db);
    return rows.map((r) => r.statement);
  } finally {
    await database.close();
  }
}

it('a parameterised statement is prepared once per PostgreSQL connection and reused with new parameters', { skip }, async () => {
  const statements = await preparedOnOneConnection(true);
  assert.equal(statements.filter((s) => s.includes('::int + 1')).length, 1);
  assert.equal(statements.filter((s) => s.includes('$1::text')).length, 1);
});

it('DATABASE_PREPARED_STATEMENTS=false sends every statement unnamed (for transaction-pooling PgBouncer)', { skip }, async () => {
  assert.deepEqual(await preparedOnOneConnection(false), []);
});

it('a prepared SELECT * whose table changed shape (a migration during a rolling deploy) is prepared again, not refused forever', { skip }, async () => {
  const database = await openDatabase({ url: url!, poolMax: 1 });
  const table = `prep_shape_${process.pid}`;
  try {
    await sql`create table ${sql.table(table)} (id int primary key)`.execute(database.db);
    await sql`insert into ${sql.table(table)} values (1)`.execute(database.db);
    const read = () => sql<Record<string, unknown>>`select * from ${sql.table(table)} where id = ${1}`.execute(database.db);
    assert.deepEqual((await read()).rows, [{ id: 1 }]);
    await sql`alter table ${sql.table(table)} add column label text default 'x'`.execute(database.db);
    assert.deepEqual((await read()).rows, [{ id: 1, label: 'x' }], 'outside a transaction the refused statement is retried at once');
    assert.deepEqual((await read()).rows, [{ id: 1, label: 'x' }], 'and is prepared again under a new name');
    await sql`alter table ${sql.table(table)} add column n int default 7`.execute(database.db);
    // inside a transaction the refusal stands (the transaction is already aborted) — and the next use is fresh
    await assert.rejects(database.db.transaction().execute(async (tx) => sql`select * from ${sql.table(table)} where id = ${1}`.execute(tx)), /cached plan must not change result type/);
    assert.deepEqual((await read()).rows, [{ id: 1, label: 'x', n: 7 }]);
  } finally {
    await sql`drop table if exists ${sql.table(table)}`.execute(database.db);
    await database.close();
  }
});
