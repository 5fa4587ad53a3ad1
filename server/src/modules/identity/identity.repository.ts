// Data access for the identity module, and the declaration of its tables (migration 0010).
import { sql, type Generated, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export type OtpPurpose = 'registration' | 'login' | 'reset' | 'step-up' | 'change-mobile';
export type SignInMethod = 'registration' | 'password' | 'sms' | 'face';
export type EndReason = 'logout' | 'ended-by-holder' | 'password-changed' | 'not-me' | 'expired';

export interface AccountsTable {
  id: Generated<string>;
  account_name: string;
  mobile_enc: Buffer;
  mobile_index: Buffer;
  password_hash: string;
  password_changed_at: Date;
  failed_password_count: Generated<number>;
  locked_until: Date | null;
  password_reset_required: Generated<boolean>;
  created_at: Date;
}

export interface OtpChallengesTable {
  id: Generated<string>;
  purpose: OtpPurpose;
  mobile_index: Buffer;
  account_id: string | null;
  code_hash: Buffer;
  attempts: Generated<number>;
  created_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
}

export interface AccountDevicesTable {
  id: Generated<string>;
  account_id: string;
  device_key: Buffer;
  brand: string | null;
  model: string | null;
  os_version: string | null;
  consented_at: Date;
  first_seen_at: Date;
  last_seen_at: Date;
}

export interface AccountSessionsTable {
  id: Generated<string>;
  account_id: string;
  token_hash: Buffer;
  method: SignInMethod;
  device_id: string | null;
  device_label: string | null;
  ip_address: string | null;
  city: string | null;
  created_at: Date;
  last_seen_at: Date;
  absolute_expires_at: Date;
  ended_at: Date | null;
  end_reason: EndReason | null;
}

export interface StepUpProofsTable {
  id: Generated<string>;
  session_ref: string;
  account_id: string;
  method: 'sms' | 'face';
  provider_ref: string | null;
  proved_at: Date;
}

export interface LoginEventsTable {
  id: Generated<string>;
  account_id: string;
  occurred_at: Date;
  method: SignInMethod;
  outcome: 'success' | 'wrong-password' | 'wrong-code' | 'locked';
  session_id: string | null;
  device_label: string | null;
  ip_address: string | null;
  city: string | null;
  abnormal_reasons: string | null;
  disown_token_hash: Buffer | null;
  disowned_at: Date | null;
}

export interface LoginSourceThrottleTable {
  source_key: Buffer;
  window_started_at: Date;
  failures: number;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    accounts: AccountsTable;
    otp_challenges: OtpChallengesTable;
    account_devices: AccountDevicesTable;
    account_sessions: AccountSessionsTable;
    step_up_proofs: StepUpProofsTable;
    login_events: LoginEventsTable;
    login_source_throttle: LoginSourceThrottleTable;
  }
}

export type AccountRow = Selectable<AccountsTable>;
export type SessionRow = Selectable<AccountSessionsTable>;
export type OtpRow = Selectable<OtpChallengesTable>;
export type LoginEventRow = Selectable<LoginEventsTable>;

export type Executor = Kysely<Tables> | Transaction<Tables>;

export const LOCK_AFTER = 5;

