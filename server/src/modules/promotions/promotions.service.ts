// Joint promotions (PP-2.4): "如果您选择参与我们和第三方联合开展的推广活动,比如优惠券领取、抽奖,我们可能与合作的第三方
// 共享活动过程中产生,为完成活动所必要的信息 … 在活动页面 … 向您明确告知需要向第三方提供的信息类别".
//  - Staff create an activity naming its co-organiser and the element categories it will receive: only elements of the
//    inventory's joint-promotions category (JOINT_PROMOTION_CATEGORY), never sensitive ones. Once published, the
//    co-organiser and the categories are frozen: the participants consented to them.
//  - The activity page announces exactly that record (presenter `notice`), and joining is an explicit tap that records
//    the citizen's consent to 'joint-promotions' (separate = true: a provision to another handler, PIPL art. 23) and
//    sends back the categories it was shown, which must be the activity's.
//  - Leaving (or withdrawing the purpose in the privacy centre, PP-4.4) means the citizen is never provided afterwards.
//  - The hand-over to the co-organiser goes only through the sharing ledger, with the announced elements only (asking
//    for any other is refused, naming it), one provision per participant, in one transaction with the participants'
//    rows; every PI mutation here is audited in its transaction.
import type { Database } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Principal } from '../../platform/http/access.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { AppError, P, defineProblem } from '../../platform/http/problem.ts';
import type { AuditService } from '../audit/index.ts';
import { elementById, JOINT_PROMOTION_CATEGORY, PRIVACY_PROBLEMS, type ConsentService, type PurposeGuard, type Subject } from '../privacy/index.ts';
import type { SharingService } from '../sharing/index.ts';
import { promotionsRepository as repo, type ParticipantCounts, type ParticipantRow, type PromotionKind, type PromotionRow } from './promotions.repository.ts';

export const PROMOTIONS_PURPOSE = JOINT_PROMOTION_CATEGORY.purposeId;
/** the sharing-ledger recipient id: the inventory's joint-promotions category (the activity names the co-organiser) */
export const PROMOTIONS_RECIPIENT = JOINT_PROMOTION_CATEGORY.id;
/** the element the participation record itself is */
export const PARTICIPATION_ELEMENT = 'promotion-participation';

export const PROMOTION_PROBLEMS = {
  sensitiveElement: defineProblem('promotion-sensitive-element', {
    status: 422, title: '联合推广活动不能向合作方提供敏感个人信息', titleEn: 'A joint promotion may not provide sensitive personal information to its co-organiser',
  }),
  elementNotDeclared: defineProblem('promotion-element-not-declared', {
    status: 422, title: '该信息不在第三方信息共享清单公示的联合推广活动范围内', titleEn: 'This information is not declared for joint promotions in the published sharing list',
  }),
  elementNotAnnounced: defineProblem('promotion-element-not-announced', {
    status: 403, title: '该信息未在活动页面告知参与者，不能向合作方提供', titleEn: 'This information was not announced on the activity page and cannot be provided to the co-organiser',
  }),
  noticeChanged: defineProblem('promotion-notice-changed', {
    status: 409, title: '活动需要提供的信息与您看到的不一致，请刷新活动页面后再参加', titleEn: 'The information this activity provides differs from what you were shown; reload the page',
  }),
  notOpen: defineProblem('promotion-not-open', { status: 409, title: '活动未开始或已结束', titleEn: 'The activity is not open' }),
  notDraft: defineProblem('promotion-not-draft', { status: 409, title: '活动已发布，合作方和提供的信息不能再修改', titleEn: 'A published activity cannot be changed' }),
  notPublished: defineProblem('promotion-not-published', { status: 409, title: '活动尚未发布', titleEn: 'The activity has not been published' }),
  invalidDates: defineProblem('promotion-invalid-dates', { status: 422, title: '活动日期不正确', titleEn: 'The activity dates are not valid' }),
} as const;

export interface PromotionAccounts {
  /** identity: the bound mobile, decrypted; null when the account is gone */
  contactOf(accountId: string): Promise<{ mobile: string } | null>;
  /** identity: the 帐号名称; null when the account is gone */
  accountNameOf(accountId: string): Promise<string | null>;
}

