// What each reader may see of a request. The citizen sees all of their own request; a department sees only requests
// routed to it, the citizen's phone only while the request is with it, the name unless the citizen asked for
// confidentiality, and the ID number never — except by an explicit, audited reveal where the type needs it (PP-3.4).
// Every staff read of contact data is audited in the transaction that reads it.
import { shanghaiDate, workingDaysBetween } from '../../platform/calendar.ts';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { maskMobile } from '../notifications/index.ts';
import { TYPE_LABELS } from './catalogue.ts';
import { HOTLINE_PROBLEMS, HOTLINE_PURPOSE, HOTLINE_RECIPIENT, type Executor, type HotlineContext } from './context.ts';
import { hotlineRepository as repo, type HotlineRequestRow } from './hotline.repository.ts';
import { DEPARTMENT_STATUSES, FINAL_STATUSES, MAX_REOPENS, RUNNING_STATUSES, STATUS_LABELS, type Status } from './workflow.ts';

export type StaffView = 'dispatch' | 'handle' | 'approve' | 'callback';
export const STAFF_VIEWS: readonly StaffView[] = ['dispatch', 'handle', 'approve', 'callback'];

export interface Deadline {
  dueDate: string;
  /** working days from today to the due date (negative: overdue) */
  workingDaysLeft: number;
  overdue: boolean;
}

export function deadlineOf(r: Pick<HotlineRequestRow, 'due_date' | 'status' | 'closed_at'>, now: Date): Deadline {
  const end = r.closed_at && !RUNNING_STATUSES.has(r.status) ? r.closed_at : now;
  const left = workingDaysBetween(shanghaiDate(end), r.due_date);
  return { dueDate: r.due_date, workingDaysLeft: left, overdue: shanghaiDate(end) > r.due_date };
}

async function orgName(ctx: HotlineContext, id: string | null): Promise<string | null> {
  if (!id) return null;
  return (await ctx.organisations()).get(id)?.short_name ?? id;
}

export interface Summary {
  id: string;
  trackingNo: string;
  type: HotlineRequestRow['type'];
  typeLabel: string;
  title: string;
  status: Status;
  statusLabel: string;
  channel: HotlineRequestRow['channel'];
  department: string | null;
  divisionCode: string | null;
  receivedAt: string;
  deadline: Deadline;
  extensionPending: boolean;
  rating: HotlineRequestRow['rating'];
}

async function summary(ctx: HotlineContext, r: HotlineRequestRow, db: Executor = ctx.db): Promise<Summary> {
  return {
    id: r.id,
    trackingNo: r.tracking_no,
    type: r.type,
    typeLabel: TYPE_LABELS[r.type].zh,
    title: (await ctx.open(ctx.subjectOf(r), 'title_enc', r.id, r.title_enc, db)) ?? '',
    status: r.status,
    statusLabel: STATUS_LABELS[r.status].zh,
    channel: r.channel,
    department: await orgName(ctx, r.lead_org),
    divisionCode: r.division_code,
    receivedAt: r.received_at.toISOString(),
    deadline: deadlineOf(r, ctx.now()),
    extensionPending: r.extension_pending,
    rating: r.rating,
  };
}

async function timeline(ctx: HotlineContext, r: HotlineRequestRow, visibleOnly: boolean, db: Executor = ctx.db) {
  const rows = await repo.events(db, r.id);
  const out = [];
  for (const e of rows) {
    if (visibleOnly && !e.visible) continue;
    out.push({
      event: e.event,
      status: e.to_status as Status,
      statusLabel: STATUS_LABELS[e.to_status as Status]?.zh ?? e.to_status,
      department: await orgName(ctx, e.organisation_id),
      at: new Date(e.occurred_at).toISOString(),
      note: await ctx.open(ctx.subjectOf(r), 'note', r.id, e.note_enc, db),
      basis: e.basis,
    });
  }
  return out;
}

async function attachments(ctx: HotlineContext, r: HotlineRequestRow, db: Executor = ctx.db) {
  return (await repo.attachmentsOf(db, r.id)).map((a) => ({ id: a.id, kind: a.kind, mime: a.mime, bytes: a.byte_size, durationSeconds: a.duration_seconds }));
}

// ---------------------------------------------------------------------------------------------------------------- citizen

