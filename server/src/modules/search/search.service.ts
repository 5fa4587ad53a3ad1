// Search use cases: the engine over the published catalogue (rebuilt on every catalogue change), search history under
// the 'search-history' purpose (PP-1.9) and the anonymous 热门搜索 aggregate.
//  - Searching never needs an account or consent (PP-1.1). A signed-in citizen's keywords and clicks are kept only
//    while the purpose guard says the consent is in force; otherwise nothing about the search is stored for them.
//  - History values are encrypted under the account's subject key; writes and deletions are audited in the same
//    transaction.
//  - 热门搜索 counts normalised queries per day with no link to anyone, and shows a query only from k = 5 on.
import type { Database } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P, defineProblem } from '../../platform/http/problem.ts';
import type { AuditService } from '../audit/index.ts';
import { PRIVACY_PROBLEMS, subjectOf, type PrivacyModule } from '../privacy/index.ts';
import { SearchIndex, clearAnalysisCaches, prepareIndex, type CategoryLabel, type SearchableItem, type SearchOptions, type SearchOutcome, type Suggestion } from './engine/engine.ts';
import { normalise, releaseSegmenter } from './engine/text.ts';
import { searchRepository as repo, type HistoryKind } from './search.repository.ts';

export const HISTORY_PURPOSE = 'search-history';
const ELEMENT: Record<HistoryKind, string> = { query: 'search-keywords', click: 'clicked-links' };
const AAD: Record<HistoryKind, string> = { query: 'search_history.value:query', click: 'search_history.value:click' };
/** k-anonymity threshold of 热门搜索: a query searched fewer times is never shown. */
export const HOT_MIN_COUNT = 5;
const HOT_WINDOW_DAYS = 30;
/** how often observed popularity is recomputed from the aggregates (never per query) */
export const POPULARITY_REFRESH_MS = 10 * 60_000;
/** The segmenter and the analysis caches are dropped after this long without segmenting (issue #2 idle RSS). */
export const SEGMENTER_IDLE_MS = 10 * 60_000;
/** the 热门搜索 rows (each already ≥ HOT_MIN_COUNT) credited to the item they find */
const POPULARITY_HOT_QUERIES = 200;

export const SEARCH_PROBLEMS = {
  notReady: defineProblem('search-not-ready', { status: 503, title: '搜索服务正在启动，请稍后再试', titleEn: 'Search is starting, try again shortly' }),
  unknownItem: defineProblem('search-unknown-item', { status: 404, title: '没有找到这个服务事项', titleEn: 'No such service item' }),
} as const;

export interface CatalogueSource<T extends SearchableItem> {
  listPublished(): Promise<readonly T[]> | readonly T[];
  /** called after every publish/unpublish; the index is rebuilt */
  onChange?(cb: () => void): unknown;
  categories?: readonly CategoryLabel[];
  /**
   * Anonymous usage statistics (PP-1.11: consented usage logs only, items used by fewer than k people left out):
   * uses per item code in [from, to). Feeds the popularity signal of ranking; absent, only 热门搜索 feeds it.
   */
  usage?(from: Date, to: Date): Promise<readonly { itemCode: string; uses: number }[]>;
}

export interface SearchServiceDeps<T extends SearchableItem> {
  database: Database;
  clock: Clock;
  logger: Logger;
  cipher: FieldCipher;
  blindIndex: (kind: string, value: string) => Buffer;
  audit: AuditService;
  privacy: Pick<PrivacyModule, 'guard' | 'consents'>;
  catalogue: CatalogueSource<T>;
}

export interface HistoryEntry {
  id: string;
  kind: HistoryKind;
  /** the keyword, or the clicked item's name */
  text: string;
  /** the clicked item's code */
  code: string | null;
  createdAt: Date;
}

/** Queries that may carry personal information (numbers, long text) are never counted, even anonymously. */
function countable(q: string): boolean {
  return q.length > 0 && [...q].length <= 20 && !/\d{5,}/.test(q);
}

export class SearchService<T extends SearchableItem = SearchableItem> {
  #index: SearchIndex<T> | null = null;
  #byCode = new Map<string, T>();
  #rebuilding: Promise<void> | null = null;
  #dirty = false;
  #hotBuffer = new Map<string, number>();
  #results = new Map<string, SearchOutcome<T>>();
  #hotCache: { at: number; rows: { query: string; count: number }[] } | null = null;
  #timer: NodeJS.Timeout | undefined;
  #popularityTimer: NodeJS.Timeout | undefined;
  /** observed use per item code, from the anonymous aggregates (refreshPopularity) */
  #usage: ReadonlyMap<string, number> = new Map();
  readonly #d: SearchServiceDeps<T>;

