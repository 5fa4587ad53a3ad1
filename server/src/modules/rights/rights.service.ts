// The citizen's side of the rights centre: 用户资料 (PP-4.1), single-item deletion and deletion requests (PP-4.3),
// guardians' requests (PP-5.2), account cancellation in two modes (PP-4.5) and 谁使用了我的数据.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { auditRepository } from '../audit/index.ts';
import { elementById, inboundSourceById, purposeById } from '../privacy/index.ts';
import { citizenOf, RIGHTS_PROBLEMS, type RightsContext } from './context.ts';
import { requestClock, requestDueDate } from './deadlines.ts';
import { dateOnly, type RequestKind, type RightsRequestRow } from './rights.repository.ts';
import { collectSubjectData, eraseItem, eraseSubject, storageOnlyOf, type Scope, type StoreReceipt } from './subject-data.ts';

/** PP-4.2: fields the owning module lets the citizen change after step-up, and fields only re-verification changes */
const CORRECTION: Record<string, { via: string } | { reverify: string }> = {
  mobile: { via: '/api/v1/identity/mobile' },
  'account-name': { via: '/api/v1/identity/account-name' },
  password: { via: '/api/v1/identity/password' },
  'real-name': { reverify: '/realname' },
  'id-number': { reverify: '/realname' },
};

function mask(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (typeof v === 'string') return v.length <= 1 ? '*' : v.length <= 3 ? v[0] + '*'.repeat(v.length - 1) : v[0] + '*'.repeat(Math.min(8, v.length - 2)) + v[v.length - 1];
  return '***';
}

export function presentRequest(r: RightsRequestRow, now: Date) {
  const due = dateOnly(r.due_date);
  const done = r.status === 'fulfilled' || r.status === 'partially-fulfilled' || r.status === 'refused';
  return {
    id: r.id, kind: r.kind, target: r.target, status: r.status, receivedAt: r.received_at.toISOString(),
    clock: requestClock(due, now, done), refusalGround: r.refusal_ground, response: r.response,
    handledAt: r.handled_at ? r.handled_at.toISOString() : null, receipt: (r.receipt ?? null) as StoreReceipt[] | null,
  };
}

export class RightsService {
  readonly ctx: RightsContext;
  constructor(ctx: RightsContext) {
    this.ctx = ctx;
  }

  /** PP-4.1 用户资料: everything held, grouped by purpose, generated from the declarations; sensitive values masked
   * until a fresh step-up (then reading them is audited). */
  async profile(principal: Principal | null, reveal: boolean) {
    const accountId = citizenOf(principal);
    if (reveal) await this.ctx.stepUp.require(principal);
    const db = this.ctx.database.db;
    const tables = await collectSubjectData(db, accountId, this.ctx.decls, this.ctx.engine);
    const groups = new Map<string, { purposeId: string; name: string; nameEn: string; items: any[] }>();
    for (const t of tables) {
      if (!t.rows.length) continue;
      const p = purposeById(t.purpose);
      const g = groups.get(t.purpose) ?? { purposeId: t.purpose, name: p?.nameZh ?? t.purpose, nameEn: p?.nameEn ?? t.purpose, items: [] };
      groups.set(t.purpose, g);
      for (const row of t.rows) {
        for (const [elementId, values] of Object.entries(row.elements)) {
          const el = elementById(elementId);
          const sensitive = el?.sensitive ?? true; // unknown elements are treated as sensitive
          g.items.push({
            table: t.table, key: row.key, element: elementId, name: el?.nameZh ?? elementId, nameEn: el?.nameEn ?? elementId, sensitive,
            masked: sensitive && !reveal, values: Object.fromEntries(Object.entries(values).map(([c, v]) => [c, sensitive && !reveal ? mask(v) : v])),
            deletable: t.itemDeletable, erasure: t.erasure, correction: CORRECTION[elementId] ?? null,
          });
        }
      }
    }
    if (reveal) {
      await db.transaction().execute((tx) =>
        this.ctx.audit.record(tx, { actor: { kind: 'citizen', ref: accountId }, action: 'rights.reveal-profile', subjectId: accountId, purposeId: 'rights-handling', legalBasis: 'legal-obligation', details: {} }),
      );
    }
    const storageOnly = await storageOnlyOf(db, accountId, this.ctx.engine);
    return { groups: [...groups.values()], storageOnly, revealed: reveal };
  }

