// PP-1.2 password rules, after NIST SP 800-63B §5.1.1.2: at least 8 characters, no composition rules, refused when
// it is a known common password (global lists plus Chinese favourites such as 123456, woaini1314, 5201314) or
// contains the account name or the mobile number.
import { readFileSync } from 'node:fs';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

const COMMON: ReadonlySet<string> = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#')),
);

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export type WeakReason = 'too-short' | 'too-long' | 'common' | 'contains-account-name' | 'contains-mobile';

export function passwordWeakness(password: string, ctx: { accountName?: string; mobile?: string }): WeakReason | null {
  const length = [...password].length; // code points: a Chinese character counts once
  if (length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (length > MAX_PASSWORD_LENGTH) return 'too-long';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'common';
  const name = ctx.accountName?.trim().toLowerCase();
  if (name && name.length >= 3 && lower.includes(name)) return 'contains-account-name';
  if (ctx.mobile && (lower.includes(ctx.mobile) || lower.includes(ctx.mobile.slice(-8)))) return 'contains-mobile';
  return null;
}

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}

/** OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1. */
export const ARGON2_OPTIONS = { algorithm: 2 as Algorithm /* Argon2id (a const enum: not importable at run time) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verified against when the account does not exist, so that a wrong account name costs the same time as a wrong
// password (no account enumeration by timing).
let dummy: Promise<string> | undefined;
export async function burnPasswordVerify(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-for-timing');
  await verifyPassword(await dummy, password);
}
