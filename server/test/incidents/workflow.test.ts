// PP-3.5 the response plan as data: contain → assess → notify → report → close, one way through, nothing skipped.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { STATUSES, STEPS, allowedSteps, decide, reportClock, REPORT_WITHIN_HOURS } from '../../src/modules/incidents/index.ts';

it('PP-3.5 every open state allows exactly the next step of the plan, in order, and a closed incident allows none', () => {
  let status: (typeof STATUSES)[number] = 'open';
  for (const step of STEPS) {
    assert.deepEqual(allowedSteps(status), [step], status);
    for (const other of STEPS.filter((s) => s !== step)) assert.equal(decide(status, other), null, `${other} from ${status}`);
    status = decide(status, step)!;
  }
  assert.equal(status, 'closed');
  assert.deepEqual(allowedSteps('closed'), []);
});

it('PP-3.5 the report clock runs 72 hours from detection (platform rule), amber in the last 24 hours, red after, green once reported', () => {
  assert.equal(REPORT_WITHIN_HOURS, 72);
  const detected = new Date('2026-11-27T01:00:00Z');
  const due = new Date(detected.getTime() + 72 * 3_600_000);
  assert.equal(reportClock(due, false, new Date('2026-11-27T02:00:00Z')).state, 'on-time');
  assert.equal(reportClock(due, false, new Date('2026-11-29T02:00:00Z')).state, 'near');
  assert.equal(reportClock(due, false, new Date('2026-11-30T02:00:00Z')).state, 'overdue');
  assert.equal(reportClock(due, true, new Date('2026-11-30T02:00:00Z')).state, 'done');
});
