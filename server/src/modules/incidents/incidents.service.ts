// The incident register (PP-3.5, LAW-8): open an incident, register the affected accounts, walk the response plan
// (incidents.workflow.ts), compose the notice (incidents.notice.ts), fan it out through the notifications outbox by a
// job carrying ids only, publish a public notice when people cannot be reached one by one, and record each report to
// a regulator against the platform's 72-hour clock. Every mutation is audited in its own transaction (actor: staff).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import {
  INCIDENT_PROBLEMS, DEFAULT_CONTACT, DEFAULT_HEADLINE, assertComplete, assertKnownElements, assertNoPersonalInfo, missingParts, renderNotice,
  templateParams, TEMPLATE_NOTICE, TEMPLATE_NOTICE_SMS,
  type NoticeDraft, type NoticeInput,
} from './incidents.notice.ts';
import { json, type Executor, type SecurityIncidentRow, type Tx } from './incidents.repository.ts';
import { allowedSteps, decide, reportClock, REPORT_WITHIN_HOURS, STATUS_LABELS, TRANSITIONS, type Severity, type Step } from './incidents.workflow.ts';
import { reportText, REGULATORS, type Regulator } from './incidents.report.ts';

export const NOTIFY_BATCH_JOB = 'incidents.notify-affected-batch';
/** accounts per fan-out job */
export const BATCH_SIZE = 200;
export const PURPOSE = 'incident-response';
const LEGAL_BASIS = 'legal-obligation';

export interface IncidentsDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  jobs: Jobs;
  audit: AuditService;
  notifications: NotificationsService;
  /** identity: the bound mobile, for the SMS pointer to the in-app notice (PP-3.5 "邮件、电话、推送通知") */
  contactOf?: (accountId: string) => Promise<{ mobile: string } | null>;
}

export interface OpenInput {
  title: string;
  summary: string;
  detectedAt: string;
  elements: string[];
  cause: string;
  possibleHarm: string;
  severity: Severity;
  unreachable?: boolean;
  accountIds?: string[];
}

function staffOf(principal: Principal | null | undefined): string {
  if (!principal || principal.kind !== 'staff') throw new AppError(P.forbidden);
  return principal.staffId;
}

