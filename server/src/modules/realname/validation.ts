// Local validation before any provider is called (LAW-10): a malformed ID number, card number or mobile number is
// refused here with a message the citizen understands, and never leaves the platform.
//   GB 11643-1999: 6-digit administrative division code, 8-digit birth date (YYYYMMDD), 3-digit sequence (odd = male),
//   and a check character under ISO 7064 MOD 11-2 (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; remainder → 1 0 X 9 8 7
//   6 5 4 3 2).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

// GB/T 2260 province-level codes (first two digits): 11–15 north, 21–23 north-east, 31–37 east, 41–46 centre-south,
// 50–54 south-west, 61–65 north-west; 71 Taiwan, 81 Hong Kong, 82 Macao (residence permits use 81/82/83).
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

/** The check character for the first 17 characters of an ID number (LAW-10). */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idCheckCharacter needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export type IdNumberError = 'length' | 'characters' | 'region' | 'birth-date' | 'birth-date-future' | 'check-character';

export const ID_NUMBER_MESSAGES: Record<IdNumberError, string> = {
  length: '身份证号码应为18位',
  characters: '身份证号码前17位应为数字，最后一位为数字或X',
  region: '身份证号码前6位(地区码)不正确',
  'birth-date': '身份证号码中的出生日期不正确',
  'birth-date-future': '身份证号码中的出生日期晚于今天',
  'check-character': '身份证号码校验位不正确，请核对后重新输入',
};

/** Normalises what people type: full-width digits, spaces, lower-case x. */
export function normaliseIdNumber(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export interface ParsedIdNumber {
  idNumber: string;
  regionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
}

/** Validates an 18-character citizen ID number (GB 11643-1999); `today` is the clock's now, to refuse future births. */
export function parseIdNumber(input: string, today: Date): { ok: true; value: ParsedIdNumber } | { ok: false; error: IdNumberError } {
  const id = normaliseIdNumber(input);
  if (id.length !== 18) return { ok: false, error: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, error: 'characters' };
  const region = id.slice(0, 6);
  // A plausible division code: a real province prefix, and prefecture/county parts that are not both zero.
  if (!PROVINCES.has(region.slice(0, 2)) || region.slice(2) === '0000') return { ok: false, error: 'region' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1850 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { ok: false, error: 'birth-date' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > chinaDate(today)) return { ok: false, error: 'birth-date-future' };
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, error: 'check-character' };
  return { ok: true, value: { idNumber: id, regionCode: region, birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' } };
}

/** The calendar date in China (UTC+8, no DST) at instant `t`, as YYYY-MM-DD. */
export function chinaDate(t: Date): string {
  return new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Full years of age on the China calendar date of `at`. */
export function ageOn(birthDate: string, at: Date): number {
  const today = chinaDate(at);
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Masks all but the first 4 and last 4 characters: 3206**********1234. */
export function maskIdNumber(id: string): string {
  return id.length <= 8 ? '*'.repeat(id.length) : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧**娜 */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

// Names as on the resident ID card: Han characters, with the middle dot of minority and transliterated names (·/•).
const NAME = /^[\p{Script=Han}][\p{Script=Han}·•]{0,28}[\p{Script=Han}]$/u;

export function normaliseName(input: string): string {
  return input.normalize('NFKC').trim().replace(/\s+/g, '').replace(/[•・]/g, '·');
}

export function validName(name: string): boolean {
  return NAME.test(name);
}

export type CardError = 'card-length' | 'card-characters' | 'card-checksum';

export const CARD_MESSAGES: Record<CardError, string> = {
  'card-length': '银行卡号应为16到19位数字',
  'card-characters': '银行卡号只能包含数字',
  'card-checksum': '银行卡号校验不正确，请核对后重新输入',
};

/** Luhn (ISO/IEC 7812) check over all digits, the last being the check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit to append to `partial`. */
export function luhnCheckDigit(partial: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(partial + d)) return String(d);
  throw new Error('unreachable');
}

export function parseCardNumber(input: string): { ok: true; value: string } | { ok: false; error: CardError } {
  const card = input.normalize('NFKC').replace(/[\s-]/g, '');
  if (!/^\d+$/.test(card)) return { ok: false, error: 'card-characters' };
  if (card.length < 16 || card.length > 19) return { ok: false, error: 'card-length' };
  if (!luhnValid(card)) return { ok: false, error: 'card-checksum' };
  return { ok: true, value: card };
}

export const MOBILE_MESSAGE = '手机号码格式不正确，应为11位中国大陆手机号';

/** Mainland mobile number in its 11-digit form, or null (+86 / 86 prefixes, spaces and dashes accepted). */
export function parseMobile(input: string): string | null {
  const compact = input.normalize('NFKC').replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(compact) ? compact : null;
}
