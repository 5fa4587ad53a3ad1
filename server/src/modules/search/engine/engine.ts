// The in-process search index over the published catalogue. Built once per catalogue version (start and every
// change): per item the words, bigrams and characters of each field with the field's weight (inverted index), the
// pinyin of names for suggestions, and the vocabulary analysis corrects against. A query is analysed into clauses,
// each clause's postings give the candidates, and candidates are scored: text match × coverage², then exact/prefix
// name match, popularity and district. Nothing here touches the database or personal information.
import { CITY_WIDE } from '../data/districts.ts';
import { SERVICE_TERMS, WEAK_WORDS } from '../data/terms.ts';
import { analyse, type Analysis, type Clause, type Lexicon } from './analyse.ts';
import { analyseField, buildLexicon, cachedPinyin, uniq } from './features.ts';
import { districtBonus, nameBonus, resolvedStrings } from './rank.ts';
import { bigrams, cut, normalise } from './text.ts';

export { prepareIndex } from './features.ts';

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

export class SearchIndex<T extends SearchableItem = SearchableItem> {
  readonly size: number;
  readonly #docs: Doc<T>[];
  readonly #postings = new Map<string, Map<number, number>>();
  readonly #phraseCache = new Map<string, Map<number, number> | null>();
  readonly #lex: Lexicon;
  readonly #categories: Map<string, CategoryLabel>;

