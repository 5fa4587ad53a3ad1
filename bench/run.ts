// Benchmarks on loopback, bounded to < 2 minutes: a bare Fastify hello-world in this process (the baseline) against
// the platform started as a child process exactly as in production (`node server/src/main.ts`), embedded PGlite and —
// when BENCH_DATABASE_URL is set — PostgreSQL. Reports req/s and p99 latency per endpoint with the ratio to the
// baseline, first start (migrate + seed) and cold start of an existing data directory, RSS 3 s after start, idle RSS 20 s after start and 12 s after the load, and the PostgreSQL servers' RSS (best
// effort, via ps). Results go to bench/results/<timestamp>.json (gitignored).
// Usage: node bench/run.ts [--duration 5] [--connections 50]
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import autocannon from 'autocannon';
import { withScratchDatabase } from './scratch-database.ts';

// The flags `npm start` runs the server with (package.json): measure what is deployed.
const SERVER_NODE_FLAGS = ['--max-semi-space-size=16'];
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const DURATION = arg('duration', 5);
const CONNECTIONS = arg('connections', 50);

interface Load {
  label: string;
  url: string;
  status?: number;
  reqPerSec?: number;
  p99Ms?: number;
  ratio?: number;
  non2xx?: number;
  errors?: number;
  skipped?: string;
}
interface Target {
  database: 'pglite' | 'postgres';
  firstStartMs?: number;
  coldStartMs?: number;
  rssAt3sMb?: number;
  idleRssMb?: number;
  idleAfterLoadRssMb?: number;
  postgresRssMb?: number;
  loads: Load[];
  error?: string;
}