  /** PP-4.3: one item (a search entry, a favourite, a message …) is deleted at once where nothing depends on it. */
  async deleteItem(principal: Principal | null, table: string, key: string) {
    const accountId = citizenOf(principal);
    return this.ctx.database.db.transaction().execute(async (tx) => {
      const r = await eraseItem(tx, accountId, this.ctx.decls, table, key, this.ctx.engine);
      if (!r.declaration) throw new AppError(RIGHTS_PROBLEMS.notItemDeletable);
      if (r.deleted === 0) throw new AppError(P.notFound);
      await this.ctx.audit.record(tx, {
        actor: { kind: 'citizen', ref: accountId }, action: 'rights.delete-item', subjectId: accountId, elements: Object.keys(r.declaration.elements),
        purposeId: 'rights-handling', legalBasis: 'legal-obligation', details: { table },
      });
      return { deleted: r.deleted };
    });
  }

  /** PP-4.3: a whole category (an element id) or everything → the privacy office's queue, due in 15 working days. */
  async requestDeletion(principal: Principal | null, kind: RequestKind, target: string | null, subjectAccountId?: string) {
    const accountId = citizenOf(principal);
    if (kind === 'delete-category' && (!target || !elementById(target))) throw new AppError(P.validation, { detail: 'target must be a PI element id' });
    const subject = subjectAccountId ?? accountId;
    if (kind === 'guardian-delete') await this.#requireGuardian(accountId, subject);
    const now = this.ctx.clock.now();
    const row: RightsRequestRow = {
      id: randomUUID(), account_id: accountId, subject_account_id: subject, kind, target, status: 'received', received_at: now,
      due_date: requestDueDate(now), assigned_to: null,
      // PP-4.7: a request made in a signed-in session whose owner is the subject counts as verified; a guardian's
      // request needs the office to check the guardian link and the guardian's identity
      identity_verified: kind !== 'guardian-delete', refusal_ground: null, response: null, receipt: null, handled_at: null,
    };
    await this.ctx.database.db.transaction().execute(async (tx) => {
      await tx.insertInto('rights_requests').values(row).execute();
      await this.ctx.audit.record(tx, {
        actor: { kind: 'citizen', ref: accountId }, action: 'rights.request-deletion', subjectId: subject, purposeId: 'rights-handling', legalBasis: 'legal-obligation',
        details: { requestId: row.id, kind, target },
      });
    });
    return presentRequest(row, now);
  }

