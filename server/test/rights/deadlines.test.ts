// LAW-11 / PP-4.3 / PP-7.1: the two clocks over real 2025–2026 dates of the official calendar (chinese-days).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedbackDueDate, requestClock, requestDueDate } from '../../src/modules/rights/deadlines.ts';

// received at noon Shanghai time on the given date
const at = (date: string) => new Date(`${date}T12:00:00+08:00`);

describe('rights deadlines', () => {
  const table: [string, string, string][] = [
    ['2026-03-02', '2026-03-23', 'an ordinary Monday: three full weeks'],
    ['2026-03-07', '2026-03-27', 'received on a Saturday: day 1 is the Monday'],
    ['2026-09-30', '2026-10-27', 'before 国庆: 10-01…10-07 do not count, the 调休 Saturday 10-10 does'],
    ['2026-10-09', '2026-10-29', 'a Friday before the 调休 Saturday 2026-10-10: that Saturday is day 1'],
    ['2026-09-18', '2026-10-15', 'the 调休 Sunday 2026-09-20 counts, 中秋 09-25 and 国庆 do not'],
    ['2025-09-30', '2025-10-28', '2025 国庆+中秋 (10-01…10-08), the 调休 Saturday 2025-10-11 counts'],
    ['2026-02-13', '2026-03-12', '春节 2026: the 调休 Saturdays 02-14 and 02-28 count, 02-15…02-23 do not'],
  ];
  for (const [received, due, why] of table) {
    it(`LAW-11 PP-4.3 a request received on ${received} is due ${due} (${why})`, () => {
      assert.equal(requestDueDate(at(received)), due);
    });
  }

  it('LAW-11 the receipt date is the Shanghai date: 23:30 on 09-30 counts from 09-30, 00:30 on 10-01 from 10-01', () => {
    assert.equal(requestDueDate(new Date('2026-09-30T23:30:00+08:00')), '2026-10-27');
    assert.equal(requestDueDate(new Date('2026-10-01T00:30:00+08:00')), '2026-10-27'); // a holiday: day 1 is still 10-08
    assert.equal(requestDueDate(new Date('2026-10-09T23:59:00+08:00')), '2026-10-29');
    assert.equal(requestDueDate(new Date('2026-10-10T00:01:00+08:00')), '2026-10-30');
  });

  it('PP-7.1 feedback is due in 15 plain days, a different clock from the 15 working days', () => {
    assert.equal(feedbackDueDate(at('2026-09-30')), '2026-10-15');
    assert.notEqual(feedbackDueDate(at('2026-09-30')), requestDueDate(at('2026-09-30')));
  });

  it('PP-4.3 the live clock turns near within 3 working days and overdue after the due date', () => {
    assert.equal(requestClock('2026-10-27', at('2026-10-08'), false).state, 'on-time');
    assert.equal(requestClock('2026-10-27', at('2026-10-22'), false).state, 'near');
    assert.equal(requestClock('2026-10-27', at('2026-10-27'), false).left, 0);
    assert.equal(requestClock('2026-10-27', at('2026-10-28'), false).state, 'overdue');
    assert.equal(requestClock('2026-10-27', at('2026-10-28'), true).state, 'done');
  });
});
