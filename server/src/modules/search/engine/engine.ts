// The in-process search index over the published catalogue. Built once per catalogue version (start and every
// change): per item the words, bigrams and characters of each field with the field's weight (inverted index), the
// pinyin of names for suggestions, and the vocabulary analysis corrects against. A query is analysed into clauses,
// each clause's postings give the candidates, and candidates are scored: text match × coverage², then exact/prefix
// name match, popularity and district. Nothing here touches the database or personal information.
import { CITY_WIDE } from '../data/districts.ts';
import { SERVICE_TERMS, WEAK_WORDS } from '../data/terms.ts';
import { analyse, type Analysis, type Clause, type Lexicon } from './analyse.ts';
import { analyseField, buildLexicon, cachedPinyin, uniq } from './features.ts';
import { nameBonus, resolvedStrings } from './rank.ts';
import { bigrams, cut, normalise } from './text.ts';

export { clearAnalysisCaches, prepareIndex } from './features.ts';

/** What search needs of a catalogue item (the catalogue's CatalogueItem has all of these). */
export interface SearchableItem {
  code: string;
  name: string;
  shortName?: string | null;
  aliases?: readonly string[];
  keywords?: readonly string[];
  category: string;
  departmentName?: string | null;
  itemType?: string | null;
  /** 320600 (or absent) = city-wide; otherwise a county-level division code */
  districtCode?: string | null;
  districtName?: string | null;
  popularity?: number;
  online?: boolean;
}
export interface CategoryLabel {
  id: string;
  nameZh: string;
  nameEn: string;
}
export interface SearchOptions {
  /** the caller's county-level division: its items rank a little higher */
  district?: string | null;
  limit?: number;
}
export interface Hit<T extends SearchableItem = SearchableItem> {
  item: T;
  score: number;
}
export interface SearchOutcome<T extends SearchableItem = SearchableItem> {
  analysis: Analysis;
  hits: Hit<T>[];
  total: number;
  groups: { category: CategoryLabel; hits: Hit<T>[] }[];
  /** when nothing matched: the nearest item names, to offer instead */
  alternatives: string[];
}
export interface Suggestion {
  text: string;
  code: string;
}

const FIELD = { name: 10, alias: 9, keyword: 6, category: 3, department: 2, itemType: 1 } as const;
const MIN_COVERAGE = 0.5;
/** points for the most used item (log scale): decides between equally good matches */
const POPULARITY = 10;
/** a district named in the query (如皋 公积金): its items first, other districts' copies well below */
const QUERY_DISTRICT = 40;
/** the user's own district (the one chosen in the app): decides between otherwise equal copies of an item */
const USER_DISTRICT = 8;
/** candidates that get the name comparison (phase 2 of scoring) */
const RERANK = 150;
/** prefix matches looked at for suggestions (a one-letter prefix matches thousands) */
const SUGGEST_SCAN = 400;

interface Doc<T> {
  item: T;
  names: string[]; // normalised name, short name, aliases
  pinyin: { full: string; initials: string }[]; // of names
  district: string;
  pop: number; // 0..1
}

/** A term's postings, packed once the index is built: parallel arrays of doc numbers and field weights. Iterating two
 * typed arrays is several times faster than a Map at 10 000+ items and allocates nothing per query. */
interface Postings {
  docs: Int32Array;
  weights: Float64Array;
}
function pack(m: Map<number, number>): Postings {
  const docs = new Int32Array(m.size);
  const weights = new Float64Array(m.size);
  let k = 0;
  for (const [d, w] of m) {
    docs[k] = d;
    weights[k++] = w;
  }
  return { docs, weights };
}

