// Issue #4 bench, in one run on this machine:
//  1. password sign-in throughput through the whole platform (HTTP → Fastify → lockout reservation → argon2id verify →
//     session, sign-in record and audit → cookie) as a ratio to raw argon2id verify of the same hash at the same
//     concurrency (target ≥ 0.8: the platform adds little beyond the hash). The sign-ins rotate over --accounts
//     citizens (a city's sign-ins come from many accounts; one account would also hit the lockout's slot limit with
//     5 sign-ins in flight), sent by autocannon so that the load generator's own cost stays small: it shares the cores;
//  2. a session-authenticated read (GET /api/v1/identity/session with the cookie) against a bare Fastify hello-world,
//     and against the same route without a cookie (the platform's own per-request cost).
// Embedded PGlite, and PostgreSQL too when BENCH_DATABASE_URL is set. Results → bench/results/identity-<ts>.json.
// Usage: node bench/identity.ts [--n 300] [--concurrency 4] [--accounts 32] [--duration 5] [--connections 20] [--postgres-only]
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

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('n', 300);
// argon2 runs on libuv's pool (4 threads): twice the cores keeps the cores busy on both sides of the ratio
const CONCURRENCY = arg('concurrency', Math.min(4, 2 * cpus().length));
const ACCOUNTS = arg('accounts', 32);
const DURATION = arg('duration', 5);
const CONNECTIONS = arg('connections', 20);

/** Runs `fn` N times with at most `c` in flight; returns operations per second. */
async function throughput(n: number, c: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
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
    const signInBatch = async (n: number): Promise<number> => {
      let lastAnswerAt = 0; // autocannon ends on its 1 s sampling tick: time the batch to its last answer instead
      const t0 = performance.now();
      const r = await autocannon({
        url: `${s.base}/api/v1/identity/login/password`,
        connections: CONCURRENCY,
        amount: n,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodies[next++ % bodies.length] }),
            onResponse: () => void (lastAnswerAt = performance.now()),
          },
        ],
      });
      if (r.non2xx || r.errors) throw new Error(`sign-in load: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      return lastAnswerAt - t0;
    };
    // Raw verify and sign-in alternate in batches, so that whatever else the machine is doing weighs on both sides of
    // the ratio alike (a 2-core machine with one busy neighbour halves either side measured alone).
    const BATCH = Math.max(CONCURRENCY * 5, Math.ceil(N / 5));
    let rawMs = 0;
    let loginMs = 0;
    let done = 0;
    while (done < N) {
      const n = Math.min(BATCH, N - done);
      const t0 = performance.now();
      await throughput(n, CONCURRENCY, async () => {
        if (!(await verify(s.hash, s.password))) throw new Error('verify failed');
      });
      rawMs += performance.now() - t0;
      loginMs += await signInBatch(n);
      done += n;
    }
    const rawPerSec = N / (rawMs / 1000);
    const loginPerSec = N / (loginMs / 1000);
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