export async function listMine(ctx: HotlineContext, accountId: string): Promise<Summary[]> {
  const rows = await ctx.db.selectFrom('hotline_requests').selectAll().where('account_id', '=', accountId).orderBy('received_at', 'desc').limit(200).execute();
  return Promise.all(rows.map((r) => summary(ctx, { ...r })));
}

export async function getMine(ctx: HotlineContext, accountId: string, id: string) {
  const r = await repo.getRequest(ctx.db, id);
  if (!r || r.account_id !== accountId) throw new AppError(P.notFound); // someone else's request answers like a missing one
  // 并单: the merged request follows the one it was merged into — its department, steps and reply.
  const followed = r.merged_into ? ((await repo.getRequest(ctx.db, r.merged_into)) ?? r) : r;
  const own = await timeline(ctx, r, true);
  const theirs = followed === r ? [] : (await timeline(ctx, followed, true)).filter((e) => e.event !== 'citizen-request.submitted');
  const subject = ctx.subjectOf(r);
  const fsubject = ctx.subjectOf(followed);
  const base = await summary(ctx, r);
  const replied = ['closed', 'visited', 'rated'].includes(followed.status) || followed.reopen_count > 0;
  return {
    ...base,
    status: followed.status,
    statusLabel: r.merged_into ? `${STATUS_LABELS.merged.zh}·${STATUS_LABELS[followed.status].zh}` : base.statusLabel,
    department: await orgName(ctx, followed.lead_org),
    deadline: deadlineOf(followed, ctx.now()),
    mergedInto: r.merged_into ? followed.tracking_no : null,
    description: (await ctx.open(subject, 'description_enc', r.id, r.description_enc)) ?? '',
    confidential: r.confidential,
    mailbox: r.mailbox_recipient ? { recipient: r.mailbox_recipient, publish: r.publish_consent } : null,
    timeline: [...own, ...theirs].sort((a, b) => a.at.localeCompare(b.at)),
    reply: replied && followed.reply_enc ? await ctx.open(fsubject, 'reply', followed.id, followed.reply_enc) : null,
    repliedAt: followed.replied_at ? followed.replied_at.toISOString() : null,
    ratingComment: await ctx.open(subject, 'rating_comment_enc', r.id, r.rating_comment_enc),
    canRate: !r.merged_into && (r.status === 'closed' || r.status === 'visited'),
    canReopen: !r.merged_into && r.status === 'rated' && r.rating === 'unsatisfied' && r.reopen_count < MAX_REOPENS,
    attachments: await attachments(ctx, r),
    policyVersion: r.policy_version,
  };
}

// ---------------------------------------------------------------------------------------------------------------- staff

function staffOrg(principal: Principal | null): string | null {
  return principal?.kind === 'staff' ? (principal.organisationId ?? null) : null;
}

/** The requests a staff view may list. Department views are scoped to principal.organisationId (PP-3.4). */
export async function queue(ctx: HotlineContext, principal: Principal | null, view: StaffView, filter: { status?: Status; overdue?: boolean } = {}): Promise<(Summary & { suggestedOrganisationId: string | null; role: 'lead' | 'assist' | null })[]> {
  let q = ctx.db.selectFrom('hotline_requests as r').selectAll('r');
  const org = staffOrg(principal);
  if (view === 'handle' || view === 'approve') {
    if (!org) return [];
    q = q
      .innerJoin('hotline_assignments as a', 'a.request_id', 'r.id')
      .where('a.organisation_id', '=', org)
      .where('a.ended_at', 'is', null)
      .where('r.status', 'in', view === 'approve' ? ['reply-pending'] : ['dispatched', 'handling', 'reply-pending']);
  } else if (view === 'dispatch') {
    q = q.where((eb) => eb.or([eb('r.status', 'in', ['submitted', 'accepted', 'returned']), eb('r.extension_pending', '=', true)]));
  } else {
    q = q.where('r.status', 'in', ['closed', 'visited']);
  }
  if (filter.status) q = q.where('r.status', '=', filter.status);
  const rows = await q.orderBy('r.due_date').orderBy('r.received_at').limit(200).execute();
  const out = [];
  const seen = new Set<string>();
  for (const row of rows as HotlineRequestRow[]) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const s = await summary(ctx, row);
    if (filter.overdue && !s.deadline.overdue) continue;
    let role: 'lead' | 'assist' | null = null;
    if (org && (view === 'handle' || view === 'approve')) role = (await repo.activeAssignment(ctx.db, row.id, org))?.role ?? null;
    out.push({ ...s, suggestedOrganisationId: row.suggested_org, role });
  }
  return out;
}