export class IdentityRepository {
  readonly db: Kysely<Tables>;
  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  transaction<T>(fn: (tx: Transaction<Tables>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  accountById(id: string, db: Executor = this.db) {
    return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  accountByName(name: string, db: Executor = this.db) {
    return db.selectFrom('accounts').selectAll().where(sql<string>`lower(account_name)`, '=', name.trim().toLowerCase()).executeTakeFirst();
  }

  accountByMobileIndex(index: Buffer, db: Executor = this.db) {
    return db.selectFrom('accounts').selectAll().where('mobile_index', '=', index).executeTakeFirst();
  }

  /**
   * Takes one wrong-password "slot" BEFORE the password is verified, in one atomic UPDATE (row lock), so N parallel
   * attempts can verify at most LOCK_AFTER passwords per lock window. The attempt that takes the last slot sets the
   * lock. Returns the slot number, or null when the account is locked now.
   */
  async reservePasswordAttempt(accountId: string, now: Date, lockMs: number): Promise<number | null> {
    const expired = sql<boolean>`(locked_until is not null and locked_until <= ${now})`;
    const row = await this.db
      .updateTable('accounts')
      .set({
        failed_password_count: sql<number>`case when ${expired} then 1 else failed_password_count + 1 end`,
        locked_until: sql<Date | null>`case when ${expired} then null when failed_password_count + 1 >= ${LOCK_AFTER} then ${new Date(now.getTime() + lockMs)}::timestamptz else locked_until end`,
      })
      .where('id', '=', accountId)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning('failed_password_count')
      .executeTakeFirst();
    return row ? row.failed_password_count : null;
  }

  /**
   * The password sign-in's first round trip, for the common case (issue #4: the platform must add little to argon2):
   * finds the account (by mobile blind index first, then by name), checks the source address's failures, takes a
   * lockout slot as reservePasswordAttempt does, and reads the cities of the recent successful sign-ins (PP-1.18) — in
   * ONE statement. Returns undefined whenever anything would refuse (no such account, throttled source, locked, reset
   * required): the caller then takes the step-by-step path, which names the reason.
   */
  async reserveForPasswordLogin(q: {
    mobileIndex: Buffer | null;
    name: string;
    sourceKey: Buffer | null;
    now: Date;
    lockMs: number;
    sourceSince: Date;
    sourceMax: number;
    recent: number;
  }): Promise<{ account: AccountRow; slot: number; recentCities: (string | null)[] } | undefined> {
    const expired = sql`(a.locked_until is not null and a.locked_until <= ${q.now})`;
    const { rows } = await sql<AccountRow & { recent_cities: (string | null)[] }>`
      with target as (
        select id from (
          select id, 0 as pref from accounts where mobile_index = ${q.mobileIndex}
          union all
          select id, 1 as pref from accounts where lower(account_name) = ${q.name.trim().toLowerCase()}
        ) found order by pref limit 1)
      update accounts a set
        failed_password_count = case when ${expired} then 1 else a.failed_password_count + 1 end,
        locked_until = case when ${expired} then null
                            when a.failed_password_count + 1 >= ${LOCK_AFTER} then ${new Date(q.now.getTime() + q.lockMs)}::timestamptz
                            else a.locked_until end
        from target
       where a.id = target.id
         and (a.locked_until is null or a.locked_until <= ${q.now})
         and not a.password_reset_required
         and coalesce((select failures from login_source_throttle
                        where source_key = ${q.sourceKey} and window_started_at >= ${q.sourceSince}), 0) < ${q.sourceMax}
      returning a.*, array(select e.city from login_events e where e.account_id = a.id and e.outcome = 'success'
                            order by e.occurred_at desc limit ${q.recent}) as recent_cities`.execute(this.db);
    const row = rows[0];
    if (!row) return undefined;
    const { recent_cities, ...account } = row;
    return { account, slot: account.failed_password_count, recentCities: recent_cities };
  }

  /** The UPDATE that gives back every wrong-password slot, to run inside the sign-in's statement. */
  clearPasswordFailuresQuery(db: Executor, accountId: string) {
    return db.updateTable('accounts').set({ failed_password_count: 0, locked_until: null }).where('id', '=', accountId);
  }

  /** A correct password gives back every slot and lifts a lock that the same burst set. */
  async clearPasswordFailures(accountId: string, db: Executor = this.db) {
    await db.updateTable('accounts').set({ failed_password_count: 0, locked_until: null }).where('id', '=', accountId).execute();
  }

  /** Counts a failure from a source address in a sliding 15-minute window; returns the count in the window. */
  async countSourceFailure(sourceKey: Buffer, now: Date, windowMs: number): Promise<number> {
    const start = new Date(now.getTime() - windowMs);
    const row = await this.db
      .insertInto('login_source_throttle')
      .values({ source_key: sourceKey, window_started_at: now, failures: 1 })
      .onConflict((oc) =>
        oc.column('source_key').doUpdateSet({
          failures: sql<number>`case when login_source_throttle.window_started_at < ${start} then 1 else login_source_throttle.failures + 1 end`,
          window_started_at: sql<Date>`case when login_source_throttle.window_started_at < ${start} then ${now}::timestamptz else login_source_throttle.window_started_at end`,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    return row.failures;
  }

  async sourceFailures(sourceKey: Buffer, now: Date, windowMs: number): Promise<number> {
    const row = await this.db.selectFrom('login_source_throttle').selectAll().where('source_key', '=', sourceKey).executeTakeFirst();
    if (!row || row.window_started_at.getTime() < now.getTime() - windowMs) return 0;
    return row.failures;
  }

  // --- sessions ---
  sessionByTokenHash(tokenHash: Buffer) {
    return this.db.selectFrom('account_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  touchSession(id: string, now: Date) {
    return this.db.updateTable('account_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  listActiveSessions(accountId: string, now: Date, idleMs: number, db: Executor = this.db) {
    return db
      .selectFrom('account_sessions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('ended_at', 'is', null)
      .where('absolute_expires_at', '>', now)
      .where('last_seen_at', '>', new Date(now.getTime() - idleMs))
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  endSession(tx: Executor, id: string, accountId: string, now: Date, reason: EndReason) {
    return tx
      .updateTable('account_sessions')
      .set({ ended_at: now, end_reason: reason })
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where('ended_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
  }

  endOtherSessions(tx: Executor, accountId: string, keepId: string | null, now: Date, reason: EndReason) {
    let q = tx.updateTable('account_sessions').set({ ended_at: now, end_reason: reason }).where('account_id', '=', accountId).where('ended_at', 'is', null);
    if (keepId) q = q.where('id', '<>', keepId);
    return q.returning('id').execute();
  }

  loginHistory(accountId: string, limit: number) {
    return this.db.selectFrom('login_events').selectAll().where('account_id', '=', accountId).orderBy('occurred_at', 'desc').limit(limit).execute();
  }

  /** Cities and devices of the recent successful sign-ins, for the abnormal-login rule (PP-1.18). */
  recentSuccesses(accountId: string, limit: number, db: Executor = this.db) {
    return db
      .selectFrom('login_events')
      .select(['city', 'device_label'])
      .where('account_id', '=', accountId)
      .where('outcome', '=', 'success')
      .orderBy('occurred_at', 'desc')
      .limit(limit)
      .execute();
  }
}

/** PGlite returns bytea as Uint8Array, node-postgres as Buffer: compare bytes, not types. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
