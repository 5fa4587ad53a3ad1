// The two clocks of the rights centre, kept distinct on purpose:
//   PP-4.3 / LAW-11 — a rights request is handled within 15 WORKING days on the official calendar (chinese-days: the
//     day after receipt is day 1, 调休 working weekends count, public holidays do not);
//   PP-7.1 — feedback is answered within 15 days, plain calendar days (the policy says days, not working days).
import { addPlainDays, addWorkingDays, plainDaysBetween, shanghaiDate, workingDaysBetween, type CalendarDate } from '../../platform/calendar.ts';

export const REQUEST_WORKING_DAYS = 15;
export const FEEDBACK_DAYS = 15;
/** a request this close (working days) to its deadline is shown amber in the console */
export const NEAR_WORKING_DAYS = 3;

export const requestDueDate = (receivedAt: Date): CalendarDate => addWorkingDays(receivedAt, REQUEST_WORKING_DAYS);
export const feedbackDueDate = (receivedAt: Date): CalendarDate => addPlainDays(receivedAt, FEEDBACK_DAYS);

export type ClockState = 'on-time' | 'near' | 'overdue' | 'done';
export interface DeadlineClock {
  dueDate: CalendarDate;
  /** working days (requests) or days (feedback) left after today; negative when past */
  left: number;
  unit: 'working-days' | 'days';
  state: ClockState;
}

export function requestClock(due: CalendarDate, now: Date, done: boolean): DeadlineClock {
  const left = workingDaysBetween(shanghaiDate(now), due);
  return { dueDate: due, left, unit: 'working-days', state: done ? 'done' : left < 0 ? 'overdue' : left <= NEAR_WORKING_DAYS ? 'near' : 'on-time' };
}

export function feedbackClock(due: CalendarDate, now: Date, done: boolean): DeadlineClock {
  const left = plainDaysBetween(shanghaiDate(now), due);
  return { dueDate: due, left, unit: 'days', state: done ? 'done' : left < 0 ? 'overdue' : left <= NEAR_WORKING_DAYS ? 'near' : 'on-time' };
}

/** Handling time in working days (for the office's statistics). */
export const handlingWorkingDays = (receivedAt: Date, handledAt: Date) => workingDaysBetween(receivedAt, handledAt);

/** The value at quantile q of sorted numbers (nearest rank). */
export function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
