// Issue #6 bench: export (collect + decrypt over every subject-table declaration) and deletion (erasure of the app
// traces across every declared store, in a transaction rolled back so each run sees the same data) for ONE subject
// with 5,000 records, first with 10,000 other subjects in the database, then with 200,000. The ratio 200k/10k must
// stay under 1.5: the cost follows the subject's data, not the table sizes (every subject column is indexed,
// migration 0081). Others are seeded with generate_series. Embedded PGlite; PostgreSQL too when BENCH_DATABASE_URL is
// set. Usage: node bench/rights.ts [--records 5000] [--small 10000] [--large 200000] [--runs 9]
import { randomUUID } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../server/src/platform/config.ts';
import { openDatabase, type Database } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { FieldCipher, blindIndexer, pseudonym } from '../server/src/platform/crypto/index.ts';
import { collectSubjectData, eraseSubject, inventoryDeclarations } from '../server/src/modules/rights/index.ts';
import { fileURLToPath } from 'node:url';
import { withScratchDatabase } from './scratch-database.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RECORDS = arg('records', 5000);
const SMALL = arg('small', 10_000);
const LARGE = arg('large', 200_000);
const RUNS = arg('runs', 9);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Other subjects: per subject one search entry, one usage log, one inbox message, one favourite-like record. */
async function seedOthers(database: Database, from: number, to: number, cipher: FieldCipher) {
  const db = database.db;
  const value = await cipher.encryptField('bench-other', '公积金', 'search_history.value:query'); // same bytes for all: cost is in rows, not crypto
  const step = 50_000;
  for (let a = from; a < to; a += step) {
    const b = Math.min(to, a + step);
    await sql`insert into search_history (id, account_id, kind, value_enc, value_hash, created_at)
      select gen_random_uuid(), md5('o' || i)::uuid::text, 'query', ${value}, decode(md5('h' || i), 'hex'), now() from generate_series(${a}::int, ${b - 1}::int) i`.execute(db);
    await sql`insert into catalogue_usage_logs (subject_pseudonym, item_code, opened_at, duration_ms, for_statistics)
      select md5('p' || i), 'bench', now(), 1000, true from generate_series(${a}::int, ${b - 1}::int) i`.execute(db);
    await sql`insert into notification_inbox (account_id, title, body, created_at)
      select md5('o' || i)::uuid::text, '通知', '您的业务已办结', now() from generate_series(${a}::int, ${b - 1}::int) i`.execute(db);
    await sql`insert into rights_requests (id, account_id, subject_account_id, kind, status, received_at, due_date)
      select gen_random_uuid(), md5('o' || i)::uuid::text, md5('o' || i)::uuid::text, 'delete-all', 'fulfilled', now(), current_date from generate_series(${a}::int, ${b - 1}::int) i`.execute(db);
  }
  await sql`analyze`.execute(db);
}

/** The subject: RECORDS rows spread over search history (encrypted), usage logs and inbox messages. */
async function seedSubject(database: Database, accountId: string, cipher: FieldCipher, deps: { blindIndex: (k: string, v: string) => Buffer }) {
  const db = database.db;
  const n = Math.floor(RECORDS / 3);
  const value = await cipher.encryptField(accountId, '不动产登记', 'search_history.value:query');
  await sql`insert into search_history (id, account_id, kind, value_enc, value_hash, created_at)
    select gen_random_uuid(), ${accountId}, 'query', ${value}, decode(md5('s' || i), 'hex'), now() from generate_series(1, ${n}::int) i`.execute(db);
  const pseudo = deps.blindIndex('catalogue-usage', `account:${accountId}`).toString('hex');
  await sql`insert into catalogue_usage_logs (subject_pseudonym, item_code, opened_at, duration_ms, for_statistics)
    select ${pseudo}, 'bench', now(), 1000, true from generate_series(1, ${n}::int) i`.execute(db);
  await sql`insert into notification_inbox (account_id, title, body, created_at)
    select ${accountId}, '通知', '您的业务已办结', now() from generate_series(1, ${RECORDS - 2 * n}::int) i`.execute(db);
}

class Rollback extends Error {}

