// Issue #4 bench, in one run on this machine:
//  1. password sign-in throughput through the whole platform (HTTP → Fastify → lockout reservation → argon2id verify →
//     session, sign-in record and audit → cookie) as a ratio to raw argon2id verify of the same hash at the same
//     concurrency (target ≥ 0.8: the platform adds little beyond the hash). The sign-ins rotate over --accounts
//     citizens (a city's sign-ins come from many accounts; one account would also hit the lockout's slot limit with
//     5 sign-ins in flight), sent by a lean keep-alive client (bench/http-load.ts) so that the load generator's own
//     cost stays small: it shares the cores. Both sides are measured in alternating batches, each over its steady part
//     (see `steady`);
//  2. a session-authenticated read (GET /api/v1/identity/session with the cookie) against a bare Fastify hello-world,
//     and against the same route without a cookie (the platform's own per-request cost).
// Embedded PGlite, and PostgreSQL too when BENCH_DATABASE_URL is set. Results → bench/results/identity-<ts>.json.
// The platform runs in this process: `npm run bench` starts it with the runtime settings `npm start` uses
// (MALLOC_ARENA_MAX=2, --max-semi-space-size=16), so that the garbage collector works as it does when deployed.
// Usage: node bench/identity.ts [--n 800] [--concurrency 8] [--accounts 32] [--duration 5] [--connections 20] [--postgres-only]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import autocannon from 'autocannon';
import { verify } from '@node-rs/argon2';
import { compose, type Platform } from '../server/src/main.ts';
import { loadConfig } from '../server/src/platform/config.ts';
import { openDatabase, type Database } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { createLogger } from '../server/src/platform/logger.ts';
import { DELIVER_JOB } from '../server/src/modules/notifications/index.ts';
import { withScratchDatabase } from './scratch-database.ts';
import { load } from './http-load.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('n', 800);
// argon2 runs on libuv's pool (4 threads). A sign-in spends part of its time outside the hash (HTTP, two statements),
// so with only 4 in flight fewer than 2 hashes are sometimes runnable and a core idles (measured: 0.6–0.9 ms of idle CPU
// per sign-in at 4, 0.1–0.2 ms at 8, against 0.07 ms for raw verify): twice the pool keeps the cores busy on both
// sides of the ratio, as a city's stream of sign-ins does at peak.
const CONCURRENCY = arg('concurrency', 8);
const ACCOUNTS = arg('accounts', 32);
const DURATION = arg('duration', 5);
const CONNECTIONS = arg('connections', 20);

/** Runs `fn` n times with at most `c` in flight; returns when each one finished (performance.now()), in order. */
async function inFlight(n: number, c: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  let next = 0;
  const finishedAt: number[] = [];
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) {
        await fn(next++);
        finishedAt.push(performance.now());
      }
    }),
  );
  return finishedAt;
}

/**
 * The steady part of a batch run with `c` in flight: the operations finished between the c-th and the (n−c)-th, and
 * the time between those two. Its first and last operations run with fewer than `c` in flight while the batch fills
 * and drains, leaving cores idle — more so for a sign-in, whose requests spend part of their time outside the hash —
 * which a city's continuous stream of sign-ins does not do. Both sides of the ratio are measured this way.
 */
function steady(finishedAt: number[], c: number): { ops: number; ms: number } {
  if (finishedAt.length <= 2 * c + 1) throw new Error(`a batch of ${finishedAt.length} is too small to measure at ${c} in flight`);
  return { ops: finishedAt.length - 1 - 2 * c, ms: finishedAt[finishedAt.length - 1 - c]! - finishedAt[c]! };
}

async function setup(database: Database): Promise<{ platform: Platform; base: string; names: string[]; password: string; hash: string; cookie: string }> {
  await migrate(database);
  const dir = mkdtempSync(path.join(tmpdir(), 'ntbt-bench-identity-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent', PORT: '0' }, dir);
  const platform = await compose({ config, database, logger: createLogger({ level: 'silent' }), jobs: { start: true, work: false } });
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(platform.app.server.address() as { port: number }).port}`;
  const password = 'a long bench pass phrase';
  const names: string[] = [];
  let cookie = '';
  for (let i = 0; i < ACCOUNTS; i++) {
    const mobile = `139512${String(30001 + i).padStart(5, '0')}`;
    const name = `bench_citizen_${i}`;
    const code = await platform.app.inject({ method: 'POST', url: '/api/v1/identity/codes', payload: { mobile, purpose: 'registration' } });
    const pending = await database.db.selectFrom('notification_outbox').select('id').where('status', '=', 'pending').execute();
    for (const { id } of pending) await platform.jobs.run(DELIVER_JOB, { outboxId: id });
    const sms = await database.db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', mobile).executeTakeFirstOrThrow();
    const reg = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/identity/register',
      payload: { accountName: name, mobile, password, challengeId: code.json().challengeId, code: sms.body.match(/\d{6}/)![0] },
    });
    if (reg.statusCode !== 200) throw new Error(`register failed: ${reg.body}`);
    names.push(name);
    cookie ||= `ntbt_sid=${reg.cookies.find((c) => c.name === 'ntbt_sid')!.value}`;
  }
  const hash = (await database.db.selectFrom('accounts').select('password_hash').executeTakeFirstOrThrow()).password_hash;
  return { platform, base, names, password, hash, cookie };
}

async function login(s: { base: string; password: string }, name: string) {
  const res = await fetch(`${s.base}/api/v1/identity/login/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: name, password: s.password }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
}

