// Query analysis: the normalised query becomes a list of clauses, each a set of alternative terms (variants) the item
// must contain one of. District words are taken out (they boost, not match); colloquial phrases become catalogue terms
// (data/synonyms.ts); latin runs are read as pinyin or initials (gjj → 公积金, mixed gjj提取); words the catalogue does
// not know are corrected by sound (homophones) or by one wrong/missing/extra character (SymSpell deletions).
import { DISTRICT_WORDS } from '../data/districts.ts';
import { SYNONYMS } from '../data/synonyms.ts';
import { STOPWORDS, WEAK_WORDS } from '../data/terms.ts';
import { cut, deletions, editDistance, isHan, normalise, syllables } from './text.ts';

export interface Variant {
  term: string;
  weight: number;
}
export interface Clause {
  /** what the citizen typed for this clause */
  source: string;
  variants: Variant[];
  /** share of the query this clause carries (weak words count less) */
  importance: number;
}
export interface Analysis {
  normalised: string;
  /** county-level division named in the query */
  district: string | null;
  clauses: Clause[];
}

/** What analysis needs to know about the catalogue's vocabulary (built with the index). */
export interface Lexicon {
  has(term: string): boolean;
  /** an item's name, short name or alias, exactly */
  isName(term: string): boolean;
  /** full pinyin (no tones, no spaces) → words; initials → words; both ordered by how many items use them */
  byPinyin: Map<string, string[]>;
  byInitials: Map<string, string[]>;
  /** SymSpell: deletion variant (and the word itself) → words of length ≥ 3 */
  byDeletion: Map<string, string[]>;
  /** every pinyin key, sorted, for prefix lookup of the last piece while typing */
  pinyinKeys: string[];
}

const SYNONYMS_BY_LENGTH = [...SYNONYMS].sort((a, b) => b.from.length - a.from.length);
const DISTRICTS_BY_LENGTH = DISTRICT_WORDS.flatMap((d) => d.words.map((w) => ({ code: d.code, word: w }))).sort((a, b) => b.word.length - a.word.length);
const MAX_VARIANTS = 6;

export function analyse(raw: string, lex: Lexicon): Analysis {
  const normalised = normalise(raw).slice(0, 64);
  let text = normalised;
  let district: string | null = null;
  for (const d of DISTRICTS_BY_LENGTH) {
    if (text.includes(d.word)) {
      district = d.code;
      text = text.replace(d.word, ' ');
      break;
    }
  }
  const clauses: Clause[] = [];
  // Han, latin and digit runs: a space or a change of script ends a run.
  for (const run of text.match(/\p{Script=Han}+|[a-z]+|[0-9]+/gu) ?? []) {
    if (isHan(run[0]!)) clauses.push(...hanClauses(run, lex));
    else if (/^[a-z]/.test(run)) clauses.push(...latinClauses(run, lex));
    else clauses.push({ source: run, variants: [{ term: run, weight: 1 }], importance: 0.6 });
  }
  return { normalised, district, clauses };
}

function hanClauses(run: string, lex: Lexicon): Clause[] {
  if (!run) return [];
  // Exactly an item's name or alias (身份证丢了, 投诉): no colloquial rewriting, just its words.
  if (lex.isName(run)) return wordClauses(run, lex);
  // Colloquial phrases: they may span words jieba cuts apart (身份证丢了), but must start and end on word boundaries
  // (取公积金 is not inside 租房提取公积金). Earlier targets are what the phrase usually means, so they weigh more.
  const bounds = new Set<number>([0]);
  let at = 0;
  for (const w of cut(run)) bounds.add((at += w.length));
  for (const s of SYNONYMS_BY_LENGTH) {
    let from = run.indexOf(s.from);
    while (from >= 0 && !(bounds.has(from) && bounds.has(from + s.from.length))) from = run.indexOf(s.from, from + 1);
    if (from < 0) continue;
    const variants = s.to.map((term, k) => ({ term, weight: 1 - 0.05 * Math.min(k, 3) }));
    if (lex.has(s.from) && !s.to.includes(s.from)) variants.push({ term: s.from, weight: 0.8 });
    return [
      ...hanClauses(run.slice(0, from), lex),
      { source: s.from, variants, importance: 1 },
      ...hanClauses(run.slice(from + s.from.length), lex),
    ];
  }
  return wordClauses(run, lex);
}

