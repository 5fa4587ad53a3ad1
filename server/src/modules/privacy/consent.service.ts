// Consent records and the purpose guard. Every module that collects or uses PI calls `guard.require(actor, purpose,
// { elements })` first: the element must be declared for the purpose (purpose limitation, PP-2.1), and a consent-based
// purpose needs a current, unwithdrawn consent at the policy version in force (PP-0.1, PP-4.4, PP-6.1, LAW-3); a
// separate-consent purpose needs that consent to have been given separately (LAW-1). Nothing is cached: a withdrawal
// takes effect on the very next call.
import { sql, type Generated, type RawBuilder } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, defineProblem } from '../../platform/http/problem.ts';
import type { Principal } from '../../platform/http/access.ts';
import { PURPOSES, isConsentBased, purposeById, type Purpose } from './inventory/purposes.ts';

declare module '../../platform/db/tables.ts' {
  interface Tables {
    consent_records: {
      id: Generated<number>;
      subject_kind: SubjectKind;
      subject_ref: string;
      purpose_id: string;
      policy_version: number;
      granted: boolean;
      method: ConsentMethod;
      separate: Generated<boolean>;
      created_at: Generated<Date>;
    };
  }
}

export type SubjectKind = 'account' | 'device';
export type ConsentMethod = 'tap' | 'form' | 'guardian';
export interface Subject {
  kind: SubjectKind;
  ref: string;
}

export const PRIVACY_PROBLEMS = {
  consentRequired: defineProblem('consent-required', {
    status: 403,
    title: '需要您的授权同意后才能使用此功能',
    titleEn: 'This feature needs your consent first',
  }),
  // 403, not 422: the request may be perfectly well-formed; what is refused is *processing* an element for a purpose
  // the published policy does not declare (purpose limitation, PP-2.1 / PIPL art. 6). No change of input by the
  // citizen makes it lawful, and it must show up with the other policy refusals, not among validation errors.
  purposeNotDeclared: defineProblem('purpose-not-declared', {
    status: 403,
    title: '此功能不能处理该项个人信息',
    titleEn: 'This purpose does not declare that personal information element',
  }),
  policyVersionOutdated: defineProblem('policy-version-outdated', {
    status: 409,
    title: '隐私政策已更新，请阅读最新版本后再同意',
    titleEn: 'The privacy policy has changed; consent to the current version',
  }),
  unknownPurpose: defineProblem('unknown-purpose', {
    status: 404,
    title: '没有这项授权',
    titleEn: 'No such purpose',
  }),
  // the same problem realname raises before a child's own verification (defined identically there)
  guardianConsentRequired: defineProblem('guardian-consent-required', {
    status: 403,
    title: '未满14周岁的用户需由监护人关联帐号并同意后才能使用此功能',
    titleEn: 'Users under 14 need a linked guardian\u2019s consent',
  }),
  consentNotApplicable: defineProblem('consent-not-applicable', {
    status: 422,
    title: '此项处理不以同意为依据，无需授权',
    titleEn: 'This purpose does not rest on consent',
  }),
} as const;

export const POLICY_VERSION_SETTING = 'privacy.policy_version';
export const POLICY_CACHE_MS = 2000;

export interface ConsentRecord {
  id: number;
  subjectKind: SubjectKind;
  subjectRef: string;
  purposeId: string;
  policyVersion: number;
  granted: boolean;
  method: ConsentMethod;
  separate: boolean;
  createdAt: Date;
}

export interface ConsentState {
  purpose: Purpose;
  latest: ConsentRecord | null;
  /** latest is a grant, at or after the last version that changed this purpose's terms, separate where needed */
  effective: boolean;
  /** the policy version a consent must be at least at (PP-6.1) */
  requiredVersion: number;
}

const toRecord = (r: any): ConsentRecord => ({
  id: Number(r.id),
  subjectKind: r.subject_kind,
  subjectRef: r.subject_ref,
  purposeId: r.purpose_id,
  policyVersion: Number(r.policy_version),
  granted: r.granted,
  method: r.method,
  separate: r.separate,
  createdAt: new Date(r.created_at),
});

export function subjectOf(actor: Principal | Subject | null | undefined): Subject | null {
  if (!actor) return null;
  if ('ref' in actor) return actor;
  if (actor.kind === 'citizen') return { kind: 'account', ref: actor.accountId };
  return null; // staff and partners never consent on a citizen's behalf
}

