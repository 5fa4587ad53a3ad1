import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildReport, CLAUSES_FILE, citedClauses, parseClauseIds, parseJUnit, scanTestTitles } from '../../src/compliance/report.ts';
import { ORGANISATIONAL } from '../../src/compliance/organisational.ts';

// What node:test's junit reporter writes, including its quirks: nested suites, an unescaped '>' inside attribute
// values, double-escaped quotes, and a failure both as attribute and as child element.
const JUNIT = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
	<testsuite name="accounts &amp; &lt;x>" tests="3" failures="1" skipped="1">
		<testcase name="deletes within 15 working days PP-4.3 &amp;quot;quoted&amp;quot;" time="0.1" classname="accounts" file="/a.test.ts"/>
		<testcase name="validates ID numbers LAW-10" time="0.1" classname="accounts" file="/a.test.ts" failure="boom &lt;a>">
			<failure type="testCodeFailure" message="boom &lt;a>">Error: boom &lt;a></failure>
		</testcase>
		<testcase name="browses without an account PP-1.1" time="0.1" classname="accounts" file="/a.test.ts">
			<skipped type="skipped" message="true"/>
		</testcase>
	</testsuite>
	<testcase name="deletes within 15 working days PP-4.3 &amp;quot;quoted&amp;quot;" time="0.1" classname="test" file="/b.test.ts"/>
	<testcase name="consent first PP-0.1, LAW-3 and PP-0.1 again" time="0.1" classname="test" file="/b.test.ts"/>
</testsuites>`;

describe('compliance report', () => {
  it('reads every clause ID of the shipped spec copy, in document order, without duplicates', () => {
    const ids = parseClauseIds(readFileSync(CLAUSES_FILE, 'utf8'));
    assert.equal(ids[0], 'PP-0.1');
    assert.ok(ids.includes('PP-4.3') && ids.includes('PP-1.20') && ids.includes('LAW-11'));
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.filter((id) => id.startsWith('LAW-')).length, 11);
    for (const id of Object.keys(ORGANISATIONAL)) assert.ok(ids.includes(id), `organisational ${id} is a real clause`);
  });

  it('finds clause IDs cited in a test name, as whole words only', () => {
    assert.deepEqual(citedClauses('keeps PP-4.3 and LAW-10, not XPP-4.3x or PP-4 or LAW-'), ['PP-4.3', 'LAW-10']);
    assert.deepEqual(citedClauses('PP-1.2 PP-1.20'), ['PP-1.2', 'PP-1.20']);
  });

  it('parses JUnit test cases with their outcome, decoding entities the reporter escaped twice', () => {
    const results = parseJUnit(JUNIT);
    assert.equal(results.length, 5);
    assert.deepEqual(results[0], { name: 'deletes within 15 working days PP-4.3 "quoted"', outcome: 'passed' });
    assert.equal(results[1]!.outcome, 'failed');
    assert.equal(results[2]!.outcome, 'skipped');
  });

  it('reports a clause failing if any citing test failed, covered if one passed, and skipped tests as no coverage', () => {
    const report = buildReport(['PP-0.1', 'PP-1.1', 'PP-2.2', 'PP-4.3', 'LAW-3', 'LAW-10', 'LAW-11'], parseJUnit(JUNIT), { 'PP-2.2': 'contracts' });
    const status = Object.fromEntries(report.clauses.map((c) => [c.id, c.status]));
    assert.deepEqual(status, {
      'PP-0.1': 'covered',
      'PP-1.1': 'uncovered',
      'PP-2.2': 'organisational',
      'PP-4.3': 'covered',
      'LAW-3': 'covered',
      'LAW-10': 'failing',
      'LAW-11': 'uncovered',
    });
    assert.deepEqual(report.clauses.find((c) => c.id === 'PP-4.3')!.tests, ['deletes within 15 working days PP-4.3 "quoted"']);
    assert.equal(report.covered, 3);
    assert.equal(report.total, 7);
  });

  it('scans test titles from source when no results exist, whatever the quote style', () => {
    const src = `it('a PP-1.1 title', () => {});\n  test("b LAW-2", async () => {});\n it.skip(\`c PP-3.4\`, () => {});\n it('it\\'s PP-4.1', () => {}); notit('x')`;
    assert.deepEqual(scanTestTitles(src), ['a PP-1.1 title', 'b LAW-2', 'c PP-3.4', "it's PP-4.1"]);
    const report = buildReport(['PP-1.1', 'PP-9.9'], scanTestTitles(src).map((name) => ({ name, outcome: 'not-run' as const })), {});
    assert.deepEqual(report.clauses.map((c) => c.status), ['not-run', 'uncovered']);
  });
});
