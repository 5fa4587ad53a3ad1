// Time comes from a clock object so that deadlines (working days, OTP expiry, lockouts) are testable.
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class FixedClock implements Clock {
  #t: number;
  constructor(start: Date | string = '2026-11-27T09:00:00+08:00') {
    this.#t = new Date(start).getTime();
  }
  now() {
    return new Date(this.#t);
  }
  advance(ms: number) {
    this.#t += ms;
  }
  set(d: Date | string) {
    this.#t = new Date(d).getTime();
  }
}
