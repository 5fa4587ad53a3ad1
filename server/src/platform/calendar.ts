// Working days on the official calendar of the PRC State Council (国务院办公厅 holiday notices): public holidays are
// days off even on weekdays, and 调休 weekends are working days. The data is chinese-days' table, which follows each
// year's notice; a year the table does not cover falls back to Monday–Friday.
//
// Dates are calendar days in Asia/Shanghai whatever the server's TZ (China has had no DST since 1991, so UTC+8 is
// exact). Statutory time limits "N working days" count from the day after the start date (《民法典》第201条: 按照日、月、年
// 计算期间的，开始的当日不计入), so addWorkingDays(start, n) is the n-th working day after the start's date.
import { createRequire } from 'node:module';

type DayTable = Record<string, string>;
const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: DayTable; workdays: DayTable };
const coveredYears = new Set(Object.keys(data.holidays).map((d) => d.slice(0, 4)));

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date, 'YYYY-MM-DD'. */
export type CalendarDate = string;

/** The Asia/Shanghai calendar date of an instant (or the date itself, validated). */
export function shanghaiDate(at: Date | CalendarDate): CalendarDate {
  if (typeof at === 'string') {
    if (!ISO_DATE.test(at) || Number.isNaN(Date.parse(`${at}T00:00:00Z`))) throw new RangeError(`Not a date: ${at}`);
    return at;
  }
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid Date');
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

function shift(date: CalendarDate, days: number): CalendarDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekday(date: CalendarDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
}

/** True when the date is a working day: a 调休 working weekend, or a weekday that is not a public holiday. */
export function isWorkingDay(at: Date | CalendarDate): boolean {
  const d = shanghaiDate(at);
  if (data.workdays[d]) return true;
  if (data.holidays[d]) return false;
  const w = weekday(d);
  return w !== 0 && w !== 6;
}

/** Whether the official table covers the date's year (else only weekends are days off). */
export function calendarCovers(at: Date | CalendarDate): boolean {
  return coveredYears.has(shanghaiDate(at).slice(0, 4));
}

/** The holiday's name (e.g. '国庆节') when the date is a public holiday or its 调休 working day. */
export function holidayName(at: Date | CalendarDate): string | null {
  const d = shanghaiDate(at);
  const entry = data.holidays[d] ?? data.workdays[d];
  return entry ? (entry.split(',')[1] ?? null) : null;
}

/** The n-th working day after the start's date (n ≥ 0; n = 0 gives the start's date). */
export function addWorkingDays(start: Date | CalendarDate, n: number): CalendarDate {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  let d = shanghaiDate(start);
  let left = n;
  while (left > 0) {
    d = shift(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** The n-th calendar day after the start's date. */
export function addPlainDays(start: Date | CalendarDate, n: number): CalendarDate {
  if (!Number.isSafeInteger(n)) throw new RangeError('n must be an integer');
  return shift(shanghaiDate(start), n);
}

/**
 * Working days in (from, to]: the day after `from` up to and including `to`. Negative when `to` is before `from`.
 * So workingDaysBetween(x, addWorkingDays(x, n)) === n.
 */
export function workingDaysBetween(from: Date | CalendarDate, to: Date | CalendarDate): number {
  const a = shanghaiDate(from);
  const b = shanghaiDate(to);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let d = shift(lo, 1); d <= hi; d = shift(d, 1)) if (isWorkingDay(d)) count++;
  return sign * count;
}

/** Calendar days in (from, to]. */
export function plainDaysBetween(from: Date | CalendarDate, to: Date | CalendarDate): number {
  return Math.round((Date.parse(`${shanghaiDate(to)}T00:00:00Z`) - Date.parse(`${shanghaiDate(from)}T00:00:00Z`)) / DAY_MS);
}

/** The instant a date ends in Asia/Shanghai (the next day's 00:00 +08:00): a deadline on that date expires then. */
export function endOfDay(date: CalendarDate): Date {
  return new Date(Date.parse(`${shanghaiDate(date)}T00:00:00Z`) + DAY_MS - OFFSET_MS);
}

/** The instant a date starts in Asia/Shanghai (00:00 +08:00). */
export function startOfDay(date: CalendarDate): Date {
  return new Date(Date.parse(`${shanghaiDate(date)}T00:00:00Z`) - OFFSET_MS);
}