  constructor(deps: SearchServiceDeps<T>) {
    this.#d = deps;
  }

  /** Builds the index and follows catalogue changes; flushes the hot counts every 30 s. */
  async start(): Promise<void> {
    await this.rebuild();
    // Issue #2 idle RSS: the index is built and no one has searched yet, so jieba (~9 MB native) and the analyses of the
    // catalogue's texts need not stay resident meanwhile: the first search after start loads jieba again (~0.1 s,
    // once), and both are dropped again after SEGMENTER_IDLE_MS without searches or builds.
    this.#releaseIdle(0);
    this.#d.catalogue.onChange?.(() => {
      void this.rebuild().catch((err) => this.#d.logger.error({ err }, 'search index rebuild failed'));
    });
    this.#timer = setInterval(() => {
      void this.flushHot().catch((err) => this.#d.logger.warn({ err }, 'hot search flush failed'));
      this.#releaseIdle(SEGMENTER_IDLE_MS);
    }, 30_000);
    this.#timer.unref();
    const refresh = () => void this.refreshPopularity().catch((err) => this.#d.logger.warn({ err }, 'search popularity refresh failed'));
    refresh();
    this.#popularityTimer = setInterval(refresh, POPULARITY_REFRESH_MS);
    this.#popularityTimer.unref();
  }

  /** Drops the segmenter and the analysis caches when nothing has segmented for `idleMs` (issue #2 idle RSS). */
  #releaseIdle(idleMs: number): void {
    if (!this.#rebuilding && releaseSegmenter(idleMs)) clearAnalysisCaches();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#popularityTimer);
    await this.flushHot().catch(() => undefined);
  }

  /** Rebuilds from listPublished(); a change during a rebuild schedules one more. Searches use the old index meanwhile. */
  async rebuild(): Promise<void> {
    if (this.#rebuilding) {
      this.#dirty = true;
      return this.#rebuilding;
    }
    this.#rebuilding = (async () => {
      do {
        this.#dirty = false;
        const t0 = performance.now();
        const items = [...(await this.#d.catalogue.listPublished())];
        await prepareIndex(items, this.#d.catalogue.categories ?? []); // the slow part, in slices between requests
        const index = new SearchIndex(items, this.#d.catalogue.categories ?? []);
        index.setUsage(this.#usage);
        this.#index = index;
        this.#results.clear();
        this.#byCode = new Map(items.map((i) => [i.code, i]));
        this.#d.logger.info({ items: items.length, ms: Math.round(performance.now() - t0) }, 'search index built');
      } while (this.#dirty);
    })().finally(() => {
      this.#rebuilding = null;
    });
    return this.#rebuilding;
  }

  get index(): SearchIndex<T> {
    if (!this.#index) throw new AppError(SEARCH_PROBLEMS.notReady);
    return this.#index;
  }

  item(code: string): T | undefined {
    return this.#byCode.get(code);
  }

  /** Public search. Counts the query for 热门搜索 (anonymously) and, with consent, adds it to the caller's history. */
  async search(principal: Principal | null, query: string, opts: SearchOptions = {}): Promise<SearchOutcome<T> & { recorded: boolean }> {
    // Outcomes depend only on the index and the arguments: popular queries (gjj, 社保) are answered from a small cache
    // that every rebuild empties.
    const key = `${opts.district ?? ''}\u0000${opts.limit ?? ''}\u0000${query}`;
    let outcome = this.#results.get(key);
    if (!outcome) {
      outcome = this.index.search(query, opts);
      if (this.#results.size >= 2000) this.#results.clear();
      this.#results.set(key, outcome);
    }
    const norm = normalise(query).replace(/\s+/g, '');
    if (outcome.hits.length && countable(norm)) this.#countHot(norm);
    let recorded = false;
    if (principal?.kind === 'citizen' && norm) {
      // Asked first (one read): most citizens have not opted in, and a refused write would cost more than the read.
      if (await this.#consented(principal)) recorded = await this.#record(principal, 'query', query.trim().slice(0, 64));
      // Consent withdrawn elsewhere (隐私设置), before or during this search: what was kept goes now, not only when the
      // history is next opened.
      if (!recorded) await this.clearHistory(principal, 'withdrawn');
    }
    return { ...outcome, recorded };
  }

  /** Suggestions while typing; the user's district (the one chosen in the app) puts its own items first. */
  suggest(query: string, limit?: number, district?: string | null): Suggestion[] {
    return this.index.suggest(query, limit, district);
  }

  /** A result was opened: kept in the history under the same rule as keywords (PP-1.9 点击的链接). */
  async recordClick(principal: Principal | null, code: string): Promise<boolean> {
    if (!this.#byCode.has(code)) throw new AppError(SEARCH_PROBLEMS.unknownItem);
    if (!(await this.#consented(principal))) return false;
    return this.#record(principal!, 'click', code);
  }

  /** Whether an account's search-history consent is in force (the daily purge asks for accounts not signed in). */
  async consented(accountId: string): Promise<boolean> {
    return this.#consented({ kind: 'citizen', accountId, sessionId: 'job' });
  }

  async #consented(principal: Principal | null): Promise<boolean> {
    if (principal?.kind !== 'citizen') return false;
    try {
      await this.#d.privacy.guard.require(principal, HISTORY_PURPOSE, { elements: ['search-keywords', 'clicked-links'] });
      return true;
    } catch (e) {
      if (e instanceof AppError && e.problem === PRIVACY_PROBLEMS.consentRequired) return false;
      throw e;
    }
  }

  /** Keeps one history entry, after #consented said yes. The consent is tested again by the statement that writes the
   * entry's audit record (guard.within): a withdrawal committed in between (which erases the history, PP-4.4) refuses
   * the write instead of being followed by it. False: nothing was kept. */
  async #record(principal: Principal, kind: HistoryKind, value: string): Promise<boolean> {
    if (principal.kind !== 'citizen' || !value) return false;
    const accountId = principal.accountId;
    const now = this.#d.clock.now();
    try {
      await this.#d.privacy.guard.within(principal, HISTORY_PURPOSE, { elements: [ELEMENT[kind]] }, ({ legalBasis, requires }) =>
        this.#d.database.db.transaction().execute(async (tx) => {
          const id = await repo.upsert(tx, {
            account_id: accountId,
            kind,
            value_enc: await this.#d.cipher.encryptField(accountId, value, AAD[kind], tx),
            value_hash: this.#d.blindIndex(`search-history-${kind}`, `${accountId}\u0000${normalise(value)}`),
            created_at: now,
          });
          const pruned = await repo.prune(tx, accountId, now);
          await this.#d.audit.record(
            tx,
            {
              actor: { kind: 'citizen', ref: accountId },
              action: 'search.record-history',
              subjectId: accountId,
              elements: [ELEMENT[kind]],
              purposeId: HISTORY_PURPOSE,
              legalBasis,
              details: { entry: id, kind, pruned },
            },
            [],
            { requires },
          );
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof AppError && e.problem === PRIVACY_PROBLEMS.consentRequired) return false;
      throw e;
    }
  }

  /**
   * The caller's history, newest first. Without consent in force nothing is shown — and what was kept before the
   * withdrawal is deleted now (PIPL art. 47: consent withdrawn → delete).
   */
  async history(principal: Principal, limit = 20): Promise<{ recording: boolean; entries: HistoryEntry[] }> {
    const accountId = citizenOf(principal);
    if (!(await this.#consented(principal))) {
      await this.clearHistory(principal, 'withdrawn');
      return { recording: false, entries: [] };
    }
    const rows = await repo.list(this.#d.database.db, accountId, limit);
    const entries: HistoryEntry[] = [];
    for (const r of rows) {
      const value = await this.#d.cipher.decryptField(accountId, r.value_enc, AAD[r.kind]);
      const item = r.kind === 'click' ? this.#byCode.get(value) : undefined;
      if (r.kind === 'click' && !item) continue; // the item was withdrawn from the catalogue
      entries.push({ id: r.id, kind: r.kind, text: item ? item.name : value, code: item ? item.code : null, createdAt: r.created_at });
    }
    return { recording: true, entries };
  }

  async deleteEntry(principal: Principal, id: string): Promise<boolean> {
    const accountId = citizenOf(principal);
    return this.#d.database.db.transaction().execute(async (tx) => {
      const kind = await repo.deleteOne(tx, accountId, id);
      if (!kind) return false;
      await this.#d.audit.record(tx, {
        actor: { kind: 'citizen', ref: accountId },
        action: 'search.delete-history',
        subjectId: accountId,
        elements: [ELEMENT[kind]],
        purposeId: HISTORY_PURPOSE,
        legalBasis: 'consent',
        details: { entry: id, scope: 'one' },
      });
      return true;
    });
  }

  async clearHistory(principal: Principal, reason: 'user' | 'withdrawn' = 'user'): Promise<number> {
    const accountId = citizenOf(principal);
    return this.#d.database.db.transaction().execute(async (tx) => {
      const n = await repo.deleteAll(tx, accountId);
      if (n === 0 && reason === 'withdrawn') return 0;
      await this.#d.audit.record(tx, {
        actor: { kind: 'citizen', ref: accountId },
        action: 'search.delete-history',
        subjectId: accountId,
        elements: ['search-keywords', 'clicked-links'],
        purposeId: HISTORY_PURPOSE,
        legalBasis: 'consent',
        details: { scope: 'all', reason, deleted: n },
      });
      return n;
    });
  }

  /**
   * The stop-recording switch is the purpose's consent itself (one place to withdraw, LAW-3): turning it off
   * withdraws 'search-history' — which also stops favourites and handling records — and deletes the history.
   */
  async setRecording(principal: Principal, enabled: boolean): Promise<{ recording: boolean; deleted: number }> {
    const subject = subjectOf(principal);
    if (!subject || principal.kind !== 'citizen') throw new AppError(P.unauthenticated);
    if (enabled) {
      await this.#d.privacy.consents.grant(subject, HISTORY_PURPOSE, { method: 'tap' });
      return { recording: true, deleted: 0 };
    }
    // Delete first so the count is what this switch removed; the withdrawal's own follow-up (main.ts onWithdrawn) then
    // clears anything a concurrent search recorded in between.
    const deleted = await this.clearHistory(principal, 'withdrawn');
    await this.#d.privacy.consents.withdraw(subject, HISTORY_PURPOSE, { method: 'tap' });
    return { recording: false, deleted };
  }

  #countHot(q: string) {
    this.#hotBuffer.set(q, (this.#hotBuffer.get(q) ?? 0) + 1);
    if (this.#hotBuffer.size >= 200) void this.flushHot().catch((err) => this.#d.logger.warn({ err }, 'hot search flush failed'));
  }

  /** Writes the buffered anonymous counts (batched: fewer writes, and no per-search timing in the table). */
  async flushHot(): Promise<void> {
    if (!this.#hotBuffer.size) return;
    const counts = this.#hotBuffer;
    this.#hotBuffer = new Map();
    await repo.addHotCounts(this.#d.database.db, chinaDay(this.#d.clock.now()), counts);
    this.#hotCache = null;
  }

  /** 热门搜索: queries searched at least HOT_MIN_COUNT times in the last 30 days (cached a minute; pending counts are written first). */
  async hot(limit = 10): Promise<{ query: string; count: number }[]> {
    const nowMs = this.#d.clock.now().getTime();
    if (!this.#hotCache || nowMs - this.#hotCache.at > 60_000) {
      await this.flushHot(); // counts are buffered; reading writes what is pending first
      const since = chinaDay(new Date(nowMs - HOT_WINDOW_DAYS * 86_400_000));
      this.#hotCache = { at: nowMs, rows: await repo.hot(this.#d.database.db, since, HOT_MIN_COUNT, 20) };
    }
    return this.#hotCache.rows.slice(0, limit);
  }

  /**
   * Observed popularity, fed back into ranking: per item, its uses in the last 30 days from the anonymous usage
   * statistics (consented logs, k-suppressed) plus the 热门搜索 counts (each ≥ HOT_MIN_COUNT) of queries whose best
   * hit it is. Only aggregates that identify no one go in (PP-1.9, PP-1.11); the index gets a code → count map,
   * on a timer (POPULARITY_REFRESH_MS) — never a database read per query.
   */
  async refreshPopularity(): Promise<ReadonlyMap<string, number>> {
    const index = this.index;
    const now = this.#d.clock.now();
    const from = new Date(now.getTime() - HOT_WINDOW_DAYS * 86_400_000);
    const usage = new Map<string, number>();
    const add = (code: string, n: number) => {
      if (this.#byCode.has(code) && n > 0) usage.set(code, (usage.get(code) ?? 0) + n);
    };
    for (const u of (await this.#d.catalogue.usage?.(from, now)) ?? []) add(u.itemCode, u.uses);
    await this.flushHot();
    for (const h of await repo.hot(this.#d.database.db, chinaDay(from), HOT_MIN_COUNT, POPULARITY_HOT_QUERIES)) {
      const best = index.search(h.query, { limit: 1 }).hits[0];
      if (best) add(best.item.code, h.count);
    }
    this.#usage = usage;
    this.#index?.setUsage(usage);
    this.#results.clear();
    return usage;
  }

  /** The most used items (catalogue popularity plus observed use), for the empty-result page and before anyone has searched. */
  popular(limit = 8): T[] {
    const index = this.#index;
    const pop = (i: T) => (index ? index.popularityOf(i.code) : (i.popularity ?? 0));
    return [...this.#byCode.values()].sort((a, b) => pop(b) - pop(a) || (a.code < b.code ? -1 : 1)).slice(0, limit);
  }
}

function citizenOf(p: Principal): string {
  if (p.kind !== 'citizen') throw new AppError(P.unauthenticated);
  return p.accountId;
}

/** The calendar day in China (UTC+8, no DST). */
function chinaDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
