// Taking a workflow step: the transition table decides (workflow.ts), this file applies the step's effects, writes the
// step log, the audit record and the citizen's notifications in ONE transaction, and refuses anything the table does
// not allow with a named problem. PP-3.4: handlers and heads act only on requests routed to their own department.
import { addWorkingDays, shanghaiDate } from '../../platform/calendar.ts';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { auditSafeId, handlingStatus, itemCodeFor, HOTLINE_PROBLEMS, HOTLINE_PURPOSE, HOTLINE_RECIPIENT, type HotlineContext, type Tx } from './context.ts';
import { hotlineRepository as repo, type HotlineRequestRow } from './hotline.repository.ts';
import { decide, transitionOf, SIGN_WINDOW_DAYS, RETURN_WINDOW_DAYS, type CaseState, type Rating, type Role, type Status } from './workflow.ts';

export interface StepInput {
  /** the reason, the reply text or the call-back note */
  text?: string;
  /** the basis (依据) of 不受理 and 退单: a code or a citation */
  basis?: string;
  /** 延期: working days asked for */
  days?: number;
  rating?: Rating;
  /** 派单: the lead department (default: the routing suggestion) and co-handlers */
  organisationId?: string;
  assistIds?: string[];
  /** 并单: the request this one duplicates */
  targetId?: string;
  /** 受理: reclassify the type */
  type?: HotlineRequestRow['type'];
}

export interface StepResult {
  id: string;
  status: Status;
  event: string;
  dueDate: string;
}

const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set(['hotline.handle', 'hotline.approve']);

export function caseState(r: HotlineRequestRow, maxExtensions: number): CaseState {
  return {
    status: r.status,
    dueDate: r.due_date,
    dispatchedOn: r.dispatched_at ? shanghaiDate(r.dispatched_at) : null,
    extensionPending: r.extension_pending,
    extensionCount: r.extension_count,
    maxExtensions,
    reopenCount: r.reopen_count,
    rating: r.rating,
  };
}

/** The role the principal takes this action in, or null. */
function roleFor(principal: Principal | null, action: string): Role | null {
  const t = transitionOf(action);
  if (!t || !principal) return null;
  const roles: readonly Role[] = typeof t.role === 'string' ? [t.role] : t.role;
  for (const role of roles) {
    if (role === 'citizen' && principal.kind === 'citizen') return role;
    if (role !== 'citizen' && role !== 'system' && principal.kind === 'staff' && principal.permissions.has(role)) return role;
  }
  return null;
}

function actorOf(principal: Principal | null): { kind: 'citizen' | 'staff' | 'job'; ref: string } {
  if (principal?.kind === 'citizen') return { kind: 'citizen', ref: principal.accountId };
  if (principal?.kind === 'staff') return { kind: 'staff', ref: principal.staffId };
  return { kind: 'job', ref: 'hotline.check-deadlines' };
}

/** Gives a department the contact data it needs, through the sharing ledger (PP-1.8, PP-2.3, LAW-4). */
async function provideContact(ctx: HotlineContext, tx: Tx, r: HotlineRequestRow, organisationId: string, principal: Principal | null): Promise<string | null> {
  const subject = ctx.subjectOf(r);
  // A confidential request keeps the name from the department (the hotline still holds it); the ID number is never
  // given here — only by an explicit, audited reveal where the type needs it.
  const elements = [
    ...(r.contact_mobile_enc ? ['mobile'] : []),
    ...(r.contact_name_enc && !r.confidential ? ['real-name'] : []),
    ...(r.location_enc ? ['precise-location'] : []),
  ];
  if (elements.length === 0) return null;
  const provision = await ctx.deps.sharing.provide(tx, {
    recipientId: HOTLINE_RECIPIENT,
    purposeId: HOTLINE_PURPOSE,
    subjectId: subject,
    elements,
    // The projection the department may read (through the console, each read audited); the ledger records the elements.
    data: {
      mobile: await ctx.open(subject, 'contact_mobile_enc', r.id, r.contact_mobile_enc, tx),
      'real-name': r.confidential ? undefined : await ctx.open(subject, 'contact_name_enc', r.id, r.contact_name_enc, tx),
      'precise-location': await ctx.open(subject, 'location_enc', r.id, r.location_enc, tx),
    },
    basis: 'statutory-duty',
    actor: actorOf(principal),
  });
  await ctx.deps.audit.record(tx, {
    actor: actorOf(principal),
    action: 'hotline.provide-contact',
    subjectId: subject,
    elements,
    purposeId: HOTLINE_PURPOSE,
    legalBasis: 'statutory-duty',
    details: { requestId: r.id, organisationId, provisionId: provision.provisionId },
  });
  return provision.provisionId;
}

