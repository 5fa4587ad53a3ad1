// The compliance report: for every clause of clauses.md (a copy of the spec, shipped with the code), which tests cite
// it by ID in their names and whether they passed in the last run (JUnit XML from node:test), or — with no results
// file — which test titles in the source cite it ('not-run').
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ORGANISATIONAL } from './organisational.ts';

export const CLAUSE_ID = /\b(PP-\d+\.\d+|LAW-\d+)\b/g;
export const CLAUSES_FILE = new URL('./clauses.md', import.meta.url);

export type Status = 'covered' | 'uncovered' | 'failing' | 'organisational' | 'not-run';
export interface TestResult {
  name: string;
  outcome: 'passed' | 'failed' | 'skipped' | 'not-run';
}
export interface ClauseReport {
  id: string;
  tests: string[];
  status: Status;
}
export interface Report {
  clauses: ClauseReport[];
  covered: number;
  total: number;
}

/** Clause IDs defined in the spec, in document order: bullets of the form `- **PP-4.3** …`. */
export function parseClauseIds(markdown: string): string[] {
  const ids: string[] = [];
  for (const m of markdown.matchAll(/^\s*[-*]\s+\*\*(PP-\d+\.\d+|LAW-\d+)\*\*/gm)) if (!ids.includes(m[1]!)) ids.push(m[1]!);
  return ids;
}

export function citedClauses(testName: string): string[] {
  return [...new Set([...testName.matchAll(CLAUSE_ID)].map((m) => m[1]!))];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeOnce(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e.toLowerCase()]!,
  );
}
// node:test's junit reporter escapes some characters twice (`"` → `&amp;quot;`); decode until stable (at most twice).
function decode(s: string): string {
  const once = decodeOnce(s);
  return /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/i.test(once) ? decodeOnce(once) : once;
}

/** Test cases of a JUnit XML document (as node:test's junit reporter writes it). */
export function parseJUnit(xml: string): TestResult[] {
  const results: TestResult[] = [];
  // Attribute values may hold an unescaped '>', so attributes are matched one by one, never with [^>]*.
  const testcase = /<testcase((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(testcase)) {
    const attrs = new Map([...m[1]!.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)]));
    const body = m[3] ?? '';
    const name = attrs.get('name');
    if (name === undefined) continue;
    const failed = /<(failure|error)\b/.test(body) || attrs.has('failure');
    const skipped = /<skipped\b/.test(body);
    results.push({ name, outcome: failed ? 'failed' : skipped ? 'skipped' : 'passed' });
  }
  return results;
}

/** Test titles found in source files (`it('…'`, `test("…"`, `it.only(` …) — for when no results file exists. */
export function scanTestTitles(source: string): string[] {
  const titles: string[] = [];
  for (const m of source.matchAll(/\b(?:it|test)(?:\.(?:only|skip|todo))?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) titles.push(m[2]!.replace(/\\(.)/g, '$1'));
  return titles;
}

export function listTestFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      if (e === 'node_modules' || e.startsWith('.')) continue;
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(e)) out.push(p);
    }
  };
  dirs.forEach(walk);
  return out.sort();
}

export function buildReport(clauseIds: string[], results: TestResult[], organisational: Readonly<Record<string, string>> = ORGANISATIONAL): Report {
  const clauses = clauseIds.map((id): ClauseReport => {
    const citing = results.filter((r) => citedClauses(r.name).includes(id));
    const tests = [...new Set(citing.map((r) => r.name))];
    let status: Status;
    if (citing.some((r) => r.outcome === 'failed')) status = 'failing';
    else if (citing.some((r) => r.outcome === 'passed')) status = 'covered';
    else if (citing.some((r) => r.outcome === 'not-run')) status = 'not-run';
    else if (id in organisational) status = 'organisational';
    else status = 'uncovered';
    return { id, tests, status };
  });
  return { clauses, covered: clauses.filter((c) => c.status === 'covered').length, total: clauses.length };
}

export function formatTable(report: Report, organisational: Readonly<Record<string, string>> = ORGANISATIONAL): string {
  const mark: Record<Status, string> = { covered: '✔', failing: '✖', uncovered: '·', organisational: '◇', 'not-run': '?' };
  const lines = [`Clause    Status          Tests`];
  for (const c of report.clauses) {
    const detail = c.status === 'organisational' ? `(${organisational[c.id]})` : c.tests.length ? c.tests[0]! : '';
    lines.push(`${mark[c.status]} ${c.id.padEnd(8)} ${c.status.padEnd(15)} ${detail}`);
    for (const t of c.tests.slice(1)) lines.push(`${' '.repeat(26)} ${t}`);
  }
  const count = (s: Status) => report.clauses.filter((c) => c.status === s).length;
  lines.push(
    '',
    `${report.covered}/${report.total} clauses covered by passing tests · ${count('failing')} failing · ${count('uncovered')} uncovered · ` +
      `${count('organisational')} organisational · ${count('not-run')} not run`,
  );
  return lines.join('\n');
}
