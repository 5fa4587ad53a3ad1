// The in-process search index over the published catalogue. Built once per catalogue version (start and every
// change): per item the words, bigrams and characters of each field with the field's weight (inverted index), the
// pinyin of names for suggestions, and the vocabulary analysis corrects against. A query is analysed into clauses,
// each clause's postings give the candidates, and candidates are scored: text match × coverage², then exact/prefix
// name match, popularity and district. Nothing here touches the database or personal information.
import { CITY_WIDE } from '../data/districts.ts';
import { SERVICE_TERMS, WEAK_WORDS } from '../data/terms.ts';
import { analyse, type Analysis, type Clause, type Lexicon } from './analyse.ts';
import { bigrams, cut, cutForIndex, deletions, editDistance, isHan, normalise, pinyinKeys } from './text.ts';

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
        const t = normalise(text ?? '').replace(/\s+/g, '');
        if (!t) return;
        this.#post(t, d, weight);
        for (const w of cutForIndex(t)) this.#post(w, d, weight);
        for (const run of t.match(/\p{Script=Han}+/gu) ?? []) {
          for (const b of bigrams(run)) this.#post(b, d, weight * 0.6);
          for (const c of run) this.#post(c, d, weight * 0.3);
        }
        if (vocab) {
          const words = [...cut(t), ...([...t].length <= 10 ? [t] : [])];
          for (const w of uniq(words)) if ([...w].length >= 2) vocabCount.set(w, (vocabCount.get(w) ?? 0) + 1);
        }
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
        pinyin: names.map((n) => pinyinKeys(n)),
        district: item.districtCode || CITY_WIDE,
        pop: Math.log1p(Math.max(0, item.popularity ?? 0)) / Math.log1p(maxPop),
      };
    });
    this.size = this.#docs.length;
    for (const t of SERVICE_TERMS) if (this.#postings.has(t) && !vocabCount.has(t)) vocabCount.set(t, 1);
    const names = new Set(this.#docs.flatMap((d) => d.names));
    this.#lex = buildLexicon(vocabCount, (t) => this.#postings.has(t), (t) => names.has(t));
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

    if (!clauses.length) {
      // Only a district (如皋): that district's items, most used first.
      if (analysis.district) {
        for (const doc of this.#docs) if (doc.district === analysis.district) scored.push({ item: doc.item, score: doc.pop * 10 });
      }
    } else {
      const perClause = clauses.map((c) => this.#clauseScores(c));
      const totalImportance = clauses.reduce((s, c) => s + c.importance, 0);
      const candidates = new Set<number>();
      for (const m of perClause) for (const d of m.keys()) candidates.add(d);
      const resolved = resolvedStrings(clauses);
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
        let score = text * coverage * coverage + nameBonus(doc.names, resolved) * coverage + doc.pop * POPULARITY;
        score += districtBonus(doc.district, analysis.district, opts.district ?? null);
        scored.push({ item: doc.item, score });
      }
    }
    scored.sort((a, b) => b.score - a.score || (b.item.popularity ?? 0) - (a.item.popularity ?? 0) || a.item.code.localeCompare(b.item.code));
    const hits = scored.slice(0, limit);
    return {
      analysis,
      hits,
      total: scored.length,
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

  /** Nearest items by any shared character pair of the query, ignoring coverage: what the citizen may have meant. */
  #alternatives(analysis: Analysis): string[] {
    const score = new Map<number, number>();
    const han = analysis.clauses.flatMap((c) => c.variants.map((v) => v.term)).join('');
    for (const run of (han || analysis.normalised).match(/\p{Script=Han}+/gu) ?? []) {
      for (const b of [...bigrams(run), ...run]) {
        for (const [d, w] of this.#postings.get(b) ?? []) score.set(d, (score.get(d) ?? 0) + w * ([...b].length === 2 ? 2 : 0.5));
      }
    }
    return [...score]
      .map(([d, s]) => ({ d, s: s + this.#docs[d]!.pop * 3 }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 5)
      .map(({ d }) => this.#docs[d]!.item.name);
  }

  /** Item names starting with (then containing) what is typed, in characters or pinyin/initials; then search hits. */
  suggest(query: string, limit = 8): Suggestion[] {
    const q = normalise(query).replace(/\s+/g, '');
    if (!q) return [];
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    const push = (doc: Doc<T>) => {
      if (out.length >= limit || seen.has(doc.item.code)) return;
      seen.add(doc.item.code);
      out.push({ text: doc.item.name, code: doc.item.code });
    };
    const byPop = this.#byPopularity();
    const latin = /^[a-z]+$/.test(q);
    for (const doc of byPop) {
      if (doc.names.some((n) => n.startsWith(q)) || (latin && doc.pinyin.some((p) => p.full.startsWith(q) || p.initials.startsWith(q)))) push(doc);
    }
    if (isHan([...q][0]!)) for (const doc of byPop) if (doc.names.some((n) => n.includes(q))) push(doc);
    if (out.length < limit) for (const h of this.search(query, { limit }).hits) push(this.#docs[this.#docIndex(h.item.code)]!);
    return out;
  }

  #sortedByPop: Doc<T>[] | undefined;
  #byPopularity(): Doc<T>[] {
    return (this.#sortedByPop ??= [...this.#docs].sort((a, b) => b.pop - a.pop));
  }
  #codeIndex: Map<string, number> | undefined;
  #docIndex(code: string): number {
    this.#codeIndex ??= new Map(this.#docs.map((d, i) => [d.item.code, i]));
    return this.#codeIndex.get(code)!;
  }
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function buildLexicon(vocabCount: Map<string, number>, has: (t: string) => boolean, isName: (t: string) => boolean): Lexicon {
  const byPinyin = new Map<string, string[]>();
  const byInitials = new Map<string, string[]>();
  const byDeletion = new Map<string, string[]>();
  const words = [...vocabCount].filter(([w]) => isHan([...w][0]!)).sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const push = (m: Map<string, string[]>, k: string, w: string) => {
    const l = m.get(k);
    if (!l) m.set(k, [w]);
    else if (!l.includes(w)) l.push(w);
  };
  for (const w of words) {
    const { full, initials } = pinyinKeys(w);
    if (full) push(byPinyin, full, w);
    if (initials.length >= 2) push(byInitials, initials, w);
    if ([...w].length >= 3) for (const k of [w, ...deletions(w)]) push(byDeletion, k, w);
  }
  return { has, isName, byPinyin, byInitials, byDeletion, pinyinKeys: uniq([...byPinyin.keys(), ...byInitials.keys()]).sort() };
}

/** The query as catalogue words: each clause's first variants, in order (gjj提取 → 公积金提取), with and without the
 * weak words (公积金查询 and 公积金), at most 12 strings, each with the product of its variants' weights. */
interface Resolved {
  text: string;
  weight: number;
}
function resolvedStrings(clauses: Clause[]): Resolved[] {
  const build = (cs: Clause[]) => {
    let acc: Resolved[] = [{ text: '', weight: 1 }];
    for (const c of cs) {
      const vs = c.variants.slice(0, 3);
      if (vs.length) acc = acc.flatMap((a) => vs.map((v) => ({ text: a.text + v.term, weight: a.weight * v.weight }))).slice(0, 6);
    }
    return acc;
  };
  const strong = clauses.filter((c) => c.importance >= 0.5);
  const all = [...build(clauses), ...(strong.length && strong.length < clauses.length ? build(strong) : [])];
  return all.filter((r) => r.text);
}

function nameBonus(names: string[], resolved: Resolved[]): number {
  let best = 0;
  for (const r of resolved) {
    const rl = [...r.text].length;
    for (const [i, n] of names.entries()) {
      const primary = i === 0 ? 1 : 0.85;
      let b = 0;
      if (n === r.text) b = 60;
      else if (n.startsWith(r.text)) b = 30 + 10 * (rl / [...n].length);
      else if (n.includes(r.text)) b = 15 + 8 * (rl / [...n].length);
      else if (rl >= 3 && editDistance(n, r.text, 1) <= 1) b = 40;
      b *= primary * r.weight;
      if (b > best) best = b;
    }
  }
  return best;
}

function districtBonus(doc: string, fromQuery: string | null, fromUser: string | null): number {
  let b = 0;
  if (fromQuery) b += doc === fromQuery ? 40 : doc === CITY_WIDE ? 0 : -40;
  if (fromUser && fromUser !== CITY_WIDE) b += doc === fromUser ? 8 : doc === CITY_WIDE ? 0 : -8;
  return b;
}
