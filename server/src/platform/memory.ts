// Idle memory reclaimer. The embedded database (PGlite, a WebAssembly PostgreSQL) leaves native garbage behind every
// query that only V8's full mark-compact frees, and V8 does not feel that pressure: measured on 2026-11-28, 50
// information_schema queries grew RSS by ~300 MB, all of it returned by one full GC. A city-hall laptop running
// `npm start` should not sit at 600 MB doing nothing (issue #2: idle RSS ≤ 400 MB embedded, ≤ 150 MB with PostgreSQL).
// So: when the process has been idle for a whole interval (event-loop utilisation under 5 %) and RSS has grown by more
// than `growthBytes` since the last collection, run one full GC. Busy processes are never interrupted — under load V8's
// own heuristics decide — and an idle one pays a few tens of milliseconds once per growth step.
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

export interface MemoryReclaimerOptions {
  intervalMs?: number;
  growthBytes?: number;
  /** Event-loop utilisation (0–1) below which an interval counts as idle. */
  idleUtilisation?: number;
  onCollected?: (info: { beforeBytes: number; afterBytes: number; ms: number }) => void;
}

export interface MemoryReclaimer {
  /** Runs one full collection now (after boot: migrations, seed and index builds leave the most garbage). */
  collect(): void;
  stop(): void;
}

let fullGc: (() => void) | undefined;
function gcFunction(): () => void {
  if (fullGc) return fullGc;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return (fullGc = exposed);
  // Exposing gc after start-up is supported: the flag only adds the `gc` global to contexts created afterwards.
  v8.setFlagsFromString('--expose-gc');
  fullGc = vm.runInNewContext('gc') as () => void;
  return fullGc;
}

export function startMemoryReclaimer(opts: MemoryReclaimerOptions = {}): MemoryReclaimer {
  const intervalMs = opts.intervalMs ?? 5_000;
  const growth = opts.growthBytes ?? 32 * 1024 * 1024;
  const idleBelow = opts.idleUtilisation ?? 0.05;
  const gc = gcFunction();
  let baseline = process.memoryUsage.rss();
  let lastElu = performance.eventLoopUtilization();

  let settling = false;
  const collect = () => {
    if (settling) return;
    settling = true;
    const before = process.memoryUsage.rss();
    const t0 = performance.now();
    gc();
    const ms = performance.now() - t0;
    // Freed backing stores go back to the system from V8's background threads, so RSS is read a moment later.
    const settle = setTimeout(() => {
      settling = false;
      baseline = process.memoryUsage.rss();
      opts.onCollected?.({ beforeBytes: before, afterBytes: baseline, ms });
    }, 500);
    settle.unref();
  };

  const timer = setInterval(() => {
    const elu = performance.eventLoopUtilization(lastElu);
    lastElu = performance.eventLoopUtilization();
    if (elu.utilization >= idleBelow) return;
    const rss = process.memoryUsage.rss();
    if (rss - baseline > growth) collect();
    else if (rss < baseline) baseline = rss; // V8 returned memory on its own: measure growth from there
  }, intervalMs);
  timer.unref();
  return { collect, stop: () => clearInterval(timer) };
}