export class IncidentsService {
  readonly #d: IncidentsDeps;
  constructor(deps: IncidentsDeps) {
    this.#d = deps;
  }
  get #db() {
    return this.#d.database.db;
  }

  async #audit(tx: Tx, staffId: string, action: string, row: Pick<SecurityIncidentRow, 'id' | 'elements'>, details: Record<string, unknown> = {}, subjectId?: string) {
    await this.#d.audit.record(tx, {
      actor: { kind: 'staff', ref: staffId }, action, subjectId: subjectId ?? null, elements: subjectId ? ['account-id', 'incident-involvement'] : json<string[]>(row.elements),
      purposeId: PURPOSE, legalBasis: LEGAL_BASIS, details: { incidentId: row.id, ...details },
    });
  }

  async #load(ex: Executor, id: string, forUpdate = false): Promise<SecurityIncidentRow> {
    let q = ex.selectFrom('security_incidents').selectAll().where('id', '=', id);
    if (forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw new AppError(P.notFound);
    return { ...row, elements: json<string[]>(row.elements), notice: row.notice ? json<NoticeDraft>(row.notice) : null };
  }

  async open(principal: Principal | null, input: OpenInput) {
    const staffId = staffOf(principal);
    assertKnownElements(input.elements);
    assertNoPersonalInfo({ title: input.title, summary: input.summary, cause: input.cause, possibleHarm: input.possibleHarm });
    const detectedAt = new Date(input.detectedAt);
    const now = this.#d.clock.now();
    if (Number.isNaN(detectedAt.getTime()) || detectedAt > now) throw new AppError(P.validation, { detail: 'detectedAt must be a past time' });
    const id = randomUUID();
    await this.#db.transaction().execute(async (tx) => {
      const row = {
        id, title: input.title.trim(), summary: input.summary.trim(), detected_at: detectedAt, opened_at: now, opened_by: staffId,
        elements: JSON.stringify(input.elements) as unknown as string[], cause: input.cause.trim(), possible_harm: input.possibleHarm.trim(),
        severity: input.severity, unreachable: !!input.unreachable, status: 'open' as const,
        report_due_at: new Date(detectedAt.getTime() + REPORT_WITHIN_HOURS * 3_600_000),
        // the notice starts from the register's facts and the policy's contact; staff complete it before notifying
        notice: JSON.stringify({ headline: DEFAULT_HEADLINE, elements: input.elements, cause: input.cause.trim(), possibleHarm: input.possibleHarm.trim(), measures: '', advice: '', contact: DEFAULT_CONTACT }) as unknown as NoticeDraft,
        notice_updated_at: now, public_notice_at: null, closed_at: null,
      };
      await tx.insertInto('security_incidents').values(row).execute();
      await this.#audit(tx, staffId, 'incidents.open-incident', { id, elements: input.elements }, { severity: input.severity });
      if (input.accountIds?.length) await this.#addSubjects(tx, staffId, { id, elements: input.elements }, input.accountIds);
    });
    return this.detail(principal, id);
  }

  async #addSubjects(tx: Tx, staffId: string, row: Pick<SecurityIncidentRow, 'id' | 'elements'>, accountIds: string[]): Promise<number> {
    const now = this.#d.clock.now();
    let added = 0;
    for (const accountId of [...new Set(accountIds)]) {
      const r = await tx.insertInto('security_incident_subjects')
        .values({ id: randomUUID(), incident_id: row.id, account_id: accountId, added_at: now, added_by: staffId, outbox_id: null, sms_outbox_id: null, notified_at: null })
        .onConflict((oc) => oc.columns(['incident_id', 'account_id']).doNothing()).returning('id').executeTakeFirst();
      if (!r) continue;
      added++;
      await this.#audit(tx, staffId, 'incidents.register-affected-account', row, {}, accountId);
    }
    return added;
  }

  /** Registers affected accounts, or marks them as not reachable one by one (PP-3.5 public notice). */
  async addSubjects(principal: Principal | null, id: string, input: { accountIds?: string[]; unreachable?: boolean }) {
    const staffId = staffOf(principal);
    let added = 0;
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#load(tx, id, true);
      if (row.status === 'closed') throw new AppError(INCIDENT_PROBLEMS.closed);
      if (input.accountIds?.length) added = await this.#addSubjects(tx, staffId, row, input.accountIds);
      if (input.unreachable !== undefined && input.unreachable !== row.unreachable) {
        await tx.updateTable('security_incidents').set({ unreachable: input.unreachable }).where('id', '=', id).execute();
        await this.#audit(tx, staffId, 'incidents.mark-unreachable', row, { unreachable: input.unreachable });
      }
      // accounts added after the notice went out are told too
      if (added && (row.status === 'notified' || row.status === 'reported')) await this.#queueFanOut(tx, id);
    });
    return { added, ...(await this.detail(principal, id)) };
  }

  /** Saves the notice; refuses it (422) when a LAW-8 part is missing or a text looks like PI. */
  async saveNotice(principal: Principal | null, id: string, input: NoticeInput) {
    const staffId = staffOf(principal);
    assertComplete(input);
    assertKnownElements(input.elements);
    assertNoPersonalInfo({ headline: input.headline ?? '', cause: input.cause, possibleHarm: input.possibleHarm, measures: input.measures, advice: input.advice, contact: input.contact });
    const draft: NoticeDraft = {
      headline: input.headline?.trim() || DEFAULT_HEADLINE, elements: input.elements, cause: input.cause.trim(), possibleHarm: input.possibleHarm.trim(),
      measures: input.measures.trim(), advice: input.advice.trim(), contact: input.contact.trim(),
    };
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#load(tx, id, true);
      if (row.status === 'closed') throw new AppError(INCIDENT_PROBLEMS.closed);
      await tx.updateTable('security_incidents').set({ notice: JSON.stringify(draft) as unknown as NoticeDraft, notice_updated_at: this.#d.clock.now() }).where('id', '=', id).execute();
      await this.#audit(tx, staffId, 'incidents.compose-notice', row, { elements: draft.elements });
    });
    return { preview: renderNotice(draft), missing: [] as string[] };
  }

  /** One step of the response plan; illegal steps are refused (409 incident-step-not-allowed). */
  async step(principal: Principal | null, id: string, step: Step, note?: string) {
    const staffId = staffOf(principal);
    if (note) assertNoPersonalInfo({ note });
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#load(tx, id, true);
      const to = decide(row.status, step);
      if (!to) throw new AppError(INCIDENT_PROBLEMS.stepNotAllowed, { detail: `当前阶段“${STATUS_LABELS[row.status]}”不能执行“${TRANSITIONS[step].labelZh}”`, extensions: { status: row.status, step, allowed: allowedSteps(row.status) } });
      const now = this.#d.clock.now();
      const needs = TRANSITIONS[step].needs;
      const details: Record<string, unknown> = { step, from: row.status, to };
      if (needs.includes('notice-complete')) assertComplete(row.notice);
      if (needs.includes('subjects-or-unreachable')) {
        const { n } = await tx.selectFrom('security_incident_subjects').select((eb) => eb.fn.countAll<number>().as('n')).where('incident_id', '=', id).executeTakeFirstOrThrow();
        if (!Number(n) && !row.unreachable) throw new AppError(INCIDENT_PROBLEMS.noSubjects);
        if (Number(n)) details.batches = await this.#queueFanOut(tx, id);
        // PP-3.5: 难以逐一告知个人信息主体时 … 发布公告
        if (row.unreachable && !row.public_notice_at) {
          await tx.updateTable('security_incidents').set({ public_notice_at: now }).where('id', '=', id).execute();
          details.publicNotice = true;
        }
      }
      if (needs.includes('regulator-report')) {
        const r = await tx.selectFrom('security_incident_reports').select('id').where('incident_id', '=', id).executeTakeFirst();
        if (!r) throw new AppError(INCIDENT_PROBLEMS.reportMissing);
      }
      await tx.updateTable('security_incidents').set({ status: to, ...(to === 'closed' ? { closed_at: now } : {}) }).where('id', '=', id).execute();
      await tx.insertInto('security_incident_steps').values({ id: randomUUID(), incident_id: id, step, from_status: row.status, to_status: to, at: now, staff_id: staffId, note: note?.trim() || null }).execute();
      await this.#audit(tx, staffId, `incidents.${step}-incident`, row, details);
    });
    return this.detail(principal, id);
  }

  /** Queues one fan-out job per batch of not-yet-notified accounts (payload: incident id + account ids). */
  async #queueFanOut(tx: Tx, id: string): Promise<number> {
    const rows = await tx.selectFrom('security_incident_subjects').select('account_id').where('incident_id', '=', id).where('outbox_id', 'is', null).orderBy('account_id').execute();
    let batches = 0;
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      await this.#d.jobs.send(NOTIFY_BATCH_JOB, { incidentId: id, accountIds: rows.slice(i, i + BATCH_SIZE).map((r) => r.account_id) }, { tx });
      batches++;
    }
    return batches;
  }

  /** The fan-out job: enqueues the notice for each account of the batch not yet told (idempotent). */
  async notifyBatch(incidentId: string, accountIds: string[]): Promise<number> {
    const row = await this.#load(this.#db, incidentId);
    if (!row.notice || missingParts(row.notice).length) throw new Error(`incident ${incidentId}: notice incomplete`);
    const params = templateParams(row.notice);
    // contacts are looked up before the transaction (on PGlite a query outside an open transaction waits for it)
    const contacts = new Map<string, string>();
    if (this.#d.contactOf) for (const a of accountIds) { const c = await this.#d.contactOf(a); if (c?.mobile) contacts.set(a, c.mobile); }
    let sent = 0;
    await this.#db.transaction().execute(async (tx) => {
      const pending = await tx.selectFrom('security_incident_subjects').select(['id', 'account_id']).where('incident_id', '=', incidentId)
        .where('account_id', 'in', accountIds.length ? accountIds : ['']).where('outbox_id', 'is', null).forUpdate().execute();
      for (const s of pending) {
        const base = { recipient: { kind: 'account' as const, ref: s.account_id }, actor: { kind: 'job' as const, ref: NOTIFY_BATCH_JOB }, purposeId: PURPOSE };
        const outboxId = await this.#d.notifications.enqueue(tx, { ...base, channel: 'inapp', template: TEMPLATE_NOTICE, params });
        const mobile = contacts.get(s.account_id);
        const smsId = mobile ? await this.#d.notifications.enqueue(tx, { ...base, recipient: { ...base.recipient, address: mobile }, channel: 'sms', template: TEMPLATE_NOTICE_SMS, params: { headline: params.headline! } }) : null;
        await tx.updateTable('security_incident_subjects').set({ outbox_id: outboxId, sms_outbox_id: smsId, notified_at: this.#d.clock.now() }).where('id', '=', s.id).execute();
        sent++;
      }
    });
    return sent;
  }

  async setPublicNotice(principal: Principal | null, id: string, published: boolean) {
    const staffId = staffOf(principal);
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#load(tx, id, true);
      if (published) assertComplete(row.notice);
      if (published === !!row.public_notice_at) return;
      await tx.updateTable('security_incidents').set({ public_notice_at: published ? this.#d.clock.now() : null }).where('id', '=', id).execute();
      await this.#audit(tx, staffId, published ? 'incidents.publish-notice' : 'incidents.withdraw-notice', row);
    });
    return this.detail(principal, id);
  }

  async reportDraft(principal: Principal | null, id: string, recipient: Regulator) {
    staffOf(principal);
    const row = await this.#load(this.#db, id);
    return { recipient, text: reportText(row, await this.#counts(this.#db, id), recipient, this.#d.clock.now()) };
  }

  /** PP-3.5: records that (and when, and to whom) the incident was reported, with the generated report text. */
  async recordReport(principal: Principal | null, id: string, input: { recipient: Regulator; reportedAt?: string; reference?: string; text?: string }) {
    const staffId = staffOf(principal);
    if (input.reference) assertNoPersonalInfo({ reference: input.reference });
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#load(tx, id, true);
      if (row.status === 'closed') throw new AppError(INCIDENT_PROBLEMS.closed);
      const now = this.#d.clock.now();
      const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
      if (Number.isNaN(reportedAt.getTime()) || reportedAt > now) throw new AppError(P.validation, { detail: 'reportedAt must be a past time' });
      const text = input.text?.trim() || reportText(row, await this.#counts(tx, id), input.recipient, now);
      assertNoPersonalInfo({ text });
      const reportId = randomUUID();
      await tx.insertInto('security_incident_reports').values({ id: reportId, incident_id: id, recipient: input.recipient, reported_at: reportedAt, recorded_at: now, staff_id: staffId, reference: input.reference?.trim() || null, report_text: text }).execute();
      await this.#audit(tx, staffId, 'incidents.record-regulator-report', row, { reportId, recipient: input.recipient, onTime: reportedAt <= row.report_due_at });
    });
    return this.detail(principal, id);
  }

  async #counts(ex: Executor, id: string) {
    const subjects = await ex.selectFrom('security_incident_subjects').select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('notified_at').as('queued')]).where('incident_id', '=', id).executeTakeFirstOrThrow();
    // delivery state from the outbox rows the fan-out created (in-app and SMS)
    const { rows } = await sql<{ channel: string; status: string; n: number }>`
      select o.channel, o.status, count(*)::int as n from security_incident_subjects s
        join notification_outbox o on o.id = s.outbox_id or o.id = s.sms_outbox_id
       where s.incident_id = ${id} group by o.channel, o.status`.execute(ex);
    const delivery: Record<string, Record<string, number>> = {};
    for (const r of rows) (delivery[r.channel] ??= {})[r.status] = Number(r.n);
    return { subjects: Number(subjects.total), enqueued: Number(subjects.queued), delivery };
  }

  async list(principal: Principal | null, filter: 'open' | 'closed' | 'all') {
    staffOf(principal);
    let q = this.#db.selectFrom('security_incidents').selectAll().orderBy('detected_at', 'desc');
    if (filter === 'open') q = q.where('status', '!=', 'closed');
    if (filter === 'closed') q = q.where('status', '=', 'closed');
    const rows = await q.limit(500).execute();
    const reported = new Set((await this.#db.selectFrom('security_incident_reports').select('incident_id').distinct().execute()).map((r) => r.incident_id));
    const counts = new Map((await this.#db.selectFrom('security_incident_subjects').select(['incident_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('incident_id').execute()).map((r) => [r.incident_id, Number(r.n)]));
    const now = this.#d.clock.now();
    return rows.map((r) => ({
      id: r.id, title: r.title, severity: r.severity, status: r.status, detectedAt: r.detected_at.toISOString(), unreachable: r.unreachable,
      subjects: counts.get(r.id) ?? 0, publicNotice: !!r.public_notice_at, reportClock: reportClock(r.report_due_at, reported.has(r.id), now),
    }));
  }

  async detail(principal: Principal | null, id: string) {
    staffOf(principal);
    const row = await this.#load(this.#db, id);
    const steps = await this.#db.selectFrom('security_incident_steps').selectAll().where('incident_id', '=', id).orderBy('at').execute();
    const reports = await this.#db.selectFrom('security_incident_reports').selectAll().where('incident_id', '=', id).orderBy('reported_at').execute();
    const counts = await this.#counts(this.#db, id);
    const notice = row.notice;
    return {
      id: row.id, title: row.title, summary: row.summary, detectedAt: row.detected_at.toISOString(), openedAt: row.opened_at.toISOString(), openedBy: row.opened_by,
      elements: row.elements, cause: row.cause, possibleHarm: row.possible_harm, severity: row.severity, unreachable: row.unreachable, status: row.status,
      allowedSteps: allowedSteps(row.status), closedAt: row.closed_at?.toISOString() ?? null,
      reportClock: reportClock(row.report_due_at, reports.length > 0, this.#d.clock.now()),
      steps: steps.map((s) => ({ step: s.step, from: s.from_status, to: s.to_status, at: s.at.toISOString(), staffId: s.staff_id, note: s.note })),
      notice, noticeMissing: missingParts(notice), preview: notice && !missingParts(notice).length ? renderNotice(notice) : null,
      publicNoticeAt: row.public_notice_at?.toISOString() ?? null,
      counts,
      reports: reports.map((r) => ({ id: r.id, recipient: r.recipient, recipientName: REGULATORS[r.recipient], reportedAt: r.reported_at.toISOString(), staffId: r.staff_id, reference: r.reference, text: r.report_text, onTime: r.reported_at <= row.report_due_at })),
    };
  }

  // ── public (PP-3.5 公告): the notice's parts only — no account ids, no internal summary ──
  async publicNotices() {
    const rows = await this.#db.selectFrom('security_incidents').select(['id', 'notice', 'public_notice_at', 'detected_at']).where('public_notice_at', 'is not', null).orderBy('public_notice_at', 'desc').limit(100).execute();
    return rows.flatMap((r) => {
      const n = r.notice ? json<NoticeDraft>(r.notice) : null;
      if (!n || missingParts(n).length) return [];
      return [{ id: r.id, publishedAt: r.public_notice_at!.toISOString(), detectedOn: r.detected_at.toISOString().slice(0, 10), ...renderNotice(n) }];
    });
  }

  async publicNotice(id: string) {
    const n = (await this.publicNotices()).find((x) => x.id === id);
    if (!n) throw new AppError(P.notFound);
    return n;
  }
}
