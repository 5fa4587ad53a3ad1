// The prose sections of the privacy policy (who we are, rights, minors, updates, contact, definitions…), kept in the
// repository as Markdown next to this file (prose/zh/*.md, prose/en/*.md). The starting text is the seed policy's
// wording; everything the inventory knows (purposes, elements, recipients, SDKs, retention) is NOT written here but
// generated (render.ts), so the text cannot drift from what the code enforces. The privacy office may override a
// section in the console draft; the overrides are stored with each published version.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROSE_KEYS = [
  'preamble',
  'collection-intro',
  'collection-other',
  'sdk-intro',
  'sharing-intro',
  'sharing-other',
  'storage',
  'rights',
  'minors',
  'updates',
  'contact',
  'definitions',
] as const;
export type ProseKey = (typeof PROSE_KEYS)[number];
export type PolicyLang = 'zh-CN' | 'en';
export const POLICY_LANGS: readonly PolicyLang[] = ['zh-CN', 'en'];

/** section → language → Markdown text */
export type Prose = Record<ProseKey, Record<PolicyLang, string>>;

/**
 * Sections whose change is a major change by itself (PP-6.2 items 4 and 5: the rights and how to exercise them; the
 * responsible department, contact and complaint channel). The preamble names the handler and its address.
 */
export const MAJOR_PROSE: readonly ProseKey[] = ['rights', 'contact', 'preamble'];

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'prose');

let cached: Prose | null = null;

/** The prose as kept in the repository. */
export function defaultProse(): Prose {
  cached ??= Object.fromEntries(
    PROSE_KEYS.map((k) => [k, { 'zh-CN': readFileSync(path.join(DIR, 'zh', `${k}.md`), 'utf8').trim(), en: readFileSync(path.join(DIR, 'en', `${k}.md`), 'utf8').trim() }]),
  ) as Prose;
  return structuredClone(cached);
}

/** Default prose with the draft's overrides applied (unknown keys and languages are ignored). */
export function withOverrides(overrides: Partial<Record<string, Partial<Record<string, string>>>> | null | undefined): Prose {
  const prose = defaultProse();
  for (const key of PROSE_KEYS) {
    for (const lang of POLICY_LANGS) {
      const v = overrides?.[key]?.[lang];
      if (typeof v === 'string' && v.trim()) prose[key][lang] = v.trim();
    }
  }
  return prose;
}