export interface PromotionsDeps {
  database: Database;
  clock: Clock;
  audit: AuditService;
  guard: PurposeGuard;
  consents: Pick<ConsentService, 'grant' | 'withdraw'>;
  /** the hand-over goes through the ledger; without it (and accounts) nothing is ever provided */
  sharing?: Pick<SharingService, 'provide'>;
  accounts?: PromotionAccounts;
}

export interface PromotionInput {
  title: string;
  description: string;
  kind: PromotionKind;
  coOrganiser: { name: string; contact: string };
  sharedElements: string[];
  startsOn: string;
  endsOn: string;
}

export interface Promotion extends PromotionRow {
  /** the participant counts (staff views only) */
  counts?: ParticipantCounts;
}

export interface HandOver {
  /** one per participant provided: the ledger's provision id and exactly the announced data */
  provided: { provisionId: string; data: Record<string, unknown> }[];
  /** participants not provided, and why */
  skipped: { consentNotInForce: number; accountGone: number; leftMeanwhile: number };
  elements: string[];
  activity: PromotionRow;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function citizenOf(principal: Principal | null | undefined): string {
  if (principal?.kind !== 'citizen') throw new AppError(P.unauthenticated);
  return principal.accountId;
}
function staffOf(principal: Principal | null | undefined): string {
  if (principal?.kind !== 'staff') throw new AppError(P.forbidden);
  return principal.staffId;
}
const sameSet = (a: readonly string[], b: readonly string[]) => {
  const [x, y] = [new Set(a), new Set(b)];
  return x.size === y.size && [...x].every((e) => y.has(e));
};

/**
 * The elements an activity may announce: those of the joint-promotions category, never a sensitive one. Throws
 * promotion-sensitive-element (an ID number, a location…) or promotion-element-not-declared, naming them.
 */
export function checkAnnounceable(elements: readonly string[]): string[] {
  const unique = [...new Set(elements)];
  const sensitive = unique.filter((e) => elementById(e)?.sensitive === true);
  if (sensitive.length) throw new AppError(PROMOTION_PROBLEMS.sensitiveElement, { extensions: { elements: sensitive, allowed: JOINT_PROMOTION_CATEGORY.fields } });
  const undeclared = unique.filter((e) => !JOINT_PROMOTION_CATEGORY.fields.includes(e));
  if (undeclared.length) throw new AppError(PROMOTION_PROBLEMS.elementNotDeclared, { extensions: { elements: undeclared, allowed: JOINT_PROMOTION_CATEGORY.fields } });
  // the category's order, so the page and the ledger list them the same way whatever order staff picked them in
  return JOINT_PROMOTION_CATEGORY.fields.filter((f) => unique.includes(f));
}

function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

export class PromotionsService {
  readonly #d: PromotionsDeps;
  constructor(deps: PromotionsDeps) {
    this.#d = deps;
  }
  get #db() {
    return this.#d.database.db;
  }
  #today(): string {
    return shanghaiDate(this.#d.clock.now());
  }

  /** open for joining: published, and today within its dates (Asia/Shanghai) */
  isOpen(p: PromotionRow): boolean {
    const today = this.#today();
    return p.state === 'published' && p.starts_on <= today && today <= p.ends_on;
  }

  // ── staff ──────────────────────────────────────────────────────────────────────────────────────────────────────

