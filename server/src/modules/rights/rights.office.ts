// The privacy office's side (console, permission privacy.requests): the queue of rights requests and feedback with
// their clocks, assignment, identity verification (PP-4.7), fulfilment executed across every declared store with a
// per-store receipt, partial fulfilment, refusal only on a PP-4.8 ground with a reason the citizen sees, statistics.
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { RIGHTS_PROBLEMS, staffOf, type RightsContext, type Tx } from './context.ts';
import { feedbackClock, handlingWorkingDays, quantile } from './deadlines.ts';
import { dateOnly, type RightsRequestRow } from './rights.repository.ts';
import { presentRequest } from './rights.service.ts';
import { eraseSubject, type StoreReceipt } from './subject-data.ts';
import { TEMPLATE_REQUEST_DONE } from './templates.ts';

/** PP-4.8: the only grounds on which a request may be refused (in whole or in part). */
export const REFUSAL_GROUNDS = {
  'national-security': '与国家安全、国防安全直接相关',
  'public-interest': '与公共安全、公共卫生、重大公共利益直接相关',
  'criminal-investigation': '与犯罪侦查、起诉、审判和判决执行等直接相关',
  'malice-or-abuse': '有充分证据表明请求存在主观恶意或滥用权利，或超出一般技术手段和成本',
  'harm-to-others': '响应请求将导致他人或组织的合法权益受到严重损害',
} as const;
export type RefusalGround = keyof typeof REFUSAL_GROUNDS;

export class OfficeService {
  readonly ctx: RightsContext;
  constructor(ctx: RightsContext) {
    this.ctx = ctx;
  }

  async queue(includeHandled: boolean) {
    const db = this.ctx.database.db;
    let q = db.selectFrom('rights_requests').selectAll().orderBy('due_date').orderBy('received_at');
    if (!includeHandled) q = q.where('status', 'in', ['received', 'in-progress']);
    const now = this.ctx.clock.now();
    const requests = (await q.limit(500).execute()).map((r) => ({ ...presentRequest(r, now), accountId: r.account_id, subjectAccountId: r.subject_account_id, assignedTo: r.assigned_to, identityVerified: r.identity_verified }));
    const fb = await db.selectFrom('rights_feedback').select(['id', 'account_id', 'received_at', 'due_date', 'replied_at']).where('replied_at', 'is', null).orderBy('due_date').limit(500).execute();
    const feedback = fb.map((f) => ({ id: f.id, accountId: f.account_id, receivedAt: f.received_at.toISOString(), clock: feedbackClock(dateOnly(f.due_date), now, false) }));
    return { requests, feedback };
  }

  async #open(tx: Tx, id: string): Promise<RightsRequestRow> {
    const r = await tx.selectFrom('rights_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw new AppError(P.notFound);
    if (!['received', 'in-progress'].includes(r.status)) throw new AppError(RIGHTS_PROBLEMS.requestClosed);
    return r;
  }

  async assign(principal: Principal | null, id: string, assignee: string | null) {
    const staffId = staffOf(principal);
    return this.ctx.database.db.transaction().execute(async (tx) => {
      await this.#open(tx, id);
      await tx.updateTable('rights_requests').set({ assigned_to: assignee ?? staffId, status: 'in-progress' }).where('id', '=', id).execute();
      await this.ctx.audit.record(tx, { actor: { kind: 'staff', ref: staffId }, action: 'rights.assign-request', details: { requestId: id, assignee: assignee ?? staffId } });
      return this.#present(tx, id);
    });
  }

  /** PP-4.7: the office records that it verified the requester's identity (e.g. a guardian's proof). */
  async verifyIdentity(principal: Principal | null, id: string) {
    const staffId = staffOf(principal);
    return this.ctx.database.db.transaction().execute(async (tx) => {
      await this.#open(tx, id);
      await tx.updateTable('rights_requests').set({ identity_verified: true }).where('id', '=', id).execute();
      await this.ctx.audit.record(tx, { actor: { kind: 'staff', ref: staffId }, action: 'rights.verify-requester', details: { requestId: id } });
      return this.#present(tx, id);
    });
  }