async function assign(ctx: HotlineContext, tx: Tx, r: HotlineRequestRow, orgId: string, role: 'lead' | 'assist', now: Date, principal: Principal | null) {
  await repo.insertAssignment(tx, {
    id: auditSafeId(),
    request_id: r.id,
    organisation_id: orgId,
    role,
    assigned_at: now,
    sign_due: addWorkingDays(now, SIGN_WINDOW_DAYS),
    return_due: addWorkingDays(now, RETURN_WINDOW_DAYS),
    signed_at: null,
    ended_at: null,
    provision_id: await provideContact(ctx, tx, r, orgId, principal),
  });
}

/** Takes one workflow step on a request. Refusals: 404 (not visible to the caller), 409 (table), 422 (missing input). */
export async function takeStep(ctx: HotlineContext, principal: Principal | null, requestId: string, action: string, input: StepInput, opts: { system?: boolean } = {}): Promise<StepResult> {
  const t = transitionOf(action);
  if (!t) throw new AppError(P.notFound);
  const role: Role | null = opts.system ? 'system' : roleFor(principal, action);
  if (!role) throw new AppError(P.forbidden);
  const orgs = await ctx.organisations();
  const settings = await ctx.typeSettings();
  if (action === 'dispatch') {
    for (const o of [input.organisationId, ...(input.assistIds ?? [])]) {
      if (o && (!orgs.has(o) || orgs.get(o)!.kind === 'hotline')) throw new AppError(P.validation, { detail: `未知的承办单位 ${o}` });
    }
  }
  const now = ctx.now();
  const today = shanghaiDate(now);

  return ctx.db.transaction().execute(async (tx) => {
    const r = await repo.lockRequest(tx, requestId);
    if (!r) throw new AppError(P.notFound);
    // PP-3.4: a citizen acts on their own requests; a department only on requests routed to it (and only as lead).
    if (role === 'citizen' && (principal?.kind !== 'citizen' || r.account_id !== principal.accountId)) throw new AppError(P.notFound);
    let orgId: string | null = null;
    if (DEPARTMENT_ROLES.has(role)) {
      orgId = principal?.kind === 'staff' ? (principal.organisationId ?? null) : null;
      const a = orgId ? await repo.activeAssignment(tx, r.id, orgId) : undefined;
      if (!a) throw new AppError(P.notFound);
      if (a.role !== 'lead') throw new AppError(HOTLINE_PROBLEMS.transitionNotAllowed, { detail: '协办单位不能进行此操作，请由主办单位办理', extensions: { action, status: r.status, reason: 'assisting-department' } });
    }
    const setting = settings.get(r.type)!;
    const decision = decide(caseState(r, setting.max_extensions), action, role, { today, days: input.days, rating: input.rating, reason: input.text, basis: input.basis }, r.extension_days ?? 0);
    if (!decision.ok) {
      const missingInput = decision.reason === 'reason-given' || decision.reason === 'basis-given' || decision.reason === 'rating-given';
      throw new AppError(missingInput ? HOTLINE_PROBLEMS.inputRequired : HOTLINE_PROBLEMS.transitionNotAllowed, {
        extensions: { action, status: r.status, reason: decision.reason },
      });
    }
    const next = decision.next;
    const subject = ctx.subjectOf(r);
    const patch: Partial<HotlineRequestRow> = { status: next.status, due_date: next.dueDate, extension_pending: next.extensionPending, extension_count: next.extensionCount, reopen_count: next.reopenCount, rating: next.rating };
    let eventOrg: string | null = orgId;

    switch (action) {
      case 'accept':
        if (input.type && input.type !== r.type) {
          // 受理 may reclassify; the time limit follows the new type, still counted from receipt.
          patch.type = input.type;
          patch.due_date = addWorkingDays(r.received_at, settings.get(input.type)!.working_days);
        }
        break;
      case 'dispatch': {
        const lead = input.organisationId ?? r.suggested_org;
        if (!lead) throw new AppError(HOTLINE_PROBLEMS.routeRequired);
        await repo.endAssignments(tx, r.id, now);
        await assign(ctx, tx, r, lead, 'lead', now, principal);
        for (const a of new Set(input.assistIds ?? [])) if (a !== lead) await assign(ctx, tx, r, a, 'assist', now, principal);
        patch.lead_org = lead;
        patch.dispatched_at = now;
        patch.signed_at = null;
        eventOrg = lead;
        break;
      }
      case 'sign':
        await repo.markSigned(tx, r.id, orgId!, now);
        patch.signed_at = now;
        break;
      case 'return':
        await repo.endAssignments(tx, r.id, now);
        patch.lead_org = null;
        patch.dispatched_at = null;
        patch.return_count = r.return_count + 1;
        patch.extension_days = null;
        break;
      case 'request-extension':
        patch.extension_days = input.days!;
        break;
      case 'approve-extension':
      case 'deny-extension':
        patch.extension_days = null;
        break;
      case 'draft-reply':
        patch.reply_draft_enc = await ctx.seal(tx, subject, 'reply', r.id, input.text);
        break;
      case 'approve-reply':
        // 答复 approved by the head = 办结; the department's hold on the request (and the phone number) ends here.
        patch.reply_enc = r.reply_draft_enc;
        patch.replied_at = now;
        patch.closed_at = now;
        await repo.endAssignments(tx, r.id, now);
        break;
      case 'record-callback':
        patch.called_back_at = now;
        break;
      case 'rate':
        patch.rated_at = now;
        patch.rating_comment_enc = await ctx.seal(tx, subject, 'rating_comment_enc', r.id, input.text);
        break;
      case 'reopen': {
        // 重办: back to the same lead department with a fresh time limit.
        patch.due_date = addWorkingDays(now, setting.working_days);
        patch.closed_at = null;
        patch.rated_at = null;
        patch.reply_draft_enc = null;
        patch.warned_at = null;
        patch.escalated_at = null;
        if (r.lead_org) await assign(ctx, tx, r, r.lead_org, 'lead', now, principal);
        eventOrg = r.lead_org;
        break;
      }
      case 'merge': {
        if (!input.targetId || input.targetId === r.id) throw new AppError(HOTLINE_PROBLEMS.inputRequired, { extensions: { action, reason: 'target-required' } });
        const target = await repo.getRequest(tx, input.targetId);
        if (!target || target.status === 'merged' || target.status === 'rejected') {
          throw new AppError(HOTLINE_PROBLEMS.transitionNotAllowed, { extensions: { action, status: r.status, reason: 'target-not-open' } });
        }
        patch.merged_into = target.id;
        break;
      }
      case 'urge':
        patch.warned_at = now;
        break;
      case 'escalate':
        patch.escalated_at = now;
        break;
    }

    await repo.updateRequest(tx, r.id, patch);
    const eventId = await repo.insertEvent(tx, {
      request_id: r.id,
      event: t.event,
      from_status: r.status,
      to_status: next.status,
      actor_kind: actorOf(principal).kind === 'job' ? 'system' : actorOf(principal).kind,
      actor_ref: opts.system ? null : actorOf(principal).ref,
      organisation_id: eventOrg,
      note_enc: action === 'draft-reply' ? null : await ctx.seal(tx, subject, 'note', r.id, input.text),
      basis: input.basis ?? (input.days ? `days:${input.days}` : null),
      visible: t.visible,
      occurred_at: now,
    });
    await ctx.deps.audit.record(tx, {
      actor: opts.system ? { kind: 'job', ref: 'hotline.check-deadlines' } : actorOf(principal),
      action: `hotline.${action}`,
      subjectId: subject,
      elements: [],
      purposeId: HOTLINE_PURPOSE,
      legalBasis: 'statutory-duty',
      details: { requestId: r.id, from: r.status, to: next.status, ...(eventOrg ? { organisationId: eventOrg } : {}) },
    });
    if (t.visible) {
      await ctx.queueNotification(tx, eventId);
      if (r.account_id && ctx.deps.recordHandling) {
        await ctx.deps.recordHandling(tx, { accountId: r.account_id, itemCode: itemCodeFor(r.channel), status: handlingStatus(next.status), reference: r.tracking_no, at: now });
      }
    }
    return { id: r.id, status: next.status, event: t.event, dueDate: patch.due_date ?? r.due_date };
  });
}

