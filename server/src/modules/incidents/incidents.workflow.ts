// PP-3.5 "act on the response plan": the plan's steps as a transition table — contain → assess → notify → report →
// close. Each row says from which states a step may be taken and where it leads; anything else is refused with the
// named problem incident-step-not-allowed (409) listing the steps that are allowed now.

export const STATUSES = ['open', 'contained', 'assessed', 'notified', 'reported', 'closed'] as const;
export type IncidentStatus = (typeof STATUSES)[number];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STEPS = ['contain', 'assess', 'notify', 'report', 'close'] as const;
export type Step = (typeof STEPS)[number];

export interface Transition {
  from: readonly IncidentStatus[];
  to: IncidentStatus;
  /** what must already be true (checked by the service; named problems) */
  needs: readonly ('notice-complete' | 'subjects-or-unreachable' | 'regulator-report')[];
  labelZh: string;
}

export const TRANSITIONS: Record<Step, Transition> = {
  contain: { from: ['open'], to: 'contained', needs: [], labelZh: '控制事态(启动应急预案)' },
  assess: { from: ['contained'], to: 'assessed', needs: [], labelZh: '评估影响' },
  // PP-3.5 / LAW-8: tell the affected users — one by one, or by public notice when that is impossible
  notify: { from: ['assessed'], to: 'notified', needs: ['notice-complete', 'subjects-or-unreachable'], labelZh: '告知受影响用户' },
  // PP-3.5: 按照监管部门要求上报 — at least one report recorded
  report: { from: ['notified'], to: 'reported', needs: ['regulator-report'], labelZh: '向监管部门报告' },
  close: { from: ['reported'], to: 'closed', needs: [], labelZh: '结案' },
};

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  open: '已登记', contained: '已控制', assessed: '已评估', notified: '已告知', reported: '已上报', closed: '已结案',
};

/** The step's target state, or null when the step is not allowed from `status`. */
export function decide(status: IncidentStatus, step: Step): IncidentStatus | null {
  const t = TRANSITIONS[step];
  return t.from.includes(status) ? t.to : null;
}

export function allowedSteps(status: IncidentStatus): Step[] {
  return STEPS.filter((s) => decide(status, s) !== null);
}

/**
 * Platform rule (not law): report to the regulator (网信部门 / 公安机关) within 72 hours of detection. PIPL art. 57 and
 * 网络安全法 art. 42 require reporting 立即 (at once) without a number of hours; 72 hours is the common practice the
 * platform adopts as its outer limit (cf. GDPR art. 33), a shorter limit set by the regulator prevails.
 */
export const REPORT_WITHIN_HOURS = 72;
/** the deadline turns amber this long before it runs out */
export const NEAR_HOURS = 24;

export type ClockState = 'on-time' | 'near' | 'overdue' | 'done';

export function reportClock(dueAt: Date, reported: boolean, now: Date): { dueAt: string; hoursLeft: number; state: ClockState } {
  const hoursLeft = Math.floor((dueAt.getTime() - now.getTime()) / 3_600_000);
  const state: ClockState = reported ? 'done' : now > dueAt ? 'overdue' : hoursLeft < NEAR_HOURS ? 'near' : 'on-time';
  return { dueAt: dueAt.toISOString(), hoursLeft, state };
}