async function measure(database: Database, accountId: string, cipher: FieldCipher, engine: Parameters<typeof eraseSubject>[4]) {
  const decls = inventoryDeclarations();
  const exportMs: number[] = [];
  const deleteMs: number[] = [];
  let rows = 0;
  for (let r = 0; r < 2; r++) {
    const t0 = performance.now();
    const data = await collectSubjectData(database.db, accountId, decls, engine);
    const t1 = performance.now();
    rows = data.reduce((s, t) => s + t.rows.length, 0);
    let erased = 0;
    let dt = 0;
    await database.db.transaction().execute(async (tx) => {
      const e0 = performance.now();
      const receipts = await eraseSubject(tx, accountId, decls, { scopes: ['app'], shredAccountKey: false, now: new Date() }, engine);
      dt = performance.now() - e0;
      erased = receipts.reduce((s, x) => s + x.rows, 0);
      throw new Rollback();
    }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
    if (erased < RECORDS) throw new Error(`erased ${erased} < ${RECORDS}`);
    if (r > 0) { exportMs.push(t1 - t0); deleteMs.push(dt); } // first run warms caches
  }
  // where the time goes: export per declared table (the slowest five)
  const perTable: [string, number][] = [];
  for (const d of decls) {
    const t0 = performance.now();
    await collectSubjectData(database.db, accountId, [d], engine);
    perTable.push([`${d.table}.${d.subjectColumn}`, performance.now() - t0]);
  }
  perTable.sort((a, b) => b[1] - a[1]);
  const perDelete: [string, number][] = [];
  await database.db.transaction().execute(async (tx) => {
    for (const d of decls) {
      const t0 = performance.now();
      await eraseSubject(tx, accountId, [d], { scopes: ['app'], shredAccountKey: false, now: new Date() }, engine);
      perDelete.push([`${d.table}`, performance.now() - t0]);
    }
    throw new Rollback();
  }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
  perDelete.sort((a, b) => b[1] - a[1]);
  if (process.env.BENCH_DETAIL) console.log('delete:', perDelete.slice(0, 6).map(([t, ms]) => `${t} ${ms.toFixed(1)} ms`).join(' | '));
  if (process.env.BENCH_DETAIL) console.log(perTable.slice(0, 5).map(([t, ms]) => `${t} ${ms.toFixed(1)} ms`).join(' | '));
  return { rows, exportMs: median(exportMs), deleteMs: median(deleteMs), slowest: perTable.slice(0, 5) };
}

/** One database with `others` other subjects and the subject: its own key material, engine and subject id. */
async function prepare(label: string, database: Database, others: number) {
  await migrate(database);
  const dir = mkdtempSync(path.join(tmpdir(), 'ntbt-bench-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'warn' }, dir);
  const cipher = new FieldCipher(database.db, { secrets: config.secrets });
  const blindIndex = blindIndexer(config.secrets.blindIndexKey);
  const engine = { cipher, blindIndex, pseudonym: (s: string) => pseudonym(config.secrets.blindIndexKey, s) };
  const accountId = randomUUID();
  const s0 = performance.now();
  await seedOthers(database, 0, others, cipher);
  await seedSubject(database, accountId, cipher, { blindIndex });
  await sql`analyze`.execute(database.db);
  console.log(`${label}: seeded ${others} others + the subject in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
  return { database, accountId, cipher, engine };
}

// The two databases are measured in alternation (small, large, small, large …) so that the noise of a shared machine
// falls on both alike; each figure is the median of its runs.
async function run(label: string, small: Database, large: Database) {
  const a = await prepare(`${label} small`, small, SMALL);
  const b = await prepare(`${label} large`, large, LARGE);
  const ms = { small: { e: [] as number[], d: [] as number[] }, large: { e: [] as number[], d: [] as number[] } };
  let rows = 0;
  let slowest: unknown;
  for (let r = 0; r < RUNS; r++) {
    for (const [key, x] of [['small', a], ['large', b]] as const) {
      const m = await measure(x.database, x.accountId, x.cipher, x.engine);
      ms[key].e.push(m.exportMs);
      ms[key].d.push(m.deleteMs);
      rows = m.rows;
      if (key === 'large') slowest = m.slowest;
    }
  }
  const result = {
    label, records: RECORDS, rowsExported: rows, runs: RUNS,
    small: { others: SMALL, exportMs: median(ms.small.e), deleteMs: median(ms.small.d) },
    large: { others: LARGE, exportMs: median(ms.large.e), deleteMs: median(ms.large.d) },
    exportRatio: median(ms.large.e) / median(ms.small.e), deleteRatio: median(ms.large.d) / median(ms.small.d), slowestExportTablesLarge: slowest,
  };
  console.log(
    `${label.padEnd(10)} ${RECORDS} records: export ${result.small.exportMs.toFixed(0)} ms (${SMALL} others) vs ${result.large.exportMs.toFixed(0)} ms (${LARGE}) = ${result.exportRatio.toFixed(2)}×; ` +
      `deletion ${result.small.deleteMs.toFixed(1)} ms vs ${result.large.deleteMs.toFixed(1)} ms = ${result.deleteRatio.toFixed(2)}× (target < 1.5)`,
  );
  return result;
}

const results: unknown[] = [];
if (!process.env.BENCH_ONLY_PG) {
  const small = await openDatabase({});
  const large = await openDatabase({});
  results.push(await run('PGlite', small, large));
  await small.close();
  await large.close();
}
if (process.env.BENCH_DATABASE_URL) {
  const admin = process.env.BENCH_DATABASE_URL;
  await withScratchDatabase(admin, 'rights_s', (smallUrl) =>
    withScratchDatabase(admin, 'rights_l', async (largeUrl) => {
      const dbs: Database[] = [];
      try {
        dbs.push(await openDatabase({ url: smallUrl, poolMax: 5 }), await openDatabase({ url: largeUrl, poolMax: 5 }));
        results.push(await run('PostgreSQL', dbs[0]!, dbs[1]!));
      } finally {
        for (const d of dbs) await d.close().catch(() => undefined);
      }
    }),
  );
}
const out = { at: new Date().toISOString(), cpus: cpus().length, node: process.version, results };
const rdir = path.join(ROOT, 'bench', 'results');
mkdirSync(rdir, { recursive: true });
writeFileSync(path.join(rdir, `rights-${out.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(out, null, 2) + '\n');
process.exit(0);
