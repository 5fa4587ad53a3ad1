// Working days on the official calendar, checked against the State Council's 2025 and 2026 holiday notices
// (2026: 国庆节 10-01…10-07 off, Sunday 09-20 and Saturday 10-10 worked; 中秋节 09-25 off; 春节 02-15…02-23 off,
// Saturdays 02-14 and 02-28 worked. 2025: 国庆/中秋 10-01…10-08 off, Sunday 09-28 and Saturday 10-11 worked).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addPlainDays,
  addWorkingDays,
  calendarCovers,
  endOfDay,
  holidayName,
  isWorkingDay,
  plainDaysBetween,
  shanghaiDate,
  workingDaysBetween,
} from '../../src/platform/calendar.ts';

describe('working days on the official calendar', () => {
  const cases: [start: string, n: number, expected: string, why: string][] = [
    ['2026-09-30', 1, '2026-10-08', 'received the day before 国庆: the seven days off do not count'],
    ['2026-09-30', 3, '2026-10-10', 'the 调休 Saturday 10-10 is the third working day'],
    ['2026-10-09', 1, '2026-10-10', 'a Friday before the 调休 Saturday: the Saturday counts'],
    ['2026-09-18', 1, '2026-09-20', 'Sunday 09-20 is worked for 国庆'],
    ['2026-09-24', 1, '2026-09-28', '中秋 Friday 09-25 and the weekend are off'],
    ['2026-02-13', 1, '2026-02-14', 'Saturday 02-14 is worked for 春节'],
    ['2026-02-14', 1, '2026-02-24', '春节 02-15…02-23 is off'],
    ['2026-11-27', 3, '2026-12-02', 'an ordinary Friday: the weekend does not count'],
    ['2026-11-27', 15, '2026-12-18', 'fifteen working days over three ordinary weekends'],
    ['2025-09-30', 1, '2025-10-09', '2025: 国庆 and 中秋 together, 10-01…10-08'],
    ['2025-10-10', 1, '2025-10-11', '2025: Saturday 10-11 is worked'],
    ['2025-12-31', 1, '2026-01-04', '元旦 2026 is 01-01…01-03 and Sunday 01-04 is worked'],
  ];
  for (const [start, n, expected, why] of cases) {
    it(`${n} working day(s) after ${start} is ${expected} (${why})`, () => {
      assert.equal(addWorkingDays(start, n), expected);
      assert.equal(workingDaysBetween(start, expected), n);
    });
  }

  it('reads 调休 weekends as working days and weekday holidays as days off', () => {
    assert.equal(isWorkingDay('2026-10-10'), true);
    assert.equal(isWorkingDay('2026-09-20'), true);
    assert.equal(isWorkingDay('2026-10-01'), false);
    assert.equal(isWorkingDay('2026-10-07'), false);
    assert.equal(isWorkingDay('2026-11-28'), false);
    assert.equal(isWorkingDay('2026-11-27'), true);
    assert.equal(holidayName('2026-10-02'), '国庆节');
    assert.equal(holidayName('2026-10-10'), '国庆节');
    assert.equal(holidayName('2026-11-27'), null);
    assert.ok(calendarCovers('2026-01-01'));
  });

  it('uses the Asia/Shanghai date of an instant whatever the server time zone', () => {
    // 16:30 UTC on 30 September is 00:30 on 1 October in 南通.
    assert.equal(shanghaiDate(new Date('2026-09-30T16:30:00Z')), '2026-10-01');
    assert.equal(shanghaiDate(new Date('2026-09-30T15:59:59Z')), '2026-09-30');
    assert.equal(addWorkingDays(new Date('2026-09-30T15:59:59Z'), 1), '2026-10-08');
    assert.equal(addWorkingDays(new Date('2026-09-30T16:00:00Z'), 1), '2026-10-08'); // received on a holiday
    assert.equal(addWorkingDays(new Date('2026-10-09T16:00:00Z'), 1), '2026-10-12'); // received on the Saturday itself
  });

  it('ends a deadline day at midnight Asia/Shanghai', () => {
    assert.equal(endOfDay('2026-10-08').toISOString(), '2026-10-08T16:00:00.000Z');
  });

  it('counts backwards as a negative number and zero for the same day', () => {
    assert.equal(workingDaysBetween('2026-10-08', '2026-09-30'), -1);
    assert.equal(workingDaysBetween('2026-10-08', '2026-10-08'), 0);
    assert.equal(addWorkingDays('2026-10-03', 0), '2026-10-03');
  });

  it('has a plain-days variant for limits counted in calendar days', () => {
    assert.equal(addPlainDays('2026-09-30', 1), '2026-10-01');
    assert.equal(addPlainDays('2026-02-27', 2), '2026-03-01');
    assert.equal(plainDaysBetween('2026-09-30', '2026-10-08'), 8);
  });

  it('refuses a malformed date or a negative count', () => {
    assert.throws(() => shanghaiDate('2026-13-01'), RangeError);
    assert.throws(() => addWorkingDays('2026-10-01', -1), RangeError);
  });
});
