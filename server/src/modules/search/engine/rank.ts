// Ranking helpers: the query as catalogue words (for exact/prefix name matches) and the district boost.
import { CITY_WIDE } from '../data/districts.ts';
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
  for (const r of resolved) {
    const rl = r.text.length; // Han characters are one UTF-16 unit each
    for (const [i, n] of names.entries()) {
      const primary = i === 0 ? 1 : 0.85;
      let b = 0;
      if (n === r.text) b = 60;
      else if (n.startsWith(r.text)) b = 30 + 10 * (rl / n.length);
      else if (n.includes(r.text)) b = 15 + 8 * (rl / n.length);
      else if (rl >= 3 && Math.abs(n.length - rl) <= 1 && editDistance(n, r.text, 1) <= 1) b = 40;
      b *= primary * r.weight;
      if (b > best) best = b;
    }
  }
  return best;
}

export function districtBonus(doc: string, fromQuery: string | null, fromUser: string | null): number {
  let b = 0;
  if (fromQuery) b += doc === fromQuery ? 40 : doc === CITY_WIDE ? 0 : -40;
  if (fromUser && fromUser !== CITY_WIDE) b += doc === fromUser ? 8 : doc === CITY_WIDE ? 0 : -8;
  return b;
}
