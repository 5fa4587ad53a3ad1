// The 12345 closed loop as DATA: one row per transition (action, the states it may start from, the state it leads to,
// who may take it, the guards that must hold, the past-tense event it records, whether the citizen is told). The
// service and the property-based test both run `decide()` over this table, so what is tested is what runs.
//
// 受理/不受理 → 派单 (主办/协办) → 签收 (1 working day) → 办理 → 答复 (drafted by the handler, approved by the department
// head) → 办结 → 回访 (3 working days) → 评价. Side paths: 退单 (2 working days, reason + basis), 延期 (before expiry,
// approved by the dispatcher, at most max_extensions), 督办/催办 (job), 重办 (once, after 不满意), 并单.
import { addWorkingDays, workingDaysBetween, type CalendarDate } from '../../platform/calendar.ts';

export const STATUSES = [
  'submitted', // 待受理
  'rejected', // 不受理 (final)
  'accepted', // 已受理，待派单
  'dispatched', // 已派单，待签收
  'returned', // 已退单，待重新派单
  'handling', // 办理中
  'reply-pending', // 答复待审核
  'closed', // 已办结 (reply approved and sent), 待回访/评价
  'visited', // 已回访
  'rated', // 已评价 (final unless 不满意 and 重办 is still possible)
  'merged', // 已并单 (follows the request it was merged into)
] as const;
export type Status = (typeof STATUSES)[number];

export const FINAL_STATUSES: ReadonlySet<Status> = new Set(['rejected', 'rated', 'merged']);
/** States in which the request runs against its time limit. */
export const RUNNING_STATUSES: ReadonlySet<Status> = new Set(['submitted', 'accepted', 'dispatched', 'returned', 'handling', 'reply-pending']);
/** States in which the lead department has the request (and so may see the citizen's phone, PP-3.4). */
export const DEPARTMENT_STATUSES: ReadonlySet<Status> = new Set(['dispatched', 'handling', 'reply-pending']);