export class SearchIndex<T extends SearchableItem = SearchableItem> {
  readonly size: number;
  readonly #docs: Doc<T>[];
  readonly #postings = new Map<string, Postings>();
  readonly #phraseCache = new Map<string, Postings | null>();
  /** observed use per item code (anonymous aggregates, setUsage), added to the catalogue's own popularity */
  #usage: ReadonlyMap<string, number> = new Map();
  // Per-query scratch, sized to the catalogue and reused by every search (searches never run concurrently: the engine
  // is synchronous): the best score of the current clause, the text score and covered importance per doc, the docs
  // touched. Reset after each use by walking the touched lists only.
  readonly #clauseBest: Float64Array;
  readonly #text: Float64Array;
  readonly #covered: Float64Array;
  readonly #touched: Int32Array;
  readonly #candidates: Int32Array;
  readonly #prelim: Float64Array;
  readonly #select: Float64Array;
  /** per doc: pop × POPULARITY, and its district as a small number (phase 1 compares numbers, not strings) */
  readonly #docPop: Float64Array;
  readonly #docDistrict: Int32Array;
  readonly #districtIds = new Map<string, number>();
  readonly #lex: Lexicon;
  readonly #categories: Map<string, CategoryLabel>;

  constructor(items: readonly T[], categories: readonly CategoryLabel[] = []) {
    this.#categories = new Map(categories.map((c) => [c.id, c]));
    const building = new Map<string, Map<number, number>>();
    const post = (term: string, doc: number, weight: number) => {
      let m = building.get(term);
      if (!m) building.set(term, (m = new Map()));
      if ((m.get(doc) ?? 0) < weight) m.set(doc, weight);
    };
    const vocabCount = new Map<string, number>();
    this.#docs = items.map((item, d) => {
      const names = uniq([item.name, item.shortName ?? '', ...(item.aliases ?? [])].map((s) => normalise(s).replace(/\s+/g, '')).filter(Boolean));
      const add = (text: string | null | undefined, weight: number, vocab: boolean) => {
        const a = analyseField(text);
        if (!a) return;
        for (const [term, factor] of a.terms) post(term, d, weight * factor);
        if (vocab) for (const w of a.vocab) vocabCount.set(w, (vocabCount.get(w) ?? 0) + 1);
      };
      add(item.name, FIELD.name, true);
      add(item.shortName, FIELD.alias, true);
      for (const a of item.aliases ?? []) add(a, FIELD.alias, true);
      for (const k of item.keywords ?? []) add(k, FIELD.keyword, true);
      const cat = this.#categories.get(item.category);
      add(cat?.nameZh, FIELD.category, false);
      add(item.departmentName, FIELD.department, false);
      add(item.itemType, FIELD.itemType, false);
      return {
        item,
        names,
        pinyin: names.map((n) => cachedPinyin(n)),
        district: item.districtCode || CITY_WIDE,
        pop: 0,
      };
    });
    this.size = this.#docs.length;
    for (const [term, m] of building) this.#postings.set(term, pack(m));
    building.clear();
    this.#clauseBest = new Float64Array(this.size);
    this.#text = new Float64Array(this.size);
    this.#covered = new Float64Array(this.size);
    this.#touched = new Int32Array(this.size);
    this.#candidates = new Int32Array(this.size);
    this.#prelim = new Float64Array(this.size);
    this.#select = new Float64Array(this.size);
    this.#docPop = new Float64Array(this.size);
    this.#docDistrict = new Int32Array(this.size);
    this.#districtIds.set(CITY_WIDE, 0);
    for (const [d, doc] of this.#docs.entries()) {
      let id = this.#districtIds.get(doc.district);
      if (id === undefined) this.#districtIds.set(doc.district, (id = this.#districtIds.size));
      this.#docDistrict[d] = id;
    }
    this.#computePopularity();
    for (const t of SERVICE_TERMS) if (this.#postings.has(t) && !vocabCount.has(t)) vocabCount.set(t, 1);
    const names = new Set(this.#docs.flatMap((d) => d.names));
    this.#lex = buildLexicon(vocabCount, (t) => this.#postings.has(t), (t) => names.has(t));
    this.#prefixKeys();
  }

  /**
   * Feeds observed use back into ranking: per item code, how much it was used recently (anonymous aggregates only —
   * k-suppressed usage statistics and 热门搜索 credited to the item they find; see SearchService.refreshPopularity).
   * Added to the catalogue's own popularity; the popularity signal is recomputed, nothing else is rebuilt.
   */
  setUsage(usage: ReadonlyMap<string, number>): void {
    this.#usage = usage;
    this.#computePopularity();
    this.#keys = undefined; // suggestion keys are ordered by popularity within a key
    this.#suggestCache.clear();
  }

  /** The popularity an item ranks with: its catalogue popularity plus observed use. */
  popularityOf(code: string): number {
    const d = this.#docIndex(code) as number | undefined;
    return d === undefined ? 0 : this.#rawPopularity(this.#docs[d]!.item);
  }

  #rawPopularity(item: T): number {
    return Math.max(0, item.popularity ?? 0) + Math.max(0, this.#usage.get(item.code) ?? 0);
  }

  /** doc.pop in 0..1 on a log scale, the most popular item 1 */
  #computePopularity() {
    let max = 1;
    for (const d of this.#docs) max = Math.max(max, this.#rawPopularity(d.item));
    const denom = Math.log1p(max);
    for (const [k, d] of this.#docs.entries()) {
      d.pop = Math.log1p(this.#rawPopularity(d.item)) / denom;
      this.#docPop[k] = d.pop * POPULARITY;
    }
  }

  /** Postings of a term; a phrase the index does not hold whole matches items holding all of its words. */
  #lookup(term: string): Postings | null {
    const direct = this.#postings.get(term);
    if (direct) return direct;
    const cached = this.#phraseCache.get(term);
    if (cached !== undefined) return cached;
    // A phrase the index does not hold whole (居民身份证挂失): items holding all but a third of its meaningful words,
    // scored by the share of words they hold, so a synonym target still finds the item its words name.
    let result: Postings | null = null;
    const words = uniq(cut(term));
    if (words.length > 1) {
      const strong = words.filter((w) => !WEAK_WORDS.has(w));
      const need = Math.max(1, strong.length - Math.floor(strong.length / 3));
      const sum = new Map<number, { w: number; strong: number }>();
      for (const w of words) {
        const l = this.#postings.get(w);
        if (!l) continue;
        const isStrong = !WEAK_WORDS.has(w);
        for (let k = 0; k < l.docs.length; k++) {
          const doc = l.docs[k]!;
          let acc = sum.get(doc);
          if (!acc) sum.set(doc, (acc = { w: 0, strong: 0 }));
          acc.w += l.weights[k]!;
          if (isStrong) acc.strong += 1;
        }
      }
      const m = new Map<number, number>();
      for (const [doc, acc] of sum) if (acc.strong >= need) m.set(doc, (acc.w / words.length) * 0.9);
      if (m.size) result = pack(m);
    }
    if (this.#phraseCache.size > 5000) this.#phraseCache.clear();
    this.#phraseCache.set(term, result);
    return result;
  }

  #idf(postings: Postings): number {
    return 1 + Math.log(this.size / postings.docs.length + 1);
  }

  analyse(query: string): Analysis {
    return analyse(query, this.#lex);
  }

  search(query: string, opts: SearchOptions = {}): SearchOutcome<T> {
    const analysis = this.analyse(query);
    const limit = Math.max(1, Math.min(opts.limit ?? 20, 100));
    const clauses = analysis.clauses.filter((c) => c.importance > 0);
    const scored: (Hit<T> & { pop: number })[] = [];
    let total = 0;

    if (!clauses.length) {
      // Only a district (如皋): that district's items, most used first.
      if (analysis.district) {
        for (const doc of this.#docs) if (doc.district === analysis.district) scored.push({ item: doc.item, score: doc.pop * 10, pop: doc.pop });
      }
      total = scored.length;
    } else {
      // Phase 1, every candidate: text match × coverage², popularity, district. Phase 2, the best RERANK of them:
      // the exact/prefix name bonus (string comparisons, the costly part on a large catalogue). An item whose name is
      // the query matches every clause in its name field, so it is always among the best of phase 1.
      // Candidates come from the clauses' postings only (never a scan of the catalogue), accumulated in the reused
      // typed arrays.
      const text = this.#text;
      const covered = this.#covered;
      const candidates = this.#candidates;
      let nCand = 0;
      let totalImportance = 0;
      for (const c of clauses) {
        totalImportance += c.importance;
        const nTouched = this.#clauseScores(c);
        const best = this.#clauseBest;
        for (let k = 0; k < nTouched; k++) {
          const d = this.#touched[k]!;
          if (covered[d] === 0) candidates[nCand++] = d;
          text[d] = text[d]! + best[d]! * c.importance;
          covered[d] = covered[d]! + c.importance;
          best[d] = 0;
        }
      }
      // the district terms on district numbers: -1 = none given, -2 = a district no item is in
      const districtId = (code: string | null | undefined) => (code ? (this.#districtIds.get(code) ?? -2) : -1);
      const fromQuery = districtId(analysis.district);
      const fromUser = opts.district === CITY_WIDE ? -1 : districtId(opts.district);
      const docDistrict = this.#docDistrict;
      const docPop = this.#docPop;
      const prelim = this.#prelim; // phase-1 score per candidate position; -Infinity = below MIN_COVERAGE
      const select = this.#select;
      for (let k = 0; k < nCand; k++) {
        const d = candidates[k]!;
        const coverage = covered[d]! / totalImportance;
        if (coverage < MIN_COVERAGE) {
          prelim[k] = -Infinity;
          continue;
        }
        const dd = docDistrict[d]!;
        let score = text[d]! * coverage * coverage + docPop[d]!;
        if (fromQuery !== -1) score += dd === fromQuery ? QUERY_DISTRICT : dd === 0 ? 0 : -QUERY_DISTRICT;
        if (fromUser !== -1) score += dd === fromUser ? USER_DISTRICT : dd === 0 ? 0 : -USER_DISTRICT;
        prelim[k] = score;
        select[total++] = score;
      }
      // The RERANK-th best phase-1 score, by selection in a typed array (no sorting, no objects).
      let threshold = -Infinity;
      if (total > RERANK) threshold = kthLargest(select, total, RERANK);
      let atThreshold = 0;
      let above = 0;
      if (total > RERANK) for (let k = 0; k < nCand; k++) if (prelim[k]! > threshold) above++;
      const resolved = resolvedStrings(clauses);
      for (let k = 0; k < nCand; k++) {
        const score = prelim[k]!;
        const d = candidates[k]!;
        const coverage = covered[d]! / totalImportance;
        text[d] = 0;
        covered[d] = 0;
        if (score === -Infinity || score < threshold) continue;
        // ties at the cut: the first ones in catalogue order, up to RERANK in all
        if (score === threshold && total > RERANK && above + atThreshold++ >= RERANK) continue;
        const doc = this.#docs[d]!;
        scored.push({ item: doc.item, score: score + nameBonus(doc.names, resolved) * coverage, pop: doc.pop });
      }
    }
    // ties: the more used item (catalogue popularity plus observed use), then the code
    scored.sort((a, b) => b.score - a.score || b.pop - a.pop || (a.item.code < b.item.code ? -1 : a.item.code > b.item.code ? 1 : 0));
    const hits: Hit<T>[] = scored.slice(0, limit).map(({ item, score }) => ({ item, score }));
    return {
      analysis,
      hits,
      total,
      groups: this.#group(hits),
      alternatives: hits.length ? [] : this.#alternatives(analysis),
    };
  }

  /** The clause's best score per doc (max over its variants) into #clauseBest; returns how many docs #touched holds. */
  #clauseScores(c: Clause): number {
    const best = this.#clauseBest;
    const touched = this.#touched;
    let n = 0;
    for (const v of c.variants) {
      const p = this.#lookup(v.term);
      if (!p) continue;
      const f = v.weight * this.#idf(p);
      const { docs, weights } = p;
      for (let k = 0; k < docs.length; k++) {
        const d = docs[k]!;
        const s = weights[k]! * f;
        const b = best[d]!;
        if (b < s) {
          if (b === 0) touched[n++] = d;
          best[d] = s;
        }
      }
    }
    return n;
  }

  #group(hits: Hit<T>[]): SearchOutcome<T>['groups'] {
    const groups = new Map<string, { category: CategoryLabel; hits: Hit<T>[] }>();
    for (const h of hits) {
      let g = groups.get(h.item.category);
      if (!g) groups.set(h.item.category, (g = { category: this.#categories.get(h.item.category) ?? { id: h.item.category, nameZh: h.item.category, nameEn: h.item.category }, hits: [] }));
      g.hits.push(h);
    }
    return [...groups.values()];
  }

  /** Nearest items by shared character pairs of the query, ignoring coverage: what the citizen may have meant; else
   * the most used items. */
  #alternatives(analysis: Analysis): string[] {
    const score = new Map<number, number>();
    const han = analysis.clauses.flatMap((c) => c.variants.map((v) => v.term)).join('');
    for (const run of (han || analysis.normalised).match(/\p{Script=Han}+/gu) ?? []) {
      // character pairs only: one shared character (量子 / 电子) is no evidence of what was meant
      for (const b of run.length > 1 ? bigrams(run) : []) {
        const p = this.#postings.get(b);
        if (p) for (let k = 0; k < p.docs.length; k++) score.set(p.docs[k]!, (score.get(p.docs[k]!) ?? 0) + p.weights[k]!);
      }
    }
    if (!score.size) for (const [d, doc] of this.#docs.entries()) score.set(d, doc.pop);
    return [...score]
      .map(([d, s]) => ({ d, s: s + this.#docs[d]!.pop * 3 }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 5)
      .map(({ d }) => this.#docs[d]!.item.name);
  }

  /**
   * Item names (and short names, aliases) starting with what is typed, in characters, full pinyin or initials, most
   * used first; then search hits. Prefix lookup is a binary search in a sorted key list; answers are cached per
   * prefix (people type the same first characters).
   */
  suggest(query: string, limit = 8, district?: string | null): Suggestion[] {
    const q = normalise(query).replace(/\s+/g, '');
    if (!q) return [];
    const user = district && district !== CITY_WIDE ? district : null;
    const cacheKey = `${limit}\u0000${user ?? ''}\u0000${q}`;
    const cached = this.#suggestCache.get(cacheKey);
    if (cached) return cached;
    const out: Suggestion[] = [];
    const seen = new Set<number>();
    const push = (d: number) => {
      if (out.length >= limit || seen.has(d)) return;
      seen.add(d);
      out.push({ text: this.#docs[d]!.item.name, code: this.#docs[d]!.item.code });
    };
    const keys = this.#prefixKeys();
    const found: number[] = [];
    for (let i = lowerBound(keys, q, (e) => e.key); i < keys.length && keys[i]!.key.startsWith(q) && found.length < SUGGEST_SCAN; i++) found.push(keys[i]!.doc);
    // most used first; with the user's district known, its items before other districts' copies (city-wide between)
    const rankOf = (d: number) => {
      const doc = this.#docs[d]!;
      return doc.pop + (user ? (doc.district === user ? 0.5 : doc.district === CITY_WIDE ? 0 : -0.5) : 0);
    };
    for (const d of uniq(found).sort((a, b) => rankOf(b) - rankOf(a))) push(d);
    if (out.length < limit) for (const h of this.search(query, { limit, district: user }).hits) push(this.#docIndex(h.item.code));
    if (this.#suggestCache.size >= 5000) this.#suggestCache.clear();
    this.#suggestCache.set(cacheKey, out);
    return out;
  }

  readonly #suggestCache = new Map<string, Suggestion[]>();
  #keys: { key: string; doc: number }[] | undefined;
  /** names, their full pinyin and initials → item, sorted by key */
  #prefixKeys(): { key: string; doc: number }[] {
    if (!this.#keys) {
      const keys: { key: string; doc: number }[] = [];
      for (const [doc, d] of this.#docs.entries()) {
        for (const n of d.names) keys.push({ key: n, doc });
        for (const p of d.pinyin) {
          if (p.full) keys.push({ key: p.full, doc });
          if (p.initials) keys.push({ key: p.initials, doc });
        }
      }
      // within one key, the most used item first, so a scan cut short still sees the popular ones
      this.#keys = keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : this.#docs[b.doc]!.pop - this.#docs[a.doc]!.pop));
    }
    return this.#keys;
  }
  #codeIndex: Map<string, number> | undefined;
  #docIndex(code: string): number {
    this.#codeIndex ??= new Map(this.#docs.map((d, i) => [d.item.code, i]));
    return this.#codeIndex.get(code)!;
  }
}

/** The k-th largest of the first n values (Hoare's selection; reorders them). */
function kthLargest(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  const target = k - 1; // index in descending order
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}

function lowerBound<E>(list: readonly E[], s: string, key: (e: E) => string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]!) < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