/**
 * The notification job: tells the citizen about a visible step (in-app + SMS), and — unless the step is the merge
 * itself — the citizens whose duplicates were merged into this request (并单: each keeps their own tracking). The step
 * is marked in the same transaction, so a retried job sends nothing twice.
 */
export async function notifyForEvent(ctx: HotlineContext, eventId: number): Promise<'sent' | 'skipped'> {
  return ctx.db.transaction().execute(async (tx) => {
    const e = await tx.selectFrom('hotline_events').selectAll().where('id', '=', String(eventId)).forUpdate().executeTakeFirst();
    if (!e || !e.visible || e.notified_at) return 'skipped';
    const r = await repo.getRequest(tx, e.request_id);
    if (!r) return 'skipped';
    const status = e.to_status as Status;
    await ctx.notifyCitizen(tx, r, status);
    if (e.event !== 'citizen-request.merged') {
      // only those merged before this step happened (the job may run later than the step)
      const children = await tx
        .selectFrom('hotline_requests as c')
        .innerJoin('hotline_events as m', (j) => j.onRef('m.request_id', '=', 'c.id').on('m.event', '=', 'citizen-request.merged'))
        .selectAll('c')
        .where('c.merged_into', '=', r.id)
        .where('m.id', '<', e.id)
        .execute();
      for (const c of children) await ctx.notifyCitizen(tx, c as HotlineRequestRow, status);
    }
    await tx.updateTable('hotline_events').set({ notified_at: ctx.now() }).where('id', '=', String(eventId)).execute();
    return 'sent';
  });
}

