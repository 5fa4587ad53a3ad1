import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startMemoryReclaimer } from '../../src/platform/memory.ts';

test('an idle process whose memory grew past the threshold gets one full collection that gives the garbage back', async () => {
  const collected: { beforeBytes: number; afterBytes: number }[] = [];
  const reclaimer = startMemoryReclaimer({ intervalMs: 200, growthBytes: 16 * 1024 * 1024, onCollected: (c) => collected.push(c) });
  try {
    // Garbage the way the embedded database leaves it: large native buffers nothing refers to any more. They are held
    // until all are allocated — otherwise the allocations themselves can trigger V8's own collection of the first
    // ones, and on a busy machine (CI) too little may be left above the threshold for the reclaimer to see.
    let held: Buffer[] | null = [];
    for (let i = 0; i < 8; i++) held.push(Buffer.alloc(16 * 1024 * 1024, 1));
    held = null;
    for (let i = 0; i < 30 && collected.length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    assert.equal(collected.length, 1, 'one collection while idle');
    assert.ok(collected[0]!.afterBytes < collected[0]!.beforeBytes, 'RSS went down');
  } finally {
    reclaimer.stop();
  }
});

test('a busy process is not interrupted by the reclaimer, however much its memory grew', async () => {
  const collected: unknown[] = [];
  const reclaimer = startMemoryReclaimer({ intervalMs: 100, growthBytes: 1, onCollected: (c) => collected.push(c) });
  try {
    const keep: Buffer[] = [];
    const until = Date.now() + 700;
    // Keep the event loop saturated (utilisation ≈ 1) while memory grows.
    while (Date.now() < until) {
      keep.push(Buffer.alloc(1024 * 1024, 1));
      await new Promise((r) => setImmediate(r));
      const spin = Date.now() + 5;
      while (Date.now() < spin);
    }
    assert.equal(collected.length, 0);
    assert.ok(keep.length > 0);
  } finally {
    reclaimer.stop();
  }
});

test('collect() runs a full collection on demand (after boot)', async () => {
  const collected: unknown[] = [];
  const reclaimer = startMemoryReclaimer({ intervalMs: 60_000, onCollected: (c) => collected.push(c) });
  reclaimer.collect();
  await new Promise((r) => setTimeout(r, 700));
  reclaimer.stop();
  assert.equal(collected.length, 1);
});