/** One request as a staff view shows it; contact data per PP-3.4, and every read of it audited. */
export async function staffDetail(ctx: HotlineContext, principal: Principal | null, view: StaffView, id: string) {
  if (principal?.kind !== 'staff') throw new AppError(P.forbidden);
  const r0 = await repo.getRequest(ctx.db, id);
  if (!r0) throw new AppError(P.notFound);
  const org = staffOrg(principal);
  const assignments = await repo.assignments(ctx.db, id);
  if (view === 'handle' || view === 'approve') {
    // A department sees only requests that were routed to it.
    if (!org || !assignments.some((a) => a.organisation_id === org)) throw new AppError(P.notFound);
  }
  return ctx.db.transaction().execute(async (tx) => {
    const r = r0;
    const subject = ctx.subjectOf(r);
    const active = assignments.find((a) => a.organisation_id === org && a.ended_at === null);
    const departmentHolds = (view === 'handle' || view === 'approve') && !!active && DEPARTMENT_STATUSES.has(r.status);
    const callbackHolds = view === 'callback' && ['closed', 'visited', 'rated'].includes(r.status);
    const fullMobile = departmentHolds || callbackHolds;
    const showName = (departmentHolds && !r.confidential) || callbackHolds;
    const mobile = await ctx.open(subject, 'contact_mobile_enc', r.id, r.contact_mobile_enc, tx);
    const name = showName ? await ctx.open(subject, 'contact_name_enc', r.id, r.contact_name_enc, tx) : null;
    const location = departmentHolds || view === 'dispatch' ? await ctx.open(subject, 'location_enc', r.id, r.location_enc, tx) : null;
    const read = [...(fullMobile && mobile ? ['mobile'] : []), ...(name ? ['real-name'] : []), ...(location ? ['precise-location'] : [])];
    if (read.length > 0) {
      await ctx.deps.audit.record(tx, {
        actor: { kind: 'staff', ref: principal.staffId },
        action: 'hotline.read-contact',
        subjectId: subject,
        elements: read,
        purposeId: HOTLINE_PURPOSE,
        legalBasis: 'statutory-duty',
        details: { requestId: r.id, view, ...(org ? { organisationId: org } : {}) },
      });
    }
    const settings = await ctx.typeSettings(tx);
    return {
      ...(await summary(ctx, r, tx)),
      description: (await ctx.open(subject, 'description_enc', r.id, r.description_enc, tx)) ?? '',
      suggestedOrganisationId: r.suggested_org,
      leadOrganisationId: r.lead_org,
      contact: {
        name: name ?? (r.confidential ? '(保密)' : null),
        gender: showName ? r.contact_gender : null,
        mobile: mobile ? (fullMobile ? mobile : maskMobile(mobile)) : null,
        hasEmail: !!r.contact_email_enc,
        hasIdNumber: !!r.contact_id_number_enc,
        verified: r.contact_verified,
        confidential: r.confidential,
      },
      idNumberRevealable: departmentHolds && !!r.contact_id_number_enc && settings.get(r.type)!.id_number_revealable,
      location: location ? (JSON.parse(location) as { latitude?: number; longitude?: number; address?: string }) : null,
      assignments: await Promise.all(
        assignments.map(async (a) => ({
          organisationId: a.organisation_id,
          organisation: await orgName(ctx, a.organisation_id),
          role: a.role,
          assignedAt: a.assigned_at.toISOString(),
          signDue: a.sign_due,
          returnDue: a.return_due,
          signedAt: a.signed_at ? a.signed_at.toISOString() : null,
          endedAt: a.ended_at ? a.ended_at.toISOString() : null,
        })),
      ),
      extensionDays: r.extension_days,
      extensionCount: r.extension_count,
      reopenCount: r.reopen_count,
      replyDraft: view === 'approve' || view === 'handle' ? await ctx.open(subject, 'reply', r.id, r.reply_draft_enc, tx) : null,
      reply: await ctx.open(subject, 'reply', r.id, r.reply_enc, tx),
      timeline: await timeline(ctx, r, false, tx),
      attachments: await attachments(ctx, r, tx),
      mergedInto: r.merged_into,
      final: FINAL_STATUSES.has(r.status),
    };
  });
}

