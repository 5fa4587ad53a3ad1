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
