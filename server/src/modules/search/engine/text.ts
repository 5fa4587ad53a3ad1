// Text primitives of the search engine: normalisation, Chinese segmentation (jieba with the service-term dictionary),
// pinyin (full and initials) and a bounded edit distance. Pure functions; the jieba instance is loaded on first use
// (~0.1 s) and dropped again when search is idle (releaseSegmenter).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { customPinyin, pinyin } from 'pinyin-pro';
import { SERVICE_TERMS, PINYIN_FIXES } from '../data/terms.ts';

let jieba: Jieba | undefined;
let lastSegmented = 0;
let pinyinFixed = false;

/**
 * jieba's dictionary (349 k words, one `word freq tag` a line) without the words of frequency below 10 (issue #2 idle
 * memory: the segmenter's native copy shrinks from ~36 MB to ~16 MB; 105 k words stay). `npm run search:eval` gives the
 * same results, misses included, as with the whole dictionary (checked with cut-offs 10 and 20; 50 loses a query).
 * Read here rather than through `@node-rs/jieba/dict.js`, which keeps that file and the unused IDF table (11 MB) in
 * memory for the life of the process.
 */
export function jiebaDictionary(): Buffer {
  const file = readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'), 'utf8');
  return Buffer.from(file.replace(/^\S+ \d( [^\n]*)?\n/gm, ''), 'utf8'); // a one-digit frequency: 0–9
}

/**
 * @node-rs/jieba, loaded on the first segmentation with its allocator (mimalloc, linked into the addon) told to give
 * freed pages back at once (MIMALLOC_PURGE_DELAY=0; its default waits 10 ms and then only purges when the addon
 * allocates again). Building the dictionary frees as much as it keeps; left unpurged that stayed resident: issue #2
 * idle RSS, the segmenter ~16 → ~9 MB measured, cut() as fast. mimalloc reads its options from the environment when
 * the addon is loaded, so the variable is set around the require only (an operator's own setting is kept) and
 * @node-rs/argon2's copy of mimalloc, loaded at boot, keeps its defaults (password hashing is faster with them).
 */
function loadJieba(): typeof import('@node-rs/jieba') {
  const given = process.env.MIMALLOC_PURGE_DELAY;
  if (given === undefined) process.env.MIMALLOC_PURGE_DELAY = '0';
  try {
    return createRequire(import.meta.url)('@node-rs/jieba') as typeof import('@node-rs/jieba');
  } finally {
    if (given === undefined) delete process.env.MIMALLOC_PURGE_DELAY;
  }
}

/** The segmenter, with the service terms added at a high frequency so 公积金/三超证/不动产 stay one word. */
export function segmenter(): Jieba {
  lastSegmented = performance.now();
  if (!jieba) {
    jieba = loadJieba().Jieba.withDict(jiebaDictionary());
    jieba.loadDict(Buffer.from(SERVICE_TERMS.map((t) => `${t} 200000 n`).join('\n') + '\n', 'utf8'));
  }
  return jieba;
}

/**
 * Drops the segmenter unless something segmented within the last `idleMs` (issue #2 idle RSS: its native dictionary,
 * ~9 MB, is resident only while search is in use). Its memory goes when the wrapper is collected; the next
 * segmentation loads it again (~0.1 s, once). True when it was dropped.
 */
export function releaseSegmenter(idleMs = 0): boolean {
  if (!jieba || performance.now() - lastSegmented < idleMs) return false;
  jieba = undefined;
  return true;
}

function fixPinyin() {
  if (pinyinFixed) return;
  // Polyphones pinyin-pro reads the common way where a service name means the other one (重名 is chóng míng).
  customPinyin(PINYIN_FIXES);
  pinyinFixed = true;
}

const HAN = /\p{Script=Han}/u;
export const isHan = (ch: string) => HAN.test(ch);

/** NFKC (full-width → half-width), lower case, punctuation → space, runs of space collapsed. */
export function normalise(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{Script=Han}a-z0-9]+/gu, ' ')
    .trim();
}

/** Query text without spaces between Han characters (如皋 公积金 → 如皋公积金 is done by the caller when wanted). */
export function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

/** Words of a text, jieba precise mode (no overlapping fragments), spaces dropped. */
export function cut(text: string): string[] {
  if (!text) return [];
  return segmenter()
    .cut(text, false)
    .map((w) => w.trim())
    .filter(Boolean);
}

/** Words for indexing: search mode adds the shorter words inside long ones (公积金 → 公积, 积金, 公积金). */
export function cutForIndex(text: string): string[] {
  if (!text) return [];
  return [...new Set(segmenter().cutForSearch(text, true).map((w) => w.trim()).filter(Boolean))];
}

/** One toneless syllable per character; non-Han characters are kept as they are. */
export function syllables(text: string): string[] {
  fixPinyin();
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).map((s) => s.toLowerCase());
}

export function pinyinKeys(text: string): { full: string; initials: string } {
  const syl = syllables(text).filter((s) => /^[a-z]+$/.test(s));
  return { full: syl.join(''), initials: syl.map((s) => s[0]).join('') };
}

/** Character bigrams of a Han string (for overlap); a 1-character string gives itself. */
export function bigrams(s: string): string[] {
  const chars = [...s];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Levenshtein distance by code point, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[y.length]!;
}

/** The strings at distance one by deleting one character (SymSpell): w and q are within one edit if their sets meet. */
export function deletions(s: string): string[] {
  const chars = [...s];
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i++) out.add(chars.slice(0, i).join('') + chars.slice(i + 1).join(''));
  return [...out];
}
