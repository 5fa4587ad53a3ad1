// Per-text analysis shared by index builds: the terms a field text posts (whole text, words, character pairs,
// characters), the words it adds to the vocabulary, pinyin of names, and the lexicon analysis corrects against.
import type { Lexicon } from './analyse.ts';
import type { CategoryLabel, SearchableItem } from './engine.ts';
import { bigrams, cut, cutForIndex, deletions, isHan, normalise, pinyinKeys } from './text.ts';

/**
 * Analyses the items' texts ahead of `new SearchIndex(items)`, yielding to the event loop every few items, so that a
 * rebuild after a catalogue edit does not hold up requests: the constructor then finds every text analysed.
 */
export async function prepareIndex(items: readonly SearchableItem[], categories: readonly CategoryLabel[] = []): Promise<void> {
  const names = new Map(categories.map((c) => [c.id, c.nameZh]));
  for (let k = 0; k < items.length; k++) {
    const it = items[k]!;
    for (const text of [it.name, it.shortName, ...(it.aliases ?? []), ...(it.keywords ?? []), names.get(it.category), it.departmentName, it.itemType]) analyseField(text);
    for (const n of [it.name, it.shortName ?? '', ...(it.aliases ?? [])]) {
      const t = normalise(n).replace(/\s+/g, '');
      if (t) cachedPinyin(t);
    }
    if (k % 25 === 24) await new Promise((r) => setImmediate(r));
  }
}

// Field texts repeat (department and category names, and every text again at each rebuild after a catalogue edit):
// their analysis is kept, so a rebuild costs map operations, not segmentation. Bounded; cleared when full, and when
// search goes idle (clearAnalysisCaches).
interface FieldAnalysis {
  /** term → weight factor: the whole text and its words 1, character pairs 0.6, characters 0.3 */
  terms: [string, number][];
  /** words for the vocabulary (pinyin, corrections) */
  vocab: string[];
}
const fieldCache = new Map<string, FieldAnalysis | null>();
const pinyinCache = new Map<string, { full: string; initials: string }>();
const CACHE_MAX = 200_000;

/**
 * Forgets the analyses (issue #2 idle RSS, ~3 MB with the PostgreSQL server idle): called with the segmenter's release,
 * after the boot build and when search has been idle; the next build analyses its texts again (~0.4 s, in slices).
 */
export function clearAnalysisCaches(): void {
  fieldCache.clear();
  pinyinCache.clear();
}

export function analyseField(text: string | null | undefined): FieldAnalysis | null {
  if (!text) return null;
  const hit = fieldCache.get(text);
  if (hit !== undefined) return hit;
  const t = normalise(text).replace(/\s+/g, '');
  let result: FieldAnalysis | null = null;
  if (t) {
    const terms = new Map<string, number>();
    const put = (term: string, f: number) => {
      if ((terms.get(term) ?? 0) < f) terms.set(term, f);
    };
    put(t, 1);
    for (const w of cutForIndex(t)) put(w, 1);
    for (const run of t.match(/\p{Script=Han}+/gu) ?? []) {
      for (const b of bigrams(run)) put(b, 0.6);
      for (const c of run) put(c, 0.3);
    }
    const vocab = uniq([...cut(t), ...([...t].length <= 10 ? [t] : [])]).filter((w) => [...w].length >= 2);
    result = { terms: [...terms], vocab };
  }
  if (fieldCache.size >= CACHE_MAX) fieldCache.clear();
  fieldCache.set(text, result);
  return result;
}

export function cachedPinyin(text: string): { full: string; initials: string } {
  let v = pinyinCache.get(text);
  if (!v) {
    if (pinyinCache.size >= CACHE_MAX) pinyinCache.clear();
    pinyinCache.set(text, (v = pinyinKeys(text)));
  }
  return v;
}

export function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export function buildLexicon(vocabCount: Map<string, number>, has: (t: string) => boolean, isName: (t: string) => boolean): Lexicon {
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
    const { full, initials } = cachedPinyin(w);
    if (full) push(byPinyin, full, w);
    if (initials.length >= 2) push(byInitials, initials, w);
    if ([...w].length >= 3) for (const k of [w, ...deletions(w)]) push(byDeletion, k, w);
  }
  return { has, isName, byPinyin, byInitials, byDeletion, pinyinKeys: uniq([...byPinyin.keys(), ...byInitials.keys()]).sort() };
}