export const STATUS_LABELS: Record<Status, { zh: string; en: string }> = {
  submitted: { zh: '待受理', en: 'Submitted' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  accepted: { zh: '已受理', en: 'Accepted' },
  dispatched: { zh: '已派单', en: 'Assigned' },
  returned: { zh: '重新派单中', en: 'Being re-assigned' },
  handling: { zh: '办理中', en: 'In progress' },
  'reply-pending': { zh: '答复审核中', en: 'Reply under review' },
  closed: { zh: '已办结', en: 'Answered' },
  visited: { zh: '已回访', en: 'Followed up' },
  rated: { zh: '已评价', en: 'Rated' },
  merged: { zh: '已并单', en: 'Merged' },
};

export type Role = 'citizen' | 'hotline.dispatch' | 'hotline.handle' | 'hotline.approve' | 'hotline.callback' | 'system';
export type Rating = 'satisfied' | 'basically-satisfied' | 'unsatisfied';

/** What the guards need to know about a request (a projection of the row). */
export interface CaseState {
  status: Status;
  dueDate: CalendarDate;
  dispatchedOn: CalendarDate | null;
  extensionPending: boolean;
  extensionCount: number;
  maxExtensions: number;
  reopenCount: number;
  rating: Rating | null;
}

export interface ActionInput {
  /** today in Asia/Shanghai */
  today: CalendarDate;
  /** 延期: working days asked for */
  days?: number;
  rating?: Rating;
  reason?: string;
  basis?: string;
}

export type GuardName =
  | 'reason-given'
  | 'basis-given'
  | 'within-return-window'
  | 'extension-allowed'
  | 'extension-pending'
  | 'reopen-allowed'
  | 'rating-given'
  | 'not-yet-rated';

export interface Transition {
  action: string;
  nameZh: string;
  from: readonly Status[];
  /** 'same' keeps the status (side actions: extension, urging) */
  to: Status | 'same';
  role: Role | readonly Role[];
  guards: readonly GuardName[];
  event: string;
  /** the citizen sees the step in the timeline and is notified */
  visible: boolean;
}

const ACTIVE_DEPT: readonly Status[] = ['handling'];

export const TRANSITIONS: readonly Transition[] = [
  { action: 'accept', nameZh: '受理', from: ['submitted'], to: 'accepted', role: 'hotline.dispatch', guards: [], event: 'citizen-request.accepted', visible: true },
  { action: 'reject', nameZh: '不予受理', from: ['submitted'], to: 'rejected', role: 'hotline.dispatch', guards: ['reason-given', 'basis-given'], event: 'citizen-request.rejected', visible: true },
  { action: 'dispatch', nameZh: '派单', from: ['accepted', 'returned'], to: 'dispatched', role: 'hotline.dispatch', guards: [], event: 'citizen-request.assigned', visible: true },
  { action: 'sign', nameZh: '签收', from: ['dispatched'], to: 'handling', role: 'hotline.handle', guards: [], event: 'citizen-request.signed', visible: true },
  { action: 'return', nameZh: '退单', from: ['dispatched', 'handling'], to: 'returned', role: 'hotline.handle', guards: ['reason-given', 'basis-given', 'within-return-window'], event: 'citizen-request.returned', visible: false },
  { action: 'request-extension', nameZh: '申请延期', from: ACTIVE_DEPT, to: 'same', role: 'hotline.handle', guards: ['reason-given', 'extension-allowed'], event: 'citizen-request.extension-requested', visible: false },
  { action: 'approve-extension', nameZh: '批准延期', from: ACTIVE_DEPT, to: 'same', role: 'hotline.dispatch', guards: ['extension-pending'], event: 'citizen-request.extended', visible: true },
  { action: 'deny-extension', nameZh: '不批准延期', from: ACTIVE_DEPT, to: 'same', role: 'hotline.dispatch', guards: ['extension-pending', 'reason-given'], event: 'citizen-request.extension-denied', visible: false },
  { action: 'draft-reply', nameZh: '拟写答复', from: ['handling'], to: 'reply-pending', role: 'hotline.handle', guards: ['reason-given'], event: 'citizen-request.reply-drafted', visible: false },
  { action: 'send-back-reply', nameZh: '退回答复', from: ['reply-pending'], to: 'handling', role: 'hotline.approve', guards: ['reason-given'], event: 'citizen-request.reply-sent-back', visible: false },
  { action: 'approve-reply', nameZh: '审核通过并答复', from: ['reply-pending'], to: 'closed', role: 'hotline.approve', guards: [], event: 'citizen-request.replied', visible: true },
  { action: 'record-callback', nameZh: '回访', from: ['closed'], to: 'visited', role: 'hotline.callback', guards: [], event: 'citizen-request.called-back', visible: true },
  { action: 'rate', nameZh: '评价', from: ['closed', 'visited'], to: 'rated', role: ['citizen', 'hotline.callback'], guards: ['rating-given', 'not-yet-rated'], event: 'citizen-request.rated', visible: true },
  { action: 'reopen', nameZh: '重办', from: ['rated'], to: 'handling', role: ['citizen', 'hotline.callback'], guards: ['reopen-allowed'], event: 'citizen-request.reopened', visible: true },
  { action: 'merge', nameZh: '并单', from: ['submitted', 'accepted'], to: 'merged', role: 'hotline.dispatch', guards: [], event: 'citizen-request.merged', visible: true },
  { action: 'urge', nameZh: '催办', from: ['dispatched', 'handling', 'reply-pending'], to: 'same', role: 'system', guards: [], event: 'citizen-request.urged', visible: false },
  { action: 'escalate', nameZh: '督办', from: ['accepted', 'dispatched', 'returned', 'handling', 'reply-pending'], to: 'same', role: 'system', guards: [], event: 'citizen-request.escalated', visible: false },
];

export const ACTIONS = TRANSITIONS.map((t) => t.action);
export type Action = string;
const byAction = new Map(TRANSITIONS.map((t) => [t.action, t]));
export const transitionOf = (action: string) => byAction.get(action);

export type Refusal = { ok: false; reason: 'unknown-action' | 'wrong-role' | 'wrong-state' | GuardName };
export type Decision = { ok: true; transition: Transition; next: CaseState };

/** 退单 is allowed within this many working days of dispatch (issue #8). */
export const RETURN_WINDOW_DAYS = 2;
export const SIGN_WINDOW_DAYS = 1;
export const CALLBACK_WINDOW_DAYS = 3;
export const MAX_REOPENS = 1;

const GUARDS: Record<GuardName, (s: CaseState, i: ActionInput) => boolean> = {
  'reason-given': (_s, i) => !!i.reason && i.reason.trim().length > 0,
  'basis-given': (_s, i) => !!i.basis && i.basis.trim().length > 0,
  'within-return-window': (s, i) => s.dispatchedOn !== null && workingDaysBetween(s.dispatchedOn, i.today) <= RETURN_WINDOW_DAYS,
  // 延期 must be asked before the time limit runs out, at most maxExtensions times, one request at a time
  'extension-allowed': (s, i) =>
    !s.extensionPending && s.extensionCount < s.maxExtensions && i.today <= s.dueDate && Number.isInteger(i.days) && i.days! >= 1 && i.days! <= 30,
  'extension-pending': (s) => s.extensionPending,
  'reopen-allowed': (s) => s.rating === 'unsatisfied' && s.reopenCount < MAX_REOPENS,
  'rating-given': (_s, i) => i.rating === 'satisfied' || i.rating === 'basically-satisfied' || i.rating === 'unsatisfied',
  'not-yet-rated': (s) => s.rating === null,
};

/**
 * Pure: may `role` take `action` on a request in state `s` with input `i`? If so, the next state. Side effects the
 * next state carries: extension flags, the new time limit on approval, reopen counter, rating.
 */
export function decide(s: CaseState, action: string, role: Role, i: ActionInput, extensionDays = 0): Decision | Refusal {
  const t = byAction.get(action);
  if (!t) return { ok: false, reason: 'unknown-action' };
  const roles: readonly Role[] = typeof t.role === 'string' ? [t.role] : t.role;
  if (!roles.includes(role)) return { ok: false, reason: 'wrong-role' };
  if (!t.from.includes(s.status)) return { ok: false, reason: 'wrong-state' };
  for (const g of t.guards) if (!GUARDS[g](s, i)) return { ok: false, reason: g };
  const next: CaseState = { ...s, status: t.to === 'same' ? s.status : t.to };
  switch (action) {
    case 'dispatch':
      next.dispatchedOn = i.today;
      break;
    case 'return':
      next.dispatchedOn = null;
      next.extensionPending = false;
      break;
    case 'request-extension':
      next.extensionPending = true;
      break;
    case 'approve-extension':
      next.extensionPending = false;
      next.extensionCount = s.extensionCount + 1;
      next.dueDate = addWorkingDays(s.dueDate, extensionDays);
      break;
    case 'deny-extension':
      next.extensionPending = false;
      break;
    case 'draft-reply':
      next.extensionPending = false;
      break;
    case 'rate':
      next.rating = i.rating!;
      break;
    case 'reopen':
      next.reopenCount = s.reopenCount + 1;
      next.rating = null;
      next.extensionPending = false;
      break;
  }
  return { ok: true, transition: t, next };
}

/** Invariants every reachable state satisfies (the property-based test asserts them after every step). */
export function invariantViolations(s: CaseState): string[] {
  const v: string[] = [];
  if (!STATUSES.includes(s.status)) v.push(`unknown status ${s.status}`);
  if (s.extensionCount > s.maxExtensions) v.push('more extensions than allowed');
  if (s.reopenCount > MAX_REOPENS) v.push('reopened more than once');
  if (s.extensionPending && s.status !== 'handling') v.push('extension pending outside handling');
  if (s.status === 'rated' && s.rating === null) v.push('rated without a rating');
  if (['dispatched', 'handling', 'reply-pending'].includes(s.status) && s.dispatchedOn === null) v.push('with a department but never dispatched');
  if (s.rating !== null && !['rated', 'merged'].includes(s.status)) v.push('a rating on a request that is not rated');
  return v;
}