/** One clause per meaningful word; words the catalogue does not know are corrected with their neighbours. */
function wordClauses(run: string, lex: Lexicon): Clause[] {
  const words = cut(run).filter((w) => !STOPWORDS.has(w));
  const out: Clause[] = [];
  const unknown = (w: string) => !lex.has(w) || ([...w].length === 1 && !WEAK_WORDS.has(w));
  for (let i = 0; i < words.length; ) {
    // A word the catalogue does not know, possibly with its neighbours: try the longest group that corrects.
    let done = false;
    if (words.slice(i, i + 3).some(unknown)) {
      for (let k = Math.min(3, words.length - i); k >= 1 && !done; k--) {
        const group = words.slice(i, i + k).join('');
        const len = [...group].length;
        if (len < 2 || len > 8) continue;
        if (k > 1 && lex.has(group)) {
          out.push({ source: group, variants: [{ term: group, weight: 1 }], importance: 1 });
          i += k;
          done = true;
          break;
        }
        const fixes = corrections(group, lex);
        if (fixes.length && (k > 1 || !lex.has(group))) {
          out.push({ source: group, variants: fixes, importance: 1 });
          i += k;
          done = true;
        }
      }
    }
    if (done) continue;
    const w = words[i]!;
    const single = [...w].length === 1;
    out.push({ source: w, variants: [{ term: w, weight: 1 }], importance: WEAK_WORDS.has(w) ? 0.3 : single ? 0.5 : 1 });
    i += 1;
  }
  return out;
}

/** Known words that sound the same (公鸡金 → 公积金), or are one character away (公积全 → 公积金, 公积 → 公积金). */
function corrections(group: string, lex: Lexicon): Variant[] {
  const out = new Map<string, number>();
  const len = [...group].length;
  const full = syllables(group).join('');
  for (const w of lex.byPinyin.get(full) ?? []) if ([...w].length === len && w !== group) out.set(w, 0.9);
  if (len >= 3) {
    for (const key of [group, ...deletions(group)]) {
      for (const w of lex.byDeletion.get(key) ?? []) {
        if (w === group || out.has(w)) continue;
        if (editDistance(group, w, 1) <= 1) out.set(w, 0.8);
      }
    }
  }
  return [...out].slice(0, MAX_VARIANTS).map(([term, weight]) => ({ term, weight }));
}

/**
 * A latin run read as pinyin: the fewest pieces that are each the full pinyin or the initials of a catalogue word
 * (gongjijintiqu → 公积金 提取; gjjtq → 公积金 提取; gjj → 公积金); the last piece may be unfinished while typing.
 * A run that is no pinyin (etc, app) is kept as it is.
 */
function latinClauses(run: string, lex: Lexicon): Clause[] {
  const n = run.length;
  if (n > 40) return [{ source: run, variants: [{ term: run, weight: 1 }], importance: 1 }];
  // best[i] = cheapest cover of run[0..i); pieces of full pinyin cost 1, initials 1.3 (more ambiguous).
  const best: ({ cost: number; from: number; kind: 'full' | 'initials' | 'prefix' } | null)[] = Array(n + 1).fill(null);
  best[0] = { cost: 0, from: -1, kind: 'full' };
  for (let i = 0; i < n; i++) {
    const b = best[i];
    if (!b) continue;
    for (let j = i + 1; j <= n; j++) {
      const piece = run.slice(i, j);
      const consider = (kind: 'full' | 'initials' | 'prefix', cost: number) => {
        const c = b.cost + cost;
        if (!best[j] || best[j]!.cost > c) best[j] = { cost: c, from: i, kind };
      };
      if (lex.byPinyin.has(piece)) consider('full', 1);
      if (j - i >= 2 && lex.byInitials.has(piece)) consider('initials', 1.3);
      if (j === n && j - i >= 2 && !lex.byPinyin.has(piece) && hasPrefix(lex.pinyinKeys, piece)) consider('prefix', 1.6);
    }
  }
  const literal: Clause = { source: run, variants: [{ term: run, weight: 1 }], importance: 1 };
  if (lex.has(run) || !best[n]) return [literal]; // an English word in a name (ETC, APP) is not pinyin
  const pieces: { piece: string; kind: 'full' | 'initials' | 'prefix' }[] = [];
  for (let j = n; j > 0; ) {
    const b = best[j]!;
    pieces.unshift({ piece: run.slice(b.from, j), kind: b.kind });
    j = b.from;
  }
  const clauses = pieces.map(({ piece, kind }): Clause => {
    const words = kind === 'full' ? lex.byPinyin.get(piece)! : kind === 'initials' ? lex.byInitials.get(piece)! : prefixWords(lex, piece);
    const weight = kind === 'full' ? 0.95 : kind === 'initials' ? 0.9 : 0.8;
    const variants = words.slice(0, MAX_VARIANTS).map((term) => ({ term, weight }));
    const importance = variants.some((v) => WEAK_WORDS.has(v.term)) ? 0.5 : 1;
    return { source: piece, variants, importance };
  });
  return clauses;
}

function lowerBound(keys: string[], s: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function hasPrefix(keys: string[], p: string): boolean {
  const i = lowerBound(keys, p);
  return i < keys.length && keys[i]!.startsWith(p);
}
function prefixWords(lex: Lexicon, p: string): string[] {
  const out: string[] = [];
  for (let i = lowerBound(lex.pinyinKeys, p); i < lex.pinyinKeys.length && lex.pinyinKeys[i]!.startsWith(p) && out.length < MAX_VARIANTS; i++) {
    for (const w of lex.byPinyin.get(lex.pinyinKeys[i]!) ?? lex.byInitials.get(lex.pinyinKeys[i]!) ?? []) if (!out.includes(w)) out.push(w);
  }
  return out;
}
