// Ranking helpers: the query as catalogue words and the exact/prefix/one-edit name bonus (the district and popularity
// terms are numeric and live in the engine's phase 1).
import type { Clause } from './analyse.ts';
import { editDistance } from './text.ts';
import { uniq } from './features.ts';

/** The query as catalogue words: each clause's first variants, in order (gjj提取 → 公积金提取), with and without the
 * weak words (公积金查询 and 公积金), at most 12 strings, each with the product of its variants' weights. */
export interface Resolved {
  text: string;
  weight: number;
}
export function resolvedStrings(clauses: Clause[]): Resolved[] {
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

export function nameBonus(names: string[], resolved: Resolved[]): number {
  let best = 0;
  for (let k = 0; k < resolved.length; k++) {
    const r = resolved[k]!;
    const rt = r.text;
    const rl = rt.length; // Han characters are one UTF-16 unit each
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      const nl = n.length;
      let b = 0;
      if (nl === rl ? n === rt : nl > rl && n.startsWith(rt)) b = nl === rl ? 60 : 30 + 10 * (rl / nl);
      else if (nl > rl && n.includes(rt)) b = 15 + 8 * (rl / nl);
      else if (rl >= 3 && Math.abs(nl - rl) <= 1 && withinOneEdit(n, rt)) b = 40;
      if (b === 0) continue;
      b *= (i === 0 ? 1 : 0.85) * r.weight;
      if (b > best) best = b;
    }
  }
  return best;
}

const SURROGATE = /[\uD800-\uDFFF]/;
/**
 * Whether two strings are within one edit (substitution, insertion or deletion) — editDistance(a, b, 1) <= 1 in
 * linear time and without allocating: this runs for every reranked candidate × name × reading of the query.
 * Strings with characters outside the BMP go to the code-point edit distance.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1) return SURROGATE.test(a) || SURROGATE.test(b) ? editDistance(a, b, 1) <= 1 : false;
  let i = 0;
  while (i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === lb) return true; // equal, or a is b plus one character at the end
  // the rest must be equal after one substitution (same length) or one extra character in a (at i)
  const shift = la === lb ? 0 : 1;
  let ok = true;
  for (let j = i + 1; j < la; j++) {
    if (a.charCodeAt(j) !== b.charCodeAt(j - shift)) {
      ok = false;
      break;
    }
  }
  if (!ok && (SURROGATE.test(a) || SURROGATE.test(b))) return editDistance(a, b, 1) <= 1;
  return ok;
}