/**
 * 督办/催办 (the scheduled job): warns once when a running request has at most one working day left, and escalates
 * once when it is overdue. Each request in its own transaction; returns what it did.
 */
export async function sweepDeadlines(ctx: HotlineContext): Promise<{ urged: string[]; escalated: string[] }> {
  const today = shanghaiDate(ctx.now());
  const soon = addWorkingDays(today, 1);
  const urged: string[] = [];
  const escalated: string[] = [];
  const due = await ctx.db
    .selectFrom('hotline_requests')
    .select(['id', 'status', 'due_date', 'warned_at', 'escalated_at'])
    .where('status', 'in', ['accepted', 'dispatched', 'returned', 'handling', 'reply-pending'])
    .where('due_date', '<=', soon)
    .execute();
  for (const r of due) {
    const dueDate = r.due_date;
    try {
      if (dueDate < today && !r.escalated_at) {
        await takeStep(ctx, null, r.id, 'escalate', {}, { system: true });
        escalated.push(r.id);
      } else if (dueDate >= today && !r.warned_at && ['dispatched', 'handling', 'reply-pending'].includes(r.status)) {
        await takeStep(ctx, null, r.id, 'urge', {}, { system: true });
        urged.push(r.id);
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err; // a step refused by the table (state moved on meanwhile) is fine
    }
  }
  return { urged, escalated };
}