  async #requireGuardian(guardianId: string, minorId: string) {
    // PP-5.2: only a guardian linked (and verified) through the realname module
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from guardian_links where guardian_account_id = ${guardianId} and minor_account_id = ${minorId} and revoked_at is null`.execute(this.ctx.database.db);
    if (!rows[0]?.n) throw new AppError(RIGHTS_PROBLEMS.notGuardian);
  }

  async myRequests(principal: Principal | null) {
    const accountId = citizenOf(principal);
    const rows = await this.ctx.database.db.selectFrom('rights_requests').selectAll().where('account_id', '=', accountId).orderBy('received_at', 'desc').execute();
    const now = this.ctx.clock.now();
    return rows.map((r) => presentRequest(r, now));
  }

  /** PP-4.5: what each mode deletes, so the statement the user confirms is generated from the declarations. */
  cancellationStatement() {
    const describe = (scopes: Scope[]) => {
      const deleted = new Set<string>();
      const kept: { name: string; reason: string; law: string; until: string }[] = [];
      for (const d of this.ctx.decls) {
        if (!scopes.includes(d.scope)) continue;
        const names = Object.keys(d.elements).map((e) => elementById(e)?.nameZh ?? e);
        if (d.erasure.mode === 'delete') names.forEach((n) => deleted.add(n));
        else kept.push({ name: names.join('、'), reason: d.erasure.reason, law: d.erasure.law, until: d.erasure.mode === 'storage-only' ? `${d.erasure.retainDays}天` : d.erasure.retainedUntil });
      }
      return { deletes: [...deleted], keeps: kept };
    };
    return {
      app: { ...describe(['app']), identityAccountStays: true },
      identity: { ...describe(['app', 'identity']), identityAccountStays: false },
    };
  }

  /** PP-4.5: cancellation after step-up, IMMEDIATELY. (a) 南通百通 traces; (b) also the unified identity account. */
  async cancel(principal: Principal | null, mode: 'app' | 'identity') {
    const accountId = citizenOf(principal);
    await this.ctx.stepUp.require(principal);
    if (mode === 'identity') await this.ctx.revokeOidc(accountId); // tokens, grants, back-channel logout first
    const now = this.ctx.clock.now();
    const scopes: Scope[] = mode === 'app' ? ['app'] : ['app', 'identity'];
    const receipts = await this.ctx.database.db.transaction().execute(async (tx) => {
      const r = await eraseSubject(tx, accountId, this.ctx.decls, { scopes, shredAccountKey: mode === 'identity', now }, this.ctx.engine);
      await this.ctx.audit.record(tx, {
        actor: { kind: 'citizen', ref: accountId }, action: mode === 'app' ? 'rights.cancel-app' : 'rights.cancel-identity', subjectId: accountId,
        purposeId: 'rights-handling', legalBasis: 'legal-obligation', details: { stores: r.map((x) => ({ table: x.table, action: x.action, rows: x.rows })) },
      });
      return r;
    });
    const storageOnly = await storageOnlyOf(this.ctx.database.db, accountId, this.ctx.engine);
    return { mode, receipts, storageOnly, kept: receipts.filter((r) => r.action !== 'deleted' && r.rows > 0) };
  }

  /** 谁使用了我的数据: every provision from the sharing ledger and every staff access from the audit trail — the
   * department and role of the staff member, never the name. */
  async whoUsed(principal: Principal | null) {
    const accountId = citizenOf(principal);
    const db = this.ctx.database.db;
    const provisions = await this.ctx.sharing.provisionsOf(db, accountId);
    const audits = await auditRepository.bySubject(db, this.ctx.audit.subjectPseudonym(accountId));
    const staff = new Map<string, { roleNames: string[]; organisationName: string | null } | null>();
    const accesses = [];
    for (const a of audits) {
      if (a.actor_kind !== 'staff' || !a.actor_ref) continue;
      if (!staff.has(a.actor_ref)) staff.set(a.actor_ref, await this.ctx.describeStaff(a.actor_ref));
      const s = staff.get(a.actor_ref);
      accesses.push({
        at: a.occurred_at.toISOString(), action: a.action, elements: a.elements, purposeId: a.purpose_id, purpose: a.purpose_id ? (purposeById(a.purpose_id)?.nameZh ?? a.purpose_id) : null,
        department: s?.organisationName ?? null, roles: s?.roleNames ?? [],
      });
    }
    return {
      provisions: provisions.map((p) => ({
        // PP-1.17: what partners sent us is listed beside what we provided, and told apart (direction).
        at: p.provided_at.toISOString(), direction: p.direction, recipientId: p.recipient_id,
        partner: (p.direction === 'inbound' ? inboundSourceById(p.recipient_id)?.nameZh : undefined) ?? p.recipient_id, purposeId: p.purpose_id, purpose: purposeById(p.purpose_id)?.nameZh ?? p.purpose_id,
        elements: p.elements, basis: p.legal_basis, statutoryGround: p.statutory_ground,
      })),
      accesses: accesses.reverse(),
    };
  }
}