async function bare(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}/`, close: () => app.close() };
}

async function cannon(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
  return { reqPerSec: Math.round(r.requests.average), p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

async function run(label: string, database: Database) {
  const s = await setup(database);
  try {
    // warm-up: every account signs in once before the measured run (as returning citizens do)
    for (let i = 0; i < 5; i++) await verify(s.hash, s.password);
    for (const name of s.names) await login(s, name);
    const bodies = s.names.map((name) => JSON.stringify({ login: name, password: s.password }));
    let next = 0;
    const signInBatch = async (n: number): Promise<number[]> => {
      const r = await load(s.base, {
        connections: CONCURRENCY,
        amount: n,
        request: () => ({ method: 'POST', path: '/api/v1/identity/login/password', headers: { 'content-type': 'application/json' }, body: bodies[next++ % bodies.length] }),
      });
      if (Object.keys(r.statuses).some((k) => k !== '200')) throw new Error(`sign-in load: answers by status ${JSON.stringify(r.statuses)}`);
      return r.answeredAt;
    };
    // Raw verify and sign-in alternate in batches, so that whatever else the machine is doing weighs on both sides of
    // the ratio alike (a 2-core machine with one busy neighbour halves either side measured alone).
    const BATCH = Math.max(CONCURRENCY * 10, Math.ceil(N / 8));
    const raw = { ops: 0, ms: 0 };
    const signIn = { ops: 0, ms: 0 };
    let done = 0;
    while (done < N) {
      const n = N - done < 2 * BATCH ? N - done : BATCH; // no short last batch: too few operations to measure
      const r = steady(
        await inFlight(n, CONCURRENCY, async () => {
          if (!(await verify(s.hash, s.password))) throw new Error('verify failed');
        }),
        CONCURRENCY,
      );
      const l = steady(await signInBatch(n), CONCURRENCY);
      raw.ops += r.ops;
      raw.ms += r.ms;
      signIn.ops += l.ops;
      signIn.ms += l.ms;
      done += n;
    }
    const rawPerSec = raw.ops / (raw.ms / 1000);
    const loginPerSec = signIn.ops / (signIn.ms / 1000);
    const b = await bare();
    const bareRead = await cannon(b.url);
    await b.close();
    // the same route without a cookie: the platform's own cost (helmet, metrics, access check, zod), no session
    const guestRead = await cannon(`${s.base}/api/v1/identity/session`);
    const sessionRead = await cannon(`${s.base}/api/v1/identity/session`, { cookie: s.cookie });
    return {
      database: label,
      login: {
        n: N,
        concurrency: CONCURRENCY,
        rawArgon2VerifyPerSec: Math.round(rawPerSec),
        accounts: ACCOUNTS,
        passwordLoginPerSec: Math.round(loginPerSec),
        ratio: Number((loginPerSec / rawPerSec).toFixed(3)),
        target: '≥ 0.8',
      },
      sessionRead: {
        bareFastify: bareRead,
        platformGuest: guestRead,
        sessionAuthenticated: sessionRead,
        ratio: Number((sessionRead.reqPerSec / bareRead.reqPerSec).toFixed(3)),
        ratioToPlatformGuest: Number((sessionRead.reqPerSec / guestRead.reqPerSec).toFixed(3)),
      },
    };
  } finally {
    await s.platform.app.close();
    await s.platform.jobs.stop(1000);
  }
}

const results: unknown[] = [];
if (!process.argv.includes('--postgres-only')) {
  const lite = await openDatabase({});
  results.push(await run('pglite', lite));
  await lite.close();
}
if (process.env.BENCH_DATABASE_URL) {
  await withScratchDatabase(process.env.BENCH_DATABASE_URL, 'identity', async (url) => {
    const database = await openDatabase({ url, poolMax: 10 });
    try {
      results.push(await run('postgres', database));
    } finally {
      await database.close().catch(() => undefined);
    }
  });
}
const out = { at: new Date().toISOString(), cpus: cpus().length, node: process.version, results };
console.log(JSON.stringify(out, null, 2));
const dir = path.join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, `identity-${out.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(out, null, 2) + '\n');