/**
 * The ID number, for a department that holds a request whose type needs it (举报 by default), with a reason: audited
 * and recorded in the sharing ledger (PP-3.4, PP-1.8, LAW-4).
 */
export async function revealIdNumber(ctx: HotlineContext, principal: Principal | null, id: string, reason: string): Promise<{ idNumber: string }> {
  if (principal?.kind !== 'staff') throw new AppError(P.forbidden);
  const org = staffOrg(principal);
  if (!reason.trim()) throw new AppError(HOTLINE_PROBLEMS.inputRequired, { extensions: { reason: 'reason-given' } });
  const settings = await ctx.typeSettings();
  return ctx.db.transaction().execute(async (tx) => {
    const r = await repo.getRequest(tx, id);
    const active = r && org ? await repo.activeAssignment(tx, r.id, org) : undefined;
    if (!r || !active || !DEPARTMENT_STATUSES.has(r.status)) throw new AppError(P.notFound);
    if (!settings.get(r.type)!.id_number_revealable || !r.contact_id_number_enc) throw new AppError(HOTLINE_PROBLEMS.idNumberNotNeeded);
    const subject = ctx.subjectOf(r);
    const idNumber = (await ctx.open(subject, 'contact_id_number_enc', r.id, r.contact_id_number_enc, tx))!;
    const provision = await ctx.deps.sharing.provide(tx, {
      recipientId: HOTLINE_RECIPIENT,
      purposeId: HOTLINE_PURPOSE,
      subjectId: subject,
      elements: ['id-number'],
      data: { 'id-number': idNumber },
      basis: 'statutory-duty',
      actor: { kind: 'staff', ref: principal.staffId },
    });
    await ctx.deps.audit.record(tx, {
      actor: { kind: 'staff', ref: principal.staffId },
      action: 'hotline.reveal-id-number',
      subjectId: subject,
      elements: ['id-number'],
      purposeId: HOTLINE_PURPOSE,
      legalBasis: 'statutory-duty',
      details: { requestId: r.id, organisationId: org, provisionId: provision.provisionId },
    });
    await repo.insertEvent(tx, {
      request_id: r.id,
      event: 'citizen-request.id-number-revealed',
      from_status: r.status,
      to_status: r.status,
      actor_kind: 'staff',
      actor_ref: principal.staffId,
      organisation_id: org,
      note_enc: await ctx.seal(tx, subject, 'note', r.id, reason),
      basis: null,
      visible: false,
      occurred_at: ctx.now(),
    });
    return { idNumber };
  });
}

/** An attachment's bytes, for its owner or for a department the request was routed to (audited). */
export async function readAttachment(ctx: HotlineContext, principal: Principal | null, attachmentId: string): Promise<{ mime: string; data: Buffer }> {
  const a = await ctx.db.selectFrom('hotline_attachments').selectAll().where('id', '=', attachmentId).executeTakeFirst();
  if (!a) throw new AppError(P.notFound);
  let allowed = principal?.kind === 'citizen' && principal.accountId === a.account_id;
  if (!allowed && principal?.kind === 'staff' && a.request_id) {
    const org = staffOrg(principal);
    if (principal.permissions.has('hotline.dispatch') || principal.permissions.has('hotline.callback')) allowed = true;
    else if (org && (principal.permissions.has('hotline.handle') || principal.permissions.has('hotline.approve'))) {
      allowed = !!(await ctx.db.selectFrom('hotline_assignments').select('id').where('request_id', '=', a.request_id).where('organisation_id', '=', org).executeTakeFirst());
    }
  }
  if (!allowed) throw new AppError(P.notFound);
  // after account cancellation the rights centre re-keys a case file's attachment to itself (account_id = its id)
  const data = await ctx.deps.cipher.decryptFieldBytes(a.account_id, a.data_enc, `hotline_attachments.data_enc/${a.id}`);
  if (principal?.kind === 'staff') {
    await ctx.db.transaction().execute((tx) =>
      ctx.deps.audit.record(tx, {
        actor: { kind: 'staff', ref: principal.staffId },
        action: 'hotline.read-attachment',
        subjectId: a.account_id,
        elements: [a.kind === 'photo' ? 'photos' : 'voice'],
        purposeId: HOTLINE_PURPOSE,
        legalBasis: 'statutory-duty',
        details: { attachmentId: a.id, requestId: a.request_id },
      }).then(() => undefined),
    );
  }
  return { mime: a.mime, data };
}