  #validate(input: PromotionInput): { elements: string[] } {
    const elements = checkAnnounceable(input.sharedElements);
    if (!isDate(input.startsOn) || !isDate(input.endsOn) || input.endsOn < input.startsOn) {
      throw new AppError(PROMOTION_PROBLEMS.invalidDates, { extensions: { startsOn: input.startsOn, endsOn: input.endsOn } });
    }
    return { elements };
  }

  async create(principal: Principal | null, input: PromotionInput): Promise<Promotion> {
    const staffId = staffOf(principal);
    const { elements } = this.#validate(input);
    const now = this.#d.clock.now();
    return this.#db.transaction().execute(async (tx) => {
      const row = await repo.insert(tx, {
        title: input.title, description: input.description, kind: input.kind, co_organiser_name: input.coOrganiser.name, co_organiser_contact: input.coOrganiser.contact,
        shared_elements: elements, starts_on: input.startsOn, ends_on: input.endsOn, created_by: staffId, created_at: now, updated_at: now,
      });
      await this.#staffAudit(tx, staffId, 'promotions.create-activity', row);
      return row;
    });
  }

  /** Changes a draft; a published activity keeps what its participants were told (promotion-not-draft). */
  async update(principal: Principal | null, id: string, input: PromotionInput): Promise<Promotion> {
    const staffId = staffOf(principal);
    const { elements } = this.#validate(input);
    return this.#db.transaction().execute(async (tx) => {
      const current = await repo.get(tx, id, true);
      if (!current) throw new AppError(P.notFound);
      if (current.state !== 'draft') throw new AppError(PROMOTION_PROBLEMS.notDraft);
      const row = await repo.update(tx, id, {
        title: input.title, description: input.description, kind: input.kind, co_organiser_name: input.coOrganiser.name, co_organiser_contact: input.coOrganiser.contact,
        shared_elements: elements, starts_on: input.startsOn, ends_on: input.endsOn, updated_at: this.#d.clock.now(),
      });
      await this.#staffAudit(tx, staffId, 'promotions.change-activity', row);
      return row;
    });
  }

  /** Publishes a draft: from now its page is public and its co-organiser and shared elements are frozen. */
  async publish(principal: Principal | null, id: string): Promise<Promotion> {
    const staffId = staffOf(principal);
    return this.#db.transaction().execute(async (tx) => {
      const current = await repo.get(tx, id, true);
      if (!current) throw new AppError(P.notFound);
      if (current.state !== 'draft') throw new AppError(PROMOTION_PROBLEMS.notDraft);
      if (current.ends_on < this.#today()) throw new AppError(PROMOTION_PROBLEMS.invalidDates, { extensions: { reason: 'already-ended' } });
      checkAnnounceable(current.shared_elements); // the inventory may have narrowed since the draft was saved
      const now = this.#d.clock.now();
      const row = await repo.update(tx, id, { state: 'published', published_at: now, updated_at: now });
      await this.#staffAudit(tx, staffId, 'promotions.publish-activity', row);
      return row;
    });
  }

  /** Ends an activity early (or after it ran): no one joins any more; participants can still be handed over. */
  async close(principal: Principal | null, id: string): Promise<Promotion> {
    const staffId = staffOf(principal);
    return this.#db.transaction().execute(async (tx) => {
      const current = await repo.get(tx, id, true);
      if (!current) throw new AppError(P.notFound);
      if (current.state !== 'published') throw new AppError(PROMOTION_PROBLEMS.notPublished);
      const now = this.#d.clock.now();
      const row = await repo.update(tx, id, { state: 'closed', closed_at: now, updated_at: now });
      await this.#staffAudit(tx, staffId, 'promotions.close-activity', row);
      return row;
    });
  }

  async #staffAudit(tx: Parameters<AuditService['record']>[0], staffId: string, action: string, row: PromotionRow, details: Record<string, unknown> = {}) {
    await this.#d.audit.record(tx, {
      actor: { kind: 'staff', ref: staffId }, action, subjectId: null, elements: [], purposeId: PROMOTIONS_PURPOSE, legalBasis: null,
      details: { promotionId: row.id, state: row.state, sharedElements: row.shared_elements, ...details },
    });
  }

  /** Every activity with its participant counts (console). Staff see counts, never who joined. */
  async listAll(principal: Principal | null): Promise<Promotion[]> {
    staffOf(principal);
    const [rows, counts] = await Promise.all([repo.list(this.#db, ['draft', 'published', 'closed']), repo.counts(this.#db)]);
    return rows.map((r) => ({ ...r, counts: counts.get(r.id) ?? { active: 0, left: 0, shared: 0 } }));
  }

  /**
   * 导出参与者给合作方: provides the participants still in the activity, not yet provided, to the co-organiser — through
   * the sharing ledger only, with the announced elements only (a subset may be asked for; anything else is refused with
   * promotion-element-not-announced before anything is read). Each participant's consent is checked (guard) before
   * their data is read, and again in the transaction (a withdrawal or a leave committed meanwhile wins); the provisions
   * (each with its audit record) and the participants' shared_at commit together or not at all.
   */
  async handOver(principal: Principal | null, id: string, requested?: string[]): Promise<HandOver> {
    const staffId = staffOf(principal);
    const { sharing, accounts } = this.#d;
    if (!sharing || !accounts) throw new AppError(P.unavailable);
    const activity = await repo.get(this.#db, id);
    if (!activity) throw new AppError(P.notFound);
    if (activity.state === 'draft') throw new AppError(PROMOTION_PROBLEMS.notPublished);
    const announced = activity.shared_elements;
    const elements = requested === undefined ? [...announced] : [...new Set(requested)];
    const notAnnounced = elements.filter((e) => !announced.includes(e));
    if (notAnnounced.length || elements.length === 0) {
      throw new AppError(PROMOTION_PROBLEMS.elementNotAnnounced, { extensions: { promotionId: id, elements: notAnnounced, announced } });
    }

    // Read outside the transaction (the guard and identity read on their own; the embedded database has one connection).
    const skipped = { consentNotInForce: 0, accountGone: 0, leftMeanwhile: 0 };
    const ready: { participant: ParticipantRow; data: Record<string, unknown> }[] = [];
    for (const participant of await repo.due(this.#db, id)) {
      const subject = { kind: 'account' as const, ref: participant.account_id };
      try {
        await this.#d.guard.require(subject, PROMOTIONS_PURPOSE, { elements });
      } catch (e) {
        if (e instanceof AppError && (e.problem === PRIVACY_PROBLEMS.consentRequired || e.problem === PRIVACY_PROBLEMS.guardianConsentRequired)) {
          skipped.consentNotInForce += 1;
          continue;
        }
        throw e;
      }
      const data = await this.#valuesOf(participant.account_id, elements);
      if (!data) {
        skipped.accountGone += 1;
        continue;
      }
      ready.push({ participant, data });
    }

    const provided = await this.#db.transaction().execute(async (tx) => {
      const out: HandOver['provided'] = [];
      for (const { participant, data } of ready) {
        const still = await repo.lockDue(tx, participant.id);
        const consent = still ? await repo.latestConsent(tx, participant.account_id, PROMOTIONS_PURPOSE) : undefined;
        if (!still || !consent?.granted) {
          skipped.leftMeanwhile += 1;
          continue;
        }
        // the ledger checks recipient, purpose and elements against the published declaration, records the provision
        // and its audit record, and returns the projection that may leave (only the elements asked for)
        const provision = await sharing.provide(tx, {
          recipientId: PROMOTIONS_RECIPIENT, purposeId: PROMOTIONS_PURPOSE, subjectId: participant.account_id, elements, data, basis: 'consent',
          actor: { kind: 'staff', ref: staffId },
        });
        await repo.markShared(tx, participant.id, provision.providedAt, provision.provisionId);
        out.push({ provisionId: provision.provisionId, data: provision.data });
      }
      await this.#staffAudit(tx, staffId, 'promotions.hand-over-participants', activity, { elements, provided: out.length, ...skipped });
      return out;
    });
    return { provided, skipped, elements, activity };
  }

  /** The values of the announced elements for one account (null: the account no longer exists). */
  async #valuesOf(accountId: string, elements: readonly string[]): Promise<Record<string, unknown> | null> {
    const accounts = this.#d.accounts!;
    if (!UUID.test(accountId)) return null;
    const data: Record<string, unknown> = {};
    for (const e of elements) {
      if (e === 'mobile') {
        const c = await accounts.contactOf(accountId);
        if (!c) return null;
        data[e] = c.mobile;
      } else if (e === 'account-name') {
        const name = await accounts.accountNameOf(accountId);
        if (name === null) return null;
        data[e] = name;
      } else {
        // an element the category declares but this module cannot read: refuse rather than provide less than announced
        throw new Error(`promotions cannot read element "${e}"`);
      }
    }
    return data;
  }

  // ── citizens ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** Published activities still running or upcoming, for the public activity page. */
  async listPublished(): Promise<PromotionRow[]> {
    const today = this.#today();
    return (await repo.list(this.#db, ['published'])).filter((p) => p.ends_on >= today);
  }

  /** One activity as its public page shows it (drafts are not public). */
  async getPublic(id: string): Promise<PromotionRow> {
    const row = await repo.get(this.#db, id);
    if (!row || row.state === 'draft') throw new AppError(P.notFound);
    return row;
  }

  async mine(principal: Principal | null): Promise<ParticipantRow[]> {
    return repo.mine(this.#db, citizenOf(principal));
  }

  /**
   * Joins an activity with an explicit tap. `shownElements` are the categories the page showed; they must be the
   * activity's (promotion-notice-changed otherwise), so the consent recorded is to what the citizen saw. The consent
   * to 'joint-promotions' is recorded (separate: a provision to another handler) and checked by the guard (a child
   * under 14 needs a guardian's consent, PP-5.1) before the participation is written, with its audit record.
   */
  async join(principal: Principal | null, id: string, shownElements: string[]): Promise<ParticipantRow> {
    const accountId = citizenOf(principal);
    const activity = await this.getPublic(id);
    if (!this.isOpen(activity)) throw new AppError(PROMOTION_PROBLEMS.notOpen, { extensions: { startsOn: activity.starts_on, endsOn: activity.ends_on, state: activity.state } });
    if (!sameSet(shownElements, activity.shared_elements)) {
      throw new AppError(PROMOTION_PROBLEMS.noticeChanged, { extensions: { announced: activity.shared_elements } });
    }
    const existing = await repo.participation(this.#db, id, accountId);
    if (existing && existing.left_at === null) return existing;
    const subject: Subject = { kind: 'account', ref: accountId };
    const consent = await this.#d.consents.grant(subject, PROMOTIONS_PURPOSE, { method: 'tap', separate: true });
    await this.#d.guard.require(subject, PROMOTIONS_PURPOSE, { elements: [PARTICIPATION_ELEMENT, ...activity.shared_elements] });
    return this.#db.transaction().execute(async (tx) => {
      const row = await repo.join(tx, { promotion_id: id, account_id: accountId, consent_record_id: consent.id, joined_at: this.#d.clock.now() });
      await this.#d.audit.record(tx, {
        actor: { kind: 'citizen', ref: accountId }, action: 'promotions.join-activity', subjectId: accountId, elements: [PARTICIPATION_ELEMENT],
        purposeId: PROMOTIONS_PURPOSE, legalBasis: 'consent', details: { promotionId: id, consentRecordId: consent.id, announced: activity.shared_elements },
      });
      return row;
    });
  }

  /**
   * Leaves an activity: never provided to its co-organiser from now on. When it was the citizen's last activity the
   * 'joint-promotions' consent is withdrawn too, so the privacy centre does not show a consent nothing uses.
   */
  async leave(principal: Principal | null, id: string): Promise<void> {
    const accountId = citizenOf(principal);
    const left = await this.#db.transaction().execute(async (tx) => {
      const rows = await repo.leave(tx, accountId, this.#d.clock.now(), 'left', id);
      if (!rows.length) return false;
      await this.#d.audit.record(tx, {
        actor: { kind: 'citizen', ref: accountId }, action: 'promotions.leave-activity', subjectId: accountId, elements: [PARTICIPATION_ELEMENT],
        purposeId: PROMOTIONS_PURPOSE, legalBasis: 'consent', details: { promotionId: id },
      });
      return true;
    });
    if (!left) {
      if (!(await repo.participation(this.#db, id, accountId))) throw new AppError(P.notFound);
      return; // already left
    }
    if ((await repo.activeCount(this.#db, accountId)) === 0) await this.#d.consents.withdraw({ kind: 'account', ref: accountId }, PROMOTIONS_PURPOSE, { method: 'tap' });
  }

  /** PP-4.4: 'joint-promotions' withdrawn in the privacy centre: the account leaves every activity at once. */
  async withdrawn(accountId: string): Promise<number> {
    return this.#db.transaction().execute(async (tx) => {
      const rows = await repo.leave(tx, accountId, this.#d.clock.now(), 'consent-withdrawn');
      if (!rows.length) return 0;
      await this.#d.audit.record(tx, {
        actor: { kind: 'system' }, action: 'promotions.leave-activity', subjectId: accountId, elements: [PARTICIPATION_ELEMENT],
        purposeId: PROMOTIONS_PURPOSE, legalBasis: 'consent', details: { promotionIds: rows.map((r) => r.promotion_id), reason: 'consent-withdrawn' },
      });
      return rows.length;
    });
  }
}
