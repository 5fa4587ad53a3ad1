// Staff credentials: passwords (argon2id, OWASP parameters; at least 8 characters, not a common password, not the login
// name — no composition rules, as issue #4 §1 sets for citizens) and TOTP (RFC 6238, 30-second steps, ±1 step drift).
import { randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

// @node-rs/argon2's Algorithm is a const enum (not usable under erasable syntax): 2 = Argon2id.
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// A short list of the passwords most often seen in Chinese and international leak corpora. The identity module keeps
// the citizen list; staff keep this one so the two modules stay independent.
const COMMON = new Set([
  '12345678', '123456789', '1234567890', '11111111', '00000000', '88888888', '66666666', '87654321', '12341234',
  'password', 'password1', 'passw0rd', 'qwertyuiop', 'qwerty123', '1qaz2wsx', 'abc12345', 'abcd1234', 'a1234567',
  'a12345678', 'a123456789', 'aa123456', 'woaini1314', 'woaini520', '5201314520', '13145201314', 'qq123456',
  'qq12345678', 'iloveyou', 'admin123', 'admin1234', 'administrator', 'p@ssw0rd', 'zxcvbnm123', 'asdf1234',
  '1q2w3e4r', '1q2w3e4r5t', 'baitong123', 'nantong123', 'welcome1', 'changeme',
]);

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'contains-login';

export function checkPassword(password: string, loginName?: string): PasswordProblem | null {
  if ([...password].length < 8) return 'too-short';
  if (password.length > 128) return 'too-long';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'common';
  if (loginName && loginName.length >= 3 && lower.includes(loginName.toLowerCase())) return 'contains-login';
  return null;
}

export const hashPassword = (password: string) => hash(password, ARGON2);
export const verifyPassword = (hashed: string, password: string) => verify(hashed, password).catch(() => false);

/** A one-time password an administrator hands over: 12 characters, no look-alikes (0/O, 1/l/I). */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < 12; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const TOTP_ISSUER = '南通百通';
export const TOTP_PERIOD = 30;

export const newTotpSecret = (): string => generateSecret({ length: 20 });

export function totpUri(secret: string, loginName: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: `${loginName}`, secret, period: TOTP_PERIOD });
}

export async function totpEnrolment(secret: string, loginName: string): Promise<{ otpauthUri: string; qrDataUrl: string }> {
  const otpauthUri = totpUri(secret, loginName);
  // qrcode (with pngjs) is imported on the first enrolment, not at boot (issue #2 idle RSS)
  const { default: QRCode } = await import('qrcode');
  return { otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 220 }) };
}

/** The time step a code matches, accepting one step of clock drift either side; null when it matches none. */
export function totpStep(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const r = verifySync({ secret, token: code, epoch: Math.floor(at.getTime() / 1000), epochTolerance: TOTP_PERIOD, period: TOTP_PERIOD });
    return r.valid && 'timeStep' in r ? r.timeStep : null;
  } catch {
    return null;
  }
}

/** The current code (tests, demo helpers). */
export const totpCode = (secret: string, at: Date): string => generateSync({ secret, epoch: Math.floor(at.getTime() / 1000), period: TOTP_PERIOD });

/** Ids of staff records: letters only, so that no run of digits in an id can look like a phone or ID number to the
 * audit trail's PI check (it refuses such values in details). 23 letters × n ≈ 4.5 bits each. */
export function newId(prefix: string, length = 24): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return `${prefix}_${out}`;
}

/** Session tokens: 256 random bits; the database keeps only their SHA-256. */
export const newToken = (): string => randomBytes(32).toString('base64url');
