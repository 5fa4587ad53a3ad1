// npm run search:eval — top-1 / top-5 accuracy of search on the judged query set (server/src/modules/search/eval/
// queries.ts) against the real seeded catalogue, in-process. Lists every miss. Exit code 1 when top-5 < 0.9 or an
// expectation names no catalogue item. Targets (issue #7): top-1 ≥ 0.85, top-5 ≥ 0.95.
import { buildIndex, evaluate, loadSeededCatalogue } from '../server/src/modules/search/eval/evaluate.ts';

const items = await loadSeededCatalogue();
const t0 = performance.now();
const index = buildIndex(items);
const buildMs = performance.now() - t0;
const r = evaluate(index, items);
const pct = (x: number) => (x * 100).toFixed(1) + '%';
console.log(`catalogue: ${items.length} published items, index built in ${Math.round(buildMs)} ms`);
console.log(`judged queries: ${r.total}`);
console.log(`top-1 accuracy: ${r.top1.toFixed(3)} (${pct(r.top1)})   target ≥ 0.85`);
console.log(`top-5 accuracy: ${r.top5.toFixed(3)} (${pct(r.top5)})   target ≥ 0.95`);
for (const [kind, k] of Object.entries(r.byKind)) console.log(`  ${kind.padEnd(11)} n=${String(k.total).padStart(3)}  top-1 ${(k.top1 / k.total).toFixed(2)}  top-5 ${(k.top5 / k.total).toFixed(2)}`);
if (r.misses.length) {
  console.log(`\nmisses at rank 1 (${r.misses.length}):`);
  for (const m of r.misses) console.log(`  [${m.kind}] ${m.q} → expected ${m.expect}, ${m.rank ? `found at ${m.rank}` : 'not in top 5'}; got: ${m.got.join(' | ') || '(nothing)'}`);
}
if (r.unknown.length) {
  console.log(`\nexpectations naming no catalogue item (${r.unknown.length}):`);
  for (const u of r.unknown) console.log(`  ${u.q} → ${u.expect}`);
}
process.exitCode = r.top5 >= 0.9 && r.unknown.length === 0 ? 0 : 1;
