// Compliance report: every clause of server/src/compliance/clauses.md with the tests that cite it and their outcome in
// the last test run (var/test-results.xml, JUnit from `node --test --test-reporter=junit`). Runs no tests itself.
// Usage: node scripts/compliance.ts [--json] [--results <file>] [--strict]
//   --strict exits 1 when a clause is failing or uncovered (for CI).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReport, CLAUSES_FILE, formatTable, listTestFiles, parseClauseIds, parseJUnit, scanTestTitles, type TestResult } from '../server/src/compliance/report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const strict = args.includes('--strict');
const resultsArg = args.indexOf('--results');
const resultsFile = resultsArg >= 0 ? path.resolve(args[resultsArg + 1] ?? '') : path.join(ROOT, 'var', 'test-results.xml');

const ids = parseClauseIds(readFileSync(CLAUSES_FILE, 'utf8'));
let results: TestResult[];
let source: string;
if (existsSync(resultsFile)) {
  results = parseJUnit(readFileSync(resultsFile, 'utf8'));
  source = `results of ${path.relative(ROOT, resultsFile)}`;
} else {
  const files = listTestFiles([path.join(ROOT, 'server', 'test'), path.join(ROOT, 'e2e')]);
  results = files.flatMap((f) => scanTestTitles(readFileSync(f, 'utf8')).map((name) => ({ name, outcome: 'not-run' as const })));
  source = `no results file (${path.relative(ROOT, resultsFile)}): test titles of ${files.length} source files, not run`;
}
const report = buildReport(ids, results);

if (json) process.stdout.write(JSON.stringify(report) + '\n');
else process.stdout.write(`南通百通 privacy-policy compliance — ${source}\n\n${formatTable(report)}\n`);
if (strict && report.clauses.some((c) => c.status === 'failing' || c.status === 'uncovered' || c.status === 'not-run')) process.exitCode = 1;
