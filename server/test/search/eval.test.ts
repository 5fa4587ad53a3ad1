// The judged query set (npm run search:eval) as a regression gate: search on the real seeded catalogue must keep
// finding what citizens mean. The target is top-5 ≥ 0.95; the gate is 0.9 so that one catalogue edit does not
// fail the build, while a broken analyser (pinyin, synonyms, typo tolerance) does.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildIndex, evaluate, loadSeededCatalogue, type EvalReport } from '../../src/modules/search/eval/evaluate.ts';
import { JUDGED_QUERIES } from '../../src/modules/search/eval/queries.ts';

describe('judged search queries on the seeded catalogue', () => {
  let report: EvalReport;
  before(async () => {
    const items = await loadSeededCatalogue();
    report = evaluate(buildIndex(items), items);
  });

  it('the judged set has at least 150 queries covering characters, pinyin, initials, colloquial, typos and districts', () => {
    assert.ok(JUDGED_QUERIES.length >= 150);
    for (const kind of ['chars', 'pinyin', 'initials', 'colloquial', 'typo', 'district']) assert.ok((report.byKind[kind]?.total ?? 0) >= 10, kind);
  });

  it('every expectation names an item of the catalogue', () => {
    assert.deepEqual(report.unknown, []);
  });

  it('top-5 accuracy is at least 0.9', () => {
    assert.ok(report.top5 >= 0.9, `top-5 ${report.top5.toFixed(3)}; misses: ${JSON.stringify(report.misses.slice(0, 10))}`);
  });
});