  /** Fulfil (or partially fulfil, with a PP-4.8 ground for the rest): erasure across every declared store. */
  async fulfil(principal: Principal | null, id: string, opts: { partial?: { ground: RefusalGround; reason: string } ; response?: string }) {
    const staffId = staffOf(principal);
    const now = this.ctx.clock.now();
    const contact = await this.#contact(id);
    const out = await this.ctx.database.db.transaction().execute(async (tx) => {
      const r = await this.#open(tx, id);
      if (!r.identity_verified) throw new AppError(RIGHTS_PROBLEMS.identityNotVerified);
      let receipt: StoreReceipt[] = [];
      if (r.kind === 'delete-all' || r.kind === 'delete-category' || r.kind === 'guardian-delete') {
        receipt = await eraseSubject(tx, r.subject_account_id, this.ctx.decls, {
          scopes: ['app'], elements: r.kind === 'delete-category' && r.target ? [r.target] : undefined, shredAccountKey: false, now,
        }, this.ctx.engine);
      }
      const status = opts.partial ? 'partially-fulfilled' : 'fulfilled';
      await tx.updateTable('rights_requests').set({
        status, handled_at: now, receipt: JSON.stringify(receipt) as any, assigned_to: r.assigned_to ?? staffId,
        refusal_ground: opts.partial?.ground ?? null, response: opts.partial?.reason ?? opts.response ?? null,
      }).where('id', '=', id).execute();
      await this.ctx.audit.record(tx, {
        actor: { kind: 'staff', ref: staffId }, action: 'rights.fulfil-request', subjectId: r.subject_account_id, purposeId: 'rights-handling', legalBasis: 'legal-obligation',
        details: { requestId: id, status, stores: receipt.map((x) => ({ table: x.table, action: x.action, rows: x.rows })) },
      });
      await this.#notify(tx, r.account_id, opts.partial ? '部分删除，其余部分依法不予删除' : '已删除', contact);
      return this.#present(tx, id);
    });
    return out;
  }

  /** PP-4.8: refusal only on a listed ground, with a written reason the citizen sees. */
  async refuse(principal: Principal | null, id: string, ground: RefusalGround, reason: string) {
    const staffId = staffOf(principal);
    if (!(ground in REFUSAL_GROUNDS) || !reason.trim()) throw new AppError(P.validation, { detail: 'a PP-4.8 ground and a written reason are required' });
    const contact = await this.#contact(id);
    return this.ctx.database.db.transaction().execute(async (tx) => {
      const r = await this.#open(tx, id);
      await tx.updateTable('rights_requests').set({ status: 'refused', handled_at: this.ctx.clock.now(), refusal_ground: ground, response: reason.trim(), assigned_to: r.assigned_to ?? staffId }).where('id', '=', id).execute();
      await this.ctx.audit.record(tx, { actor: { kind: 'staff', ref: staffId }, action: 'rights.refuse-request', subjectId: r.subject_account_id, purposeId: 'rights-handling', legalBasis: 'legal-obligation', details: { requestId: id, ground } });
      await this.#notify(tx, r.account_id, `不予删除(${REFUSAL_GROUNDS[ground]})`, contact);
      return this.#present(tx, id);
    });
  }

  /** the requester's mobile, looked up BEFORE the transaction (PGlite: no second connection inside one) */
  async #contact(id: string) {
    const r = await this.ctx.database.db.selectFrom('rights_requests').select('account_id').where('id', '=', id).executeTakeFirst();
    return r ? await this.ctx.contactOf(r.account_id).catch(() => null) : null;
  }

  async #notify(tx: Tx, accountId: string, outcome: string, contact: { mobile: string } | null) {
    await this.ctx.notifications.enqueue(tx, { recipient: { kind: 'account', ref: accountId }, channel: 'inapp', template: TEMPLATE_REQUEST_DONE, params: { outcome }, purposeId: 'rights-handling' });
    if (contact?.mobile) await this.ctx.notifications.enqueue(tx, { recipient: { kind: 'account', ref: accountId, address: contact.mobile }, channel: 'sms', template: TEMPLATE_REQUEST_DONE, params: { outcome }, purposeId: 'rights-handling' });
  }

  async #present(tx: Tx, id: string) {
    const r = await tx.selectFrom('rights_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { ...presentRequest(r, this.ctx.clock.now()), accountId: r.account_id, subjectAccountId: r.subject_account_id, assignedTo: r.assigned_to, identityVerified: r.identity_verified };
  }

  /** Per type: count, median and p95 handling time in working days, on-time rate (handled on or before the due date). */
  async stats() {
    const rows = await this.ctx.database.db.selectFrom('rights_requests').select(['kind', 'received_at', 'handled_at', 'due_date', 'status']).execute();
    const kinds = new Map<string, { total: number; open: number; times: number[]; onTime: number }>();
    for (const r of rows) {
      const k = kinds.get(r.kind) ?? { total: 0, open: 0, times: [], onTime: 0 };
      kinds.set(r.kind, k);
      k.total++;
      if (!r.handled_at) {
        k.open++;
        continue;
      }
      k.times.push(handlingWorkingDays(r.received_at, r.handled_at));
      if (dateOnly(new Date(r.handled_at.getTime() + 8 * 3600_000).toISOString()) <= dateOnly(r.due_date)) k.onTime++;
    }
    return [...kinds.entries()].map(([kind, k]) => {
      const sorted = [...k.times].sort((a, b) => a - b);
      return { kind, total: k.total, open: k.open, handled: sorted.length, medianWorkingDays: quantile(sorted, 0.5), p95WorkingDays: quantile(sorted, 0.95), onTimeRate: sorted.length ? k.onTime / sorted.length : null };
    });
  }
}
