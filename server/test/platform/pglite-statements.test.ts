// Embedded PGlite runs parameterised statements prepared once (pglite-driver.ts, PGliteStatements): one call into the
// WebAssembly server per run instead of six. What that must not change: results, row counts, errors, and a statement
// whose table changed shape is prepared again, or what a commit makes durable.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';

let database: Database;
before(async () => {
  database = await openDatabase({});
  await sql`create table things (id int primary key, label text, data bytea, at timestamptz, tags text[], doc jsonb)`.execute(database.db);
});
after(async () => database.close());

it('a prepared statement gives each run its own parameters, types and row counts', async () => {
  const at = new Date('2026-11-28T04:00:00Z');
  for (const id of [1, 2, 3]) {
    const r = await sql`insert into things values (${id}, ${`t${id}`}, ${Buffer.from([id, 255])}, ${at}, ${['a', 'b']}::text[], ${JSON.stringify({ id })}::jsonb)`.execute(database.db);
    assert.equal(r.numAffectedRows, 1n);
  }
  const { rows } = await sql<{ id: number; label: string; data: Buffer; at: Date; tags: string[]; doc: { id: number } }>`select * from things where id >= ${2} order by id`.execute(database.db);
  assert.deepEqual(rows.map((r) => [r.id, r.label, [...r.data], r.at.toISOString(), r.tags, r.doc]), [
    [2, 't2', [2, 255], at.toISOString(), ['a', 'b'], { id: 2 }],
    [3, 't3', [3, 255], at.toISOString(), ['a', 'b'], { id: 3 }],
  ]);
  assert.ok(Buffer.isBuffer(rows[0]!.data), 'bytea comes back as a Buffer, as on PostgreSQL');
  const upd = await sql`update things set label = ${'x'} where id <= ${2}`.execute(database.db);
  assert.equal(upd.numAffectedRows, 2n);
});

it('an error names the problem and leaves the connection usable', async () => {
  await assert.rejects(sql`insert into things (id) values (${1})`.execute(database.db), (e: { code?: string }) => e.code === '23505');
  assert.equal((await sql<{ n: number }>`select count(*)::int as n from things where id > ${0}`.execute(database.db)).rows[0]!.n, 3);
});

it('a prepared SELECT * whose table changed shape is prepared again; inside a transaction the refusal stands', async () => {
  const read = () => sql<Record<string, unknown>>`select id, label from things where id = ${1}`.execute(database.db);
  const readAll = () => sql<Record<string, unknown>>`select * from things where id = ${3}`.execute(database.db);
  assert.equal((await read()).rows.length, 1);
  assert.equal(Object.keys((await readAll()).rows[0]!).length, 6);
  await sql`alter table things add column extra int default 5`.execute(database.db);
  assert.equal((await readAll()).rows[0]!.extra, 5);
  await sql`alter table things add column more int default 6`.execute(database.db);
  await assert.rejects(database.db.transaction().execute(async (tx) => sql`select * from things where id = ${3}`.execute(tx)), /cached plan must not change result type/);
  assert.equal((await readAll()).rows[0]!.more, 6);
});

it('on a data directory, what a transaction committed is there after the database is closed and opened again, and what it rolled back is not', async () => {
  // The file system is synced once per transaction (at COMMIT), not after each statement inside it.
  const dir = mkdtempSync(path.join(tmpdir(), 'ntbt-pglite-sync-'));
  try {
    let db = await openDatabase({ dataDir: dir });
    await sql`create table kept (id int primary key, label text)`.execute(db.db);
    await db.db.transaction().execute(async (tx) => {
      await sql`insert into kept values (${1}, ${'committed'})`.execute(tx);
      await sql`insert into kept values (${2}, ${'committed too'})`.execute(tx);
    });
    await assert.rejects(
      db.db.transaction().execute(async (tx) => {
        await sql`insert into kept values (${3}, ${'rolled back'})`.execute(tx);
        throw new Error('undo');
      }),
      /undo/,
    );
    await sql`insert into kept values (${4}, ${'autocommit'})`.execute(db.db);
    await db.close();
    db = await openDatabase({ dataDir: dir });
    const { rows } = await sql<{ id: number; label: string }>`select id, label from kept order by id`.execute(db.db);
    assert.deepEqual(rows, [
      { id: 1, label: 'committed' },
      { id: 2, label: 'committed too' },
      { id: 4, label: 'autocommit' },
    ]);
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