/** Called after a withdrawal is recorded, so features stop processing and drop what only that purpose justified at once
 * (PP-4.4) rather than on their next daily purge. A listener that fails is logged; the daily purges remain the backstop. */
export type WithdrawalListener = (subject: Subject, purposeId: string) => Promise<unknown>;

export function createConsentService(deps: { database: Database; clock: Clock; logger?: { warn(obj: object, msg: string): void } }) {
  const { database, clock } = deps;
  const db = () => database.db;
  const withdrawalListeners: WithdrawalListener[] = [];

  /** The policy version in force: platform_settings 'privacy.policy_version', default 1. Read on every call. */
  // The guard runs on every consent-based request; the version in force and which version last changed each purpose
  // change only when a policy is published. They are cached for POLICY_CACHE_MS (the bound on how long another process
  // may keep judging by the previous version) and dropped at once in this process by a publish (invalidatePolicyCache).
  let policyCache: { at: number; version: number; required: (purposeId: string) => number } | null = null;
  async function policyState() {
    if (policyCache && performance.now() - policyCache.at < POLICY_CACHE_MS) return policyCache;
    const version = await currentPolicyVersion();
    const state = { at: performance.now(), version, required: await termsVersions(version) };
    policyCache = state;
    return state;
  }
  const invalidatePolicyCache = () => {
    policyCache = null;
  };

  async function currentPolicyVersion(): Promise<number> {
    const row = await (db() as any).selectFrom('platform_settings').select('value').where('key', '=', POLICY_VERSION_SETTING).executeTakeFirst();
    const v = Number(row?.value);
    return Number.isSafeInteger(v) && v > 0 ? v : 1;
  }

  async function setPolicyVersion(version: number): Promise<void> {
    if (!Number.isSafeInteger(version) || version < 1) throw new Error('policy version must be a positive integer');
    await (db() as any)
      .insertInto('platform_settings')
      .values({ key: POLICY_VERSION_SETTING, value: JSON.stringify(version), updated_at: clock.now() })
      .onConflict((oc: any) => oc.column('key').doUpdateSet({ value: JSON.stringify(version), updated_at: clock.now() }))
      .execute();
    invalidatePolicyCache();
  }

  function purposeOrThrow(purposeId: string): Purpose {
    const p = purposeById(purposeId);
    if (!p) throw new AppError(PRIVACY_PROBLEMS.unknownPurpose, { extensions: { purpose: purposeId } });
    return p;
  }

  async function latest(subject: Subject, purposeId: string): Promise<ConsentRecord | null> {
    const row = await db()
      .selectFrom('consent_records')
      .selectAll()
      .where('subject_kind', '=', subject.kind)
      .where('subject_ref', '=', subject.ref)
      .where('purpose_id', '=', purposeId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** isEffective(purpose, latest(subject, purpose), requiredVersion) as a SQL expression, for a statement that must
   * test the consent in its own snapshot (guard.within). The two must say the same: tested together in consent tests. */
  function effectiveSql(subject: Subject, purpose: Purpose, requiredVersion: number): RawBuilder<boolean> {
    const separate = purpose.legalBasis === 'separate-consent';
    return sql<boolean>`coalesce((select c.granted and c.policy_version >= ${requiredVersion}::int and (c.separate or not ${separate}::boolean)
      from consent_records c where c.subject_kind = ${subject.kind} and c.subject_ref = ${subject.ref} and c.purpose_id = ${purpose.id}
      order by c.created_at desc, c.id desc limit 1), false)`;
  }

  /**
   * PP-6.1: a consent stays effective across policy versions unless the purpose's terms changed since it was given.
   * `requiredVersion` is the latest published version that changed the purpose's terms (termsVersions below).
   */
  function isEffective(purpose: Purpose, rec: ConsentRecord | null, requiredVersion: number): boolean {
    return !!rec && rec.granted && rec.policyVersion >= requiredVersion && (purpose.legalBasis !== 'separate-consent' || rec.separate);
  }

  /**
   * For each purpose, the policy version a consent must be at least at: the latest published version (policy_versions,
   * issue #5) whose change altered that purpose's terms, 1 when none did. When the version in force has no published
   * row (set by hand via setPolicyVersion), every purpose needs consent at that version.
   */
  async function termsVersions(current: number): Promise<(purposeId: string) => number> {
    const rows = await db().selectFrom('policy_versions').select(['version', 'changed_purposes']).where('version', '<=', current).execute();
    if (!rows.some((r) => Number(r.version) === current)) return () => current;
    const latest = new Map<string, number>();
    for (const r of rows) for (const p of r.changed_purposes ?? []) latest.set(p, Math.max(latest.get(p) ?? 1, Number(r.version)));
    return (purposeId) => latest.get(purposeId) ?? 1;
  }

  async function append(subject: Subject, purposeId: string, v: { granted: boolean; method: ConsentMethod; separate: boolean; policyVersion: number }) {
    const row = await db()
      .insertInto('consent_records')
      .values({
        subject_kind: subject.kind,
        subject_ref: subject.ref,
        purpose_id: purposeId,
        policy_version: v.policyVersion,
        granted: v.granted,
        method: v.method,
        separate: v.separate,
        created_at: clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  return {
    currentPolicyVersion,
    setPolicyVersion,
    policyState,
    invalidatePolicyCache,

    /** Records a grant. Only consent-based purposes take consent; the version must be the one in force. */
    async grant(subject: Subject, purposeId: string, opts: { method?: ConsentMethod; separate?: boolean; policyVersion?: number } = {}): Promise<ConsentRecord> {
      const purpose = purposeOrThrow(purposeId);
      if (!isConsentBased(purpose)) throw new AppError(PRIVACY_PROBLEMS.consentNotApplicable, { extensions: { purpose: purposeId, legalBasis: purpose.legalBasis } });
      const current = await currentPolicyVersion();
      if (opts.policyVersion !== undefined && opts.policyVersion !== current) {
        throw new AppError(PRIVACY_PROBLEMS.policyVersionOutdated, { extensions: { policyVersion: current } });
      }
      return append(subject, purposeId, { granted: true, method: opts.method ?? 'tap', separate: opts.separate ?? false, policyVersion: current });
    },

    /** Records a withdrawal (PP-4.4): one call, same as granting (LAW-3). Processing before it stays lawful. */
    async withdraw(subject: Subject, purposeId: string, opts: { method?: ConsentMethod } = {}): Promise<ConsentRecord> {
      const purpose = purposeOrThrow(purposeId);
      if (!isConsentBased(purpose)) throw new AppError(PRIVACY_PROBLEMS.consentNotApplicable, { extensions: { purpose: purposeId, legalBasis: purpose.legalBasis } });
      const record = await append(subject, purposeId, { granted: false, method: opts.method ?? 'tap', separate: false, policyVersion: await currentPolicyVersion() });
      for (const listener of withdrawalListeners) {
        await listener(subject, purposeId).catch((err: unknown) => deps.logger?.warn({ err, purposeId }, 'withdrawal follow-up failed; the daily purge will catch up'));
      }
      return record;
    },

    /** Registers a follow-up for withdrawals (see WithdrawalListener). */
    onWithdrawn(listener: WithdrawalListener): void {
      withdrawalListeners.push(listener);
    },

    latest,

    /** One record by id (for receipts); null when absent. */
    async byId(id: number): Promise<ConsentRecord | null> {
      const row = await db().selectFrom('consent_records').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    },

    /** The subject's current state for every consent-based purpose. */
    async listCurrent(subject: Subject): Promise<{ policyVersion: number; states: ConsentState[] }> {
      const version = await currentPolicyVersion();
      const required = await termsVersions(version);
      const last = new Map<string, ConsentRecord>();
      for (const r of await this.history(subject)) last.set(r.purposeId, r);
      const states = PURPOSES.filter(isConsentBased).map((purpose) => {
        const rec = last.get(purpose.id) ?? null;
        return { purpose, latest: rec, effective: isEffective(purpose, rec, required(purpose.id)), requiredVersion: required(purpose.id) };
      });
      return { policyVersion: version, states };
    },

    /** Full history, oldest first (for access/copy requests, PP-4.1, LAW-5). */
    async history(subject: Subject): Promise<ConsentRecord[]> {
      const rows = await db()
        .selectFrom('consent_records')
        .selectAll()
        .where('subject_kind', '=', subject.kind)
        .where('subject_ref', '=', subject.ref)
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toRecord);
    },

    isEffective,
    effectiveSql,
    termsVersions,
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;

export interface RequireOptions {
  /** the elements about to be collected or used; each must be declared for the purpose */
  elements?: string[];
  /** require a consent at this version at least, instead of the purpose's terms version */
  policyVersion?: number;
}

export interface RequireResult {
  purpose: Purpose;
  legalBasis: Purpose['legalBasis'];
  consent: ConsentRecord | null;
}

export function createPurposeGuard(consents: ConsentService) {
  let ageCheck: ((accountId: string, purposeId: string) => Promise<boolean>) | undefined;
  return {
    /** The minors rule (PP-5.1): `mayConsent(accountId, purposeId)` is false for a child under 14 without a guardian's
     * consent. Provided by the module that verifies ages (realname), wired in main.ts. */
    useAgeCheck(check: (accountId: string, purposeId: string) => Promise<boolean>): void {
      ageCheck = check;
    },
    /**
     * Throws `purpose-not-declared` if an element is not declared for the purpose, `consent-required` if the purpose
     * rests on consent and the actor has no effective consent. statutory-duty / contract / legal-obligation pass.
     */
    async require(actor: Principal | Subject | null | undefined, purposeId: string, opts: RequireOptions = {}): Promise<RequireResult> {
      const { purpose, subject, required } = await before(actor, purposeId, opts);
      if (!subject) return { purpose, legalBasis: purpose.legalBasis, consent: null };
      const rec = await consents.latest(subject, purposeId);
      if (!consents.isEffective(purpose, rec, required)) throw refusal(purpose, opts);
      await minors(subject, purposeId);
      return { purpose, legalBasis: purpose.legalBasis, consent: rec };
    },

    /**
     * require() for an operation whose audit record is written in one statement with it (or in its transaction): all
     * but the consent itself is checked here; the consent is tested by the database, in the statement that writes the
     * operation's audit record — pass `requires` to audit.record. No round trip of its own, and the test sees the
     * snapshot the write commits from, so a withdrawal committed a moment before refuses the write (PP-4.4, LAW-3).
     * A refusal undoes the statement (and its transaction) and comes out of `within` as `consent-required`.
     */
    async within<T>(
      actor: Principal | Subject | null | undefined,
      purposeId: string,
      opts: RequireOptions,
      write: (granted: { purpose: Purpose; legalBasis: Purpose['legalBasis']; requires: RawBuilder<boolean> | undefined }) => Promise<T>,
    ): Promise<T> {
      const { purpose, subject, required } = await before(actor, purposeId, opts);
      if (subject) await minors(subject, purposeId);
      const requires = subject ? sql<boolean>`privacy_require(${consents.effectiveSql(subject, purpose, required)}, 'consent-required')` : undefined;
      try {
        return await write({ purpose, legalBasis: purpose.legalBasis, requires });
      } catch (err) {
        if ((err as { code?: string }).code === 'NT001') throw refusal(purpose, opts);
        throw err;
      }
    },
  };

  function refusal(purpose: Purpose, opts: RequireOptions) {
    return new AppError(PRIVACY_PROBLEMS.consentRequired, {
      extensions: { purpose: purpose.id, elements: opts.elements ?? purpose.elements, separate: purpose.legalBasis === 'separate-consent' },
    });
  }

  /** What require() and within() check before the consent record: the purpose and its elements are declared; a
   * consent-based purpose has a subject. `subject` null: the purpose does not rest on consent. */
  async function before(actor: Principal | Subject | null | undefined, purposeId: string, opts: RequireOptions) {
    const purpose = purposeById(purposeId);
    if (!purpose) throw new Error(`Purpose "${purposeId}" is not in the inventory (inventory/purposes.ts)`);
    const undeclared = (opts.elements ?? []).filter((e) => !purpose.elements.includes(e));
    if (undeclared.length > 0) {
      throw new AppError(PRIVACY_PROBLEMS.purposeNotDeclared, { extensions: { purpose: purposeId, elements: undeclared } });
    }
    if (!isConsentBased(purpose)) return { purpose, subject: null, required: 0 };
    const subject = subjectOf(actor);
    if (!subject) throw refusal(purpose, opts);
    // PP-6.1: only purposes whose terms changed in a newer version need the consent again.
    const required = opts.policyVersion ?? (await consents.policyState()).required(purposeId);
    return { purpose, subject, required };
  }

  /** PP-5.1 / LAW-2: a child under 14 uses consent-based purposes only with a guardian's consent (realname knows ages). */
  async function minors(subject: Subject, purposeId: string) {
    if (subject.kind === 'account' && ageCheck && !(await ageCheck(subject.ref, purposeId))) {
      throw new AppError(PRIVACY_PROBLEMS.guardianConsentRequired, { extensions: { purpose: purposeId } });
    }
  }
}

export type PurposeGuard = ReturnType<typeof createPurposeGuard>;
