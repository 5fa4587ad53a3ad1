// Search bench, bounded to ~1 minute: (1) in-process latency per query of the engine on the seeded catalogue and on
// 20× it (synthetic items made from the seed: each item copied with other divisions' names, other departments and a
// shuffled keyword, so postings and vocabulary grow like a real larger catalogue), over the judged query set —
// p50/p99 of search() and suggest(); (2) HTTP req/s of GET /api/v1/search against the platform started as a child
// process (embedded PGlite), as a ratio to a bare Fastify hello-world child in the same run.
// Target (issue #7): in-process p99 ≤ 5 ms at 20×. Results go to bench/results/search-<timestamp>.json (gitignored).
// Usage: node bench/search.ts [--duration 5] [--connections 50] [--rounds 5]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildIndex, loadSeededCatalogue } from '../server/src/modules/search/eval/evaluate.ts';
import { JUDGED_QUERIES } from '../server/src/modules/search/eval/queries.ts';
import type { CatalogueItem } from '../server/src/modules/catalogue/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const DURATION = arg('duration', 5);
const CONNECTIONS = arg('connections', 50);
const ROUNDS = arg('rounds', 5);

const DIVISIONS = ['崇川', '通州', '海门', '如东', '启东', '如皋', '海安', '开发区', '港闸', '苏锡通', '通州湾', '南通', '狼山', '濠河', '江海', '钟秀', '城东', '观音山', '兴仁'];
const SUFFIXES = ['', '（网上办）', '（窗口）', '变更', '延续', '注销', '补正', '预约', '咨询', '查询', '证明', '备案', '核验', '年审', '迁移', '转移', '认定', '复核', '申报'];

/** 20× the seed: each item once as it is and 19 variants named for a place, with a procedural suffix. */
function synthetic(items: CatalogueItem[], factor: number): CatalogueItem[] {
  const out: CatalogueItem[] = [...items];
  for (let k = 1; k < factor; k++) {
    for (const [n, it] of items.entries()) {
      const place = DIVISIONS[(k + n) % DIVISIONS.length]!;
      const suffix = SUFFIXES[(k * 7 + n) % SUFFIXES.length]!;
      out.push({
        ...it,
        code: `${it.code}-S${k}`,
        name: `${place}${it.name}${suffix}`,
        shortName: it.shortName ? `${place}${it.shortName}` : it.shortName,
        aliases: it.aliases.map((a, j) => (j % 2 ? a : `${a}${suffix}`)),
        keywords: [...it.keywords].reverse(),
        departmentName: `${place}${it.departmentName}`,
        popularity: Math.max(1, Math.round(it.popularity / (1 + k))),
      });
    }
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function inProcess(label: string, items: CatalogueItem[]) {
  const t0 = performance.now();
  const index = buildIndex(items);
  const buildMs = performance.now() - t0;
  const queries = JUDGED_QUERIES.map((q) => q.q);
  for (const q of queries) index.search(q); // warm-up (JIT, phrase cache)
  const searchMs: number[] = [];
  const searchCpuMs: number[] = [];
  const suggestMs: number[] = [];
  // per query, its fastest round: what the query costs when the process is not preempted or collecting garbage — on
  // a shared machine the plain percentiles measure the neighbours as much as the engine
  const bestMs = new Array<number>(queries.length).fill(Infinity);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [qi, q] of queries.entries()) {
      const c = process.cpuUsage();
      let s = performance.now();
      index.search(q, { limit: 20 });
      const took = performance.now() - s;
      searchMs.push(took);
      if (took < bestMs[qi]!) bestMs[qi] = took;
      const cpu = process.cpuUsage(c);
      searchCpuMs.push((cpu.user + cpu.system) / 1000);
      const prefix = [...q].slice(0, Math.max(1, Math.ceil([...q].length / 2))).join('');
      s = performance.now();
      index.suggest(prefix);
      suggestMs.push(performance.now() - s);
    }
  }
  searchMs.sort((a, b) => a - b);
  searchCpuMs.sort((a, b) => a - b);
  suggestMs.sort((a, b) => a - b);
  bestMs.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    label,
    items: items.length,
    buildMs: Math.round(buildMs),
    queries: searchMs.length,
    search: { p50: r(percentile(searchMs, 50)), p99: r(percentile(searchMs, 99)), max: r(searchMs.at(-1)!) },
    /** CPU time of this process per query (user + system): less disturbed by other load on a shared machine */
    searchCpu: { p50: r(percentile(searchCpuMs, 50)), p99: r(percentile(searchCpuMs, 99)) },
    /** p50/p99 over the queries of each query's fastest round (robust to machine load) */
    searchBestOfRounds: { p50: r(percentile(bestMs, 50)), p99: r(percentile(bestMs, 99)), max: r(bestMs.at(-1)!) },
    suggest: { p50: r(percentile(suggestMs, 50)), p99: r(percentile(suggestMs, 99)), max: r(suggestMs.at(-1)!) },
    heapMb: Math.round(process.memoryUsage().heapUsed / 1048576),
  };
}

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
async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
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
async function load(label: string, url: string, baseline?: number) {
  const probe = await fetch(url);
  await probe.arrayBuffer();
  if (probe.status !== 200) return { label, url, skipped: `answers ${probe.status}` };
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  const reqPerSec = Math.round(r.requests.average);
  return { label, url, reqPerSec, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, ratio: baseline ? Number((reqPerSec / baseline).toFixed(3)) : undefined };
}