  constructor(items: readonly T[], categories: readonly CategoryLabel[] = []) {
    this.#categories = new Map(categories.map((c) => [c.id, c]));
    const maxPop = Math.max(1, ...items.map((i) => i.popularity ?? 0));
    const vocabCount = new Map<string, number>();
    this.#docs = items.map((item, d) => {
      const names = uniq([item.name, item.shortName ?? '', ...(item.aliases ?? [])].map((s) => normalise(s).replace(/\s+/g, '')).filter(Boolean));
      const add = (text: string | null | undefined, weight: number, vocab: boolean) => {
        const a = analyseField(text);
        if (!a) return;
        for (const [term, factor] of a.terms) this.#post(term, d, weight * factor);
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
        pop: Math.log1p(Math.max(0, item.popularity ?? 0)) / Math.log1p(maxPop),
      };
    });
    this.size = this.#docs.length;
    for (const t of SERVICE_TERMS) if (this.#postings.has(t) && !vocabCount.has(t)) vocabCount.set(t, 1);
    const names = new Set(this.#docs.flatMap((d) => d.names));
    this.#lex = buildLexicon(vocabCount, (t) => this.#postings.has(t), (t) => names.has(t));
    this.#prefixKeys();
  }

  #post(term: string, doc: number, weight: number) {
    let m = this.#postings.get(term);
    if (!m) this.#postings.set(term, (m = new Map()));
    if ((m.get(doc) ?? 0) < weight) m.set(doc, weight);
  }

  /** Postings of a term; a phrase the index does not hold whole matches items holding all of its words. */
  #lookup(term: string): Map<number, number> | null {
    const direct = this.#postings.get(term);
    if (direct) return direct;
    if (this.#phraseCache.has(term)) return this.#phraseCache.get(term)!;
    // A phrase the index does not hold whole (居民身份证挂失): items holding all but a third of its meaningful words,
    // scored by the share of words they hold, so a synonym target still finds the item its words name.
    let result: Map<number, number> | null = null;
    const words = uniq(cut(term));
    if (words.length > 1) {
      const strong = words.filter((w) => !WEAK_WORDS.has(w));
      const need = Math.max(1, strong.length - Math.floor(strong.length / 3));
      const sum = new Map<number, { w: number; strong: number }>();
      for (const w of words) {
        const l = this.#postings.get(w);
        if (!l) continue;
        const isStrong = !WEAK_WORDS.has(w);
        for (const [doc, x] of l) {
          const acc = sum.get(doc) ?? { w: 0, strong: 0 };
          acc.w += x;
          if (isStrong) acc.strong += 1;
          sum.set(doc, acc);
        }
      }
      result = new Map();
      for (const [doc, acc] of sum) if (acc.strong >= need) result.set(doc, (acc.w / words.length) * 0.9);
      if (!result.size) result = null;
    }
    if (this.#phraseCache.size > 5000) this.#phraseCache.clear();
    this.#phraseCache.set(term, result);
    return result;
  }

  #idf(postings: Map<number, number>): number {
    return 1 + Math.log(this.size / postings.size + 1);
  }

  analyse(query: string): Analysis {
    return analyse(query, this.#lex);
  }

  search(query: string, opts: SearchOptions = {}): SearchOutcome<T> {
    const analysis = this.analyse(query);
    const limit = Math.max(1, Math.min(opts.limit ?? 20, 100));
    const clauses = analysis.clauses.filter((c) => c.importance > 0);
    const scored: Hit<T>[] = [];
    let total = 0;

    if (!clauses.length) {
      // Only a district (如皋): that district's items, most used first.
      if (analysis.district) {
        for (const doc of this.#docs) if (doc.district === analysis.district) scored.push({ item: doc.item, score: doc.pop * 10 });
      }
      total = scored.length;
    } else {
      const perClause = clauses.map((c) => this.#clauseScores(c));
      const totalImportance = clauses.reduce((s, c) => s + c.importance, 0);
      const candidates = new Set<number>();
      for (const m of perClause) for (const d of m.keys()) candidates.add(d);
      // Phase 1, every candidate: text match × coverage², popularity, district. Phase 2, the best RERANK of them:
      // the exact/prefix name bonus (string comparisons, the costly part on a large catalogue). An item whose name is
      // the query matches every clause in its name field, so it is always among the best of phase 1.
      const prelim: { d: number; score: number; coverage: number }[] = [];
      for (const d of candidates) {
        let text = 0;
        let covered = 0;
        for (let i = 0; i < clauses.length; i++) {
          const s = perClause[i]!.get(d);
          if (s) {
            text += s * clauses[i]!.importance;
            covered += clauses[i]!.importance;
          }
        }
        const coverage = covered / totalImportance;
        if (coverage < MIN_COVERAGE) continue;
        const doc = this.#docs[d]!;
        const score = text * coverage * coverage + doc.pop * POPULARITY + districtBonus(doc.district, analysis.district, opts.district ?? null);
        prelim.push({ d, score, coverage });
      }
      total = prelim.length;
      if (prelim.length > RERANK) prelim.sort((a, b) => b.score - a.score).length = RERANK;
      const resolved = resolvedStrings(clauses);
      for (const { d, score, coverage } of prelim) {
        const doc = this.#docs[d]!;
        scored.push({ item: doc.item, score: score + nameBonus(doc.names, resolved) * coverage });
      }
    }
    scored.sort((a, b) => b.score - a.score || (b.item.popularity ?? 0) - (a.item.popularity ?? 0) || a.item.code.localeCompare(b.item.code));
    const hits = scored.slice(0, limit);
    return {
      analysis,
      hits,
      total,
      groups: this.#group(hits),
      alternatives: hits.length ? [] : this.#alternatives(analysis),
    };
  }

  #clauseScores(c: Clause): Map<number, number> {
    const out = new Map<number, number>();
    for (const v of c.variants) {
      const p = this.#lookup(v.term);
      if (!p) continue;
      const f = v.weight * this.#idf(p);
      for (const [d, w] of p) {
        const s = w * f;
        if ((out.get(d) ?? 0) < s) out.set(d, s);
      }
    }
    return out;
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
        for (const [d, w] of this.#postings.get(b) ?? []) score.set(d, (score.get(d) ?? 0) + w);
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
  suggest(query: string, limit = 8): Suggestion[] {
    const q = normalise(query).replace(/\s+/g, '');
    if (!q) return [];
    const cacheKey = `${limit}\u0000${q}`;
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
    for (const d of uniq(found).sort((a, b) => this.#docs[b]!.pop - this.#docs[a]!.pop)) push(d);
    if (out.length < limit) for (const h of this.search(query, { limit }).hits) push(this.#docIndex(h.item.code));
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