const HELLO_CHILD = `
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function load(label: string, url: string, baseline?: Load): Promise<Load> {
  const probe = await fetch(url).catch((e: Error) => e);
  if (probe instanceof Error) return { label, url, skipped: probe.message };
  await probe.arrayBuffer();
  if (probe.status !== 200) return { label, url, status: probe.status, skipped: `answers ${probe.status} (module not wired?)` };
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, pipelining: 1 });
  const result: Load = {
    label,
    url,
    status: 200,
    reqPerSec: Math.round(r.requests.average),
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
  if (baseline?.reqPerSec) result.ratio = Number((result.reqPerSec! / baseline.reqPerSec).toFixed(3));
  return result;
}

function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/** Sum of RSS of all postgres server processes visible here (shared buffers are counted per process: an upper bound). */
function postgresRssMb(): number | undefined {
  try {
    const out = execFileSync('ps', ['-C', 'postgres', '-o', 'rss='], { encoding: 'utf8' });
    const kb = out.split('\n').map(Number).filter((n) => n > 0);
    return kb.length ? Math.round(kb.reduce((a, b) => a + b, 0) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`platform exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok && (await res.json()).status === 'ok') return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`not healthy within ${timeoutMs} ms`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function platform(database: 'pglite' | 'postgres', baseline: Load[], databaseUrl?: string): Promise<Target> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ntbt-bench-'));
  // the environment `npm start` sets: NODE_COMPILE_CACHE (from the second start on, Node loads the stripped, compiled
  // modules from the cache instead of stripping the TypeScript again; the first start of this run fills it if it is
  // empty) and MALLOC_ARENA_MAX
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', NODE_COMPILE_CACHE: path.join(ROOT, 'var', 'compile-cache'), MALLOC_ARENA_MAX: '2' };
  delete env.DATABASE_URL;
  if (database === 'postgres') env.DATABASE_URL = databaseUrl;
  const target: Target = { database, loads: [] };
  const base = `http://127.0.0.1:${port}`;
  const boot = async () => {
    const t0 = performance.now();
    const c = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(ROOT, 'server', 'src', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    await waitHealthy(`${base}/healthz`, c, 60_000);
    return { child: c, ms: Math.round(performance.now() - t0) };
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let child: ChildProcess | undefined;
  try {
    // First start on an empty data directory: migrations, keys, seed. Then the start a city hall sees every morning.
    const first = await boot();
    child = first.child;
    target.firstStartMs = first.ms;
    await stop(child);
    const second = await boot();
    child = second.child;
    target.coldStartMs = second.ms;
    await sleep(3000);
    target.rssAt3sMb = rssMb(child.pid!);
    await sleep(17_000); // idle: the memory reclaimer (platform/memory.ts) has had its chance
    target.idleRssMb = rssMb(child.pid!);
    if (database === 'postgres') target.postgresRssMb = postgresRssMb();
    target.loads.push(await load('/healthz', `${base}/healthz`, baseline[0]));
    target.loads.push(await load('GET /api/v1/reference/organisations', `${base}/api/v1/reference/organisations`, baseline[0]));
    await sleep(12_000);
    target.idleAfterLoadRssMb = rssMb(child.pid!);
  } catch (e) {
    target.error = (e as Error).message;
  } finally {
    if (child) await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return target;
}

async function main() {
  const started = Date.now();
  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  const helloPort = await freePort();
  await hello.listen({ port: helloPort, host: '127.0.0.1' });
  const inProcess = await load('bare Fastify hello-world (in process)', `http://127.0.0.1:${helloPort}/`);
  await hello.close();
  // In process, the baseline server shares its event loop with autocannon, while the platform has a process of its
  // own: that flatters the platform. The same hello-world in a child process is the fair baseline the ratios use.
  const childPort = await freePort();
  const helloChild = spawn(process.execPath, ['--input-type=module', '-e', HELLO_CHILD], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(childPort) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let childBaseline: Load;
  try {
    await waitHealthy(`http://127.0.0.1:${childPort}/healthz`, helloChild, 10_000);
    childBaseline = await load('bare Fastify hello-world (child process)', `http://127.0.0.1:${childPort}/`);
  } finally {
    await stop(helloChild);
  }
  const baseline = [childBaseline, inProcess];

  const targets: Target[] = [await platform('pglite', baseline)];
  if (process.env.BENCH_DATABASE_URL) targets.push(await withScratchDatabase(process.env.BENCH_DATABASE_URL, 'platform', (url) => platform('postgres', baseline, url)));

  const results = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    baseline,
    targets,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${results.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');

  const row = (l: Load) =>
    l.skipped
      ? `  ${l.label.padEnd(40)} skipped: ${l.skipped}`
      : `  ${l.label.padEnd(40)} ${String(l.reqPerSec).padStart(8)} req/s  p99 ${String(l.p99Ms).padStart(4)} ms` +
        (l.ratio !== undefined ? `  ×${l.ratio} of baseline` : '') +
        (l.non2xx || l.errors ? `  (non-2xx ${l.non2xx}, errors ${l.errors})` : '');
  console.log(`\nNode ${process.version}, ${results.cpus}× ${results.cpuModel}; ${CONNECTIONS} connections, ${DURATION} s per endpoint\n`);
  console.log('Baseline (ratios below are to the child-process one):');
  baseline.forEach((l) => console.log(row(l)));
  for (const t of targets) {
    console.log(`\nPlatform, ${t.database} (child process):`);
    if (t.error) console.log(`  error: ${t.error}`);
    console.log(`  first start (migrate + seed): ${t.firstStartMs ?? '?'} ms · cold start to /healthz ok: ${t.coldStartMs ?? '?'} ms · RSS 3 s after start: ${t.rssAt3sMb ?? '?'} MB · idle RSS 20 s after start: ${t.idleRssMb ?? '?'} MB (target ${t.database === 'postgres' ? '≤ 150' : '≤ 400'}) · idle 12 s after the load: ${t.idleAfterLoadRssMb ?? '?'} MB` + (t.database === 'postgres' ? ` · postgres servers RSS (sum, upper bound): ${t.postgresRssMb ?? 'n/a'} MB` : ''));
    t.loads.forEach((l) => console.log(row(l)));
  }
  console.log(`\n${results.totalSeconds} s total · ${path.relative(ROOT, file)}`);
}

await main();
