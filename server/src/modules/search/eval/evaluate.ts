// The judged-query evaluation behind `npm run search:eval` and server/test/search/eval.test.ts: the real seeded
// catalogue is loaded in-process (embedded PGlite, migrations, the catalogue module's own seed and listPublished —
// no server), indexed, and every judged query is checked at rank 1 and within the top 5.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createCatalogueModule, CATEGORIES, type CatalogueItem } from '../../catalogue/index.ts';
import { AuditService } from '../../audit/index.ts';
import { PRIVACY_PROBLEMS } from '../../privacy/index.ts';
import { openDatabase } from '../../../platform/db/database.ts';
import { migrate } from '../../../platform/db/migrate.ts';
import { systemClock } from '../../../platform/clock.ts';
import { JobRegistry, Jobs } from '../../../platform/jobs.ts';
import { createLogger } from '../../../platform/logger.ts';
import { blindIndexer } from '../../../platform/crypto/index.ts';
import { AppError } from '../../../platform/http/problem.ts';
import { SearchIndex } from '../engine/engine.ts';
import { JUDGED_QUERIES, type JudgedQuery, type QueryKind } from './queries.ts';

export async function loadSeededCatalogue(): Promise<CatalogueItem[]> {
  const database = await openDatabase({});
  try {
    await migrate(database);
    // Only seed() and listPublished() run: no one signs in, so the guard refuses every purpose, and the job queue is
    // never started. Keys are throwaway: this database lives for one evaluation.
    const key = randomBytes(32);
    const catalogue = createCatalogueModule({
      database,
      clock: systemClock,
      guard: { useAgeCheck: () => undefined, require: async () => { throw new AppError(PRIVACY_PROBLEMS.consentRequired); }, within: async () => { throw new AppError(PRIVACY_PROBLEMS.consentRequired); } },
      audit: new AuditService({ pseudonymKey: key, signingKey: generateKeyPairSync('ed25519').privateKey, clock: systemClock }),
      jobs: new Jobs(database.executor, new JobRegistry(), createLogger({ level: 'silent' })),
      blindIndex: blindIndexer(key),
    });
    await catalogue.seed();
    return await catalogue.service.listPublished();
  } finally {
    await database.close();
  }
}

export function buildIndex(items: readonly CatalogueItem[]): SearchIndex<CatalogueItem> {
  return new SearchIndex(items, CATEGORIES);
}

export interface Miss {
  q: string;
  kind: QueryKind;
  expect: string;
  rank: number | null;
  got: string[];
}
export interface EvalReport {
  total: number;
  top1: number;
  top5: number;
  byKind: Record<string, { total: number; top1: number; top5: number }>;
  misses: Miss[];
  /** expectations naming no item of the catalogue (a renamed or removed item: fix the judged set) */
  unknown: JudgedQuery[];
}

export function evaluate(index: SearchIndex<CatalogueItem>, items: readonly CatalogueItem[], queries: readonly JudgedQuery[] = JUDGED_QUERIES): EvalReport {
  const known = new Set(items.flatMap((i) => [i.code, i.name]));
  const byKind: EvalReport['byKind'] = {};
  const misses: Miss[] = [];
  const unknown: JudgedQuery[] = [];
  let top1 = 0;
  let top5 = 0;
  for (const jq of queries) {
    if (!known.has(jq.expect)) unknown.push(jq);
    const hits = index.search(jq.q, { limit: 5 }).hits;
    const at = hits.findIndex((h) => h.item.code === jq.expect || h.item.name === jq.expect);
    const k = (byKind[jq.kind] ??= { total: 0, top1: 0, top5: 0 });
    k.total++;
    if (at === 0) {
      top1++;
      k.top1++;
    }
    if (at >= 0) {
      top5++;
      k.top5++;
    }
    if (at !== 0) misses.push({ q: jq.q, kind: jq.kind, expect: jq.expect, rank: at >= 0 ? at + 1 : null, got: hits.slice(0, 3).map((h) => `${h.item.code} ${h.item.name}`) });
  }
  const n = queries.length;
  return { total: n, top1: top1 / n, top5: top5 / n, byKind, misses, unknown };
}
