// Issue #8 bench: 12345 submission through the whole pipeline — HTTP + zod, emergency check, purpose guard, policy
// version, routing, encryption of title/description/contact (4 fields), request + step rows, audit record, in-app and
// SMS notification enqueue (each encrypted and audited, with its pg-boss delivery job) — as a throughput ratio to a
// plain insert of the same request row (plaintext, one transaction) in the same run. Target ≥ 0.3.
// Then p50/p99 latency of submissions at 50 concurrent clients. Embedded PGlite always; PostgreSQL when
// BENCH_DATABASE_URL is set. Usage: node bench/hotline.ts [--n 200] [--concurrency 50] [--total 500]
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../server/src/platform/config.ts';
import { createLogger } from '../server/src/platform/logger.ts';
import { openDatabase, type Database } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { compose } from '../server/src/main.ts';
import type { Authenticator } from '../server/src/platform/http/access.ts';
import { withScratchDatabase } from './scratch-database.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('n', 200);
const CONCURRENCY = arg('concurrency', 50);
const TOTAL = arg('total', 500);

// Bench-only caller: a citizen named by a header (never used by the application).
const benchAuth: Authenticator = {
  async authenticate(request) {
    const id = request.headers['x-bench-citizen'];
    return typeof id === 'string' ? { kind: 'citizen', accountId: id, sessionId: `bench-${id}` } : null;
  },
};

const BODY = {
  type: 'complaint',
  title: '小区门口占道经营',
  description: '崇川区某小区门口每天晚上占道经营，油烟很大，影响通行，希望有关部门处理。',
  divisionCode: '320613',
  contact: { name: '王小明', mobile: '13812345678' },
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function run(label: string, database: Database) {
  await migrate(database);
  const dir = mkdtempSync(path.join(tmpdir(), 'ntbt-bench-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'warn' }, dir);
  const platform = await compose({ config, database, logger: createLogger({ level: process.env.BENCH_LOG ?? 'fatal' }), authenticator: benchAuth, jobs: { start: true, work: false } });
  const { db } = database;
  const citizens = Array.from({ length: N + 20 }, () => randomUUID());

  const plain = async () =>
    db.transaction().execute(async (tx) => {
      const id = randomUUID();
      const now = new Date();
      await sql`insert into hotline_requests (id, tracking_no, channel, type, account_id, title_enc, description_enc, contact_name_enc, contact_mobile_enc,
                  division_code, status, suggested_org, received_at, due_date, policy_version, created_at)
                values (${id}, ${id}, 'app', ${BODY.type}, ${randomUUID()}, ${Buffer.from(BODY.title)}, ${Buffer.from(BODY.description)}, ${Buffer.from(BODY.contact.name)},
                  ${Buffer.from(BODY.contact.mobile)}, ${BODY.divisionCode}, 'submitted', 'chongchuan', ${now}, '2026-12-18', 1, ${now})`.execute(tx);
    });
  const submit = async (citizen: string) => {
    const t0 = performance.now();
    const res = await platform.app.inject({ method: 'POST', url: '/api/v1/hotline/requests', headers: { 'x-bench-citizen': citizen }, payload: BODY });
    if (res.statusCode !== 201) throw new Error(`submit failed: ${res.statusCode} ${res.body}`);
    return performance.now() - t0;
  };

  // Warm up both paths (JIT, first subject keys, statement caches).
  for (let i = 0; i < 20; i++) {
    await plain();
    await submit(citizens[N + i]!);
  }
  let t0 = performance.now();
  for (let i = 0; i < N; i++) await plain();
  const plainMs = (performance.now() - t0) / N;
  t0 = performance.now();
  for (let i = 0; i < N; i++) await submit(citizens[i]!); // each citizen's first request: a new subject key too
  const pipelineMs = (performance.now() - t0) / N;
  t0 = performance.now();
  for (let i = 0; i < N; i++) await submit(citizens[i]!); // returning citizens
  const againMs = (performance.now() - t0) / N;

  // 50 concurrent clients, TOTAL submissions in all.
  const latencies: number[] = [];
  let next = 0;
  const c0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TOTAL) {
        next++;
        latencies.push(await submit(citizens[next % N]!));
      }
    }),
  );
  const wall = (performance.now() - c0) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    label,
    plainOpsPerSec: 1000 / plainMs,
    pipelineOpsPerSec: 1000 / pipelineMs,
    ratioNewSubject: plainMs / pipelineMs,
    ratioReturning: plainMs / againMs,
    concurrent: { clients: CONCURRENCY, total: TOTAL, opsPerSec: TOTAL / wall, p50: pct(latencies, 50), p99: pct(latencies, 99) },
  };
  console.log(
    `${label.padEnd(10)} plain insert ${result.plainOpsPerSec.toFixed(0)}/s | pipeline ${result.pipelineOpsPerSec.toFixed(0)}/s new citizen = ${result.ratioNewSubject.toFixed(2)}× ` +
      `(returning ${(1000 / againMs).toFixed(0)}/s = ${result.ratioReturning.toFixed(2)}×; target ≥ 0.3) | ${CONCURRENCY} clients: ${result.concurrent.opsPerSec.toFixed(0)}/s, ` +
      `p50 ${result.concurrent.p50.toFixed(1)} ms, p99 ${result.concurrent.p99.toFixed(1)} ms`,
  );
  await platform.app.close();
  await platform.jobs.stop(1000);
  await database.close();
  return result;
}

console.log(`12345 submission: ${N} sequential submissions vs plain inserts, then ${TOTAL} at ${CONCURRENCY} concurrent clients`);
if (!process.env.BENCH_ONLY_PG) await run('PGlite', await openDatabase({}));
if (process.env.BENCH_DATABASE_URL) await withScratchDatabase(process.env.BENCH_DATABASE_URL, 'hotline', async (url) => void (await run('PostgreSQL', await openDatabase({ url, poolMax: 10 }))));
process.exit(0);