const HELLO_CHILD = `
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

async function http() {
  const out: Record<string, unknown>[] = [];
  const helloPort = await freePort();
  const hello = spawn(process.execPath, ['--input-type=module', '-e', HELLO_CHILD], { cwd: ROOT, env: { ...process.env, PORT: String(helloPort) }, stdio: ['ignore', 'inherit', 'inherit'] });
  let base: number;
  try {
    await waitHealthy(`http://127.0.0.1:${helloPort}/`, hello, 10_000);
    const b = await load('bare Fastify hello-world (child process)', `http://127.0.0.1:${helloPort}/`);
    out.push(b);
    base = ('reqPerSec' in b ? b.reqPerSec : 0) ?? 0;
  } finally {
    await stop(hello);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ntbt-bench-search-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(ROOT, 'server', 'src', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    const u = `http://127.0.0.1:${port}`;
    await waitHealthy(`${u}/healthz`, child, 90_000);
    // the platform's own floor (helmet, request id, authenticator chain, metrics) on its cheapest route, for reference
    out.push(await load('GET /healthz (platform floor)', `${u}/healthz`, base));
    out.push(await load('GET /api/v1/search?q=gjj', `${u}/api/v1/search?q=gjj`, base));
    out.push(await load('GET /api/v1/search?q=身份证丢了怎么办', `${u}/api/v1/search?q=${encodeURIComponent('身份证丢了怎么办')}`, base));
    out.push(await load('GET /api/v1/search/suggest?q=gongji', `${u}/api/v1/search/suggest?q=gongji`, base));
  } catch (e) {
    out.push({ label: 'platform', error: (e as Error).message });
  } finally {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}

const started = Date.now();
const loadAverage = loadavg().map((x) => Number(x.toFixed(2)));
const seed = await loadSeededCatalogue();
const engine = [inProcess(`seeded catalogue (${seed.length} items)`, seed), inProcess(`20× synthetic (${seed.length * 20} items)`, synthetic(seed, 20))];
const httpResults = await http();
const results = { at: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAverage, engine, http: httpResults, totalSeconds: 0 };
results.totalSeconds = Math.round((Date.now() - started) / 1000);
const dir = path.join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `search-${results.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2) + '\n');

console.log(`\nSearch — Node ${process.version}, ${results.cpus}× ${results.cpuModel}; load average at start ${results.loadAverage.join(' ')}`);
console.log('In process (judged query set × rounds; ms per query):');
for (const e of engine) {
  console.log(`  ${e.label.padEnd(34)} build ${String(e.buildMs).padStart(5)} ms · search p50 ${e.search.p50} p99 ${e.search.p99} max ${e.search.max} (CPU p50 ${e.searchCpu.p50} p99 ${e.searchCpu.p99}; best of ${ROUNDS} rounds p50 ${e.searchBestOfRounds.p50} p99 ${e.searchBestOfRounds.p99}) · suggest p50 ${e.suggest.p50} p99 ${e.suggest.p99} · heap ${e.heapMb} MB`);
}
const p99at20 = engine[1]!.search.p99;
console.log(`  target: p99 ≤ 5 ms at 20× → ${p99at20 <= 5 ? 'met' : 'NOT met'} (${p99at20} ms; best-of-rounds p99 ${engine[1]!.searchBestOfRounds.p99} ms; load average ${loadavg()[0]!.toFixed(2)} on ${results.cpus} CPUs)`);
console.log(`HTTP (${CONNECTIONS} connections, ${DURATION} s each; ratio to the bare Fastify child):`);
for (const l of httpResults as { label: string; reqPerSec?: number; p99Ms?: number; ratio?: number; skipped?: string; error?: string; non2xx?: number }[]) {
  console.log(`  ${l.label.padEnd(44)} ${l.error ?? l.skipped ?? `${String(l.reqPerSec).padStart(7)} req/s  p99 ${l.p99Ms} ms${l.ratio !== undefined ? `  ×${l.ratio}` : ''}${l.non2xx ? `  non-2xx ${l.non2xx}` : ''}`}`);
}
console.log(`${results.totalSeconds} s total · ${path.relative(ROOT, file)}`);
