// Data access for real-name verification and guardian links (migration 0020). Every function takes the executor it
// runs on: inside a use case that is the transaction, so the audit record commits with the change (and PGlite never
// deadlocks on a second connection).
import { sql, type Generated, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export type Route = 'id' | 'face' | 'card';

export interface RealnameIdentitiesTable {
  account_id: string;
  real_name_enc: Buffer;
  id_number_enc: Buffer;
  id_number_bidx: Buffer;
  id_type: Generated<'resident-id-card'>;
  id_verified_at: Date;
  id_check_ref: string;
  face_verified_at: Date | null;
  face_provider_ref: string | null;
  face_login_enabled: Generated<boolean>;
  card_verified_at: Date | null;
  card_provider_ref: string | null;
  card_tail: string | null;
  updated_at: Date;
}

export interface RealnameAttemptsTable {
  id: Generated<number>;
  account_id: string;
  route: Route;
  outcome: string;
  provider_ref: string | null;
  created_at: Date;
}

export interface GuardianInvitationsTable {
  id: Generated<string>;
  minor_account_id: string;
  code_hash: Buffer;
  expires_at: Date;
  used_at: Date | null;
  created_at: Date;
}

export interface GuardianConsentsTable {
  consent_record_id: number;
  link_id: string;
  created_at: Date;
}

export interface GuardianLinksTable {
  id: Generated<string>;
  minor_account_id: string;
  guardian_account_id: string;
  relation: 'parent' | 'guardian';
  created_at: Date;
  revoked_at: Date | null;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    realname_identities: RealnameIdentitiesTable;
    realname_attempts: RealnameAttemptsTable;
    guardian_invitations: GuardianInvitationsTable;
    guardian_links: GuardianLinksTable;
    guardian_consents: GuardianConsentsTable;
  }
}

export type IdentityRow = Selectable<RealnameIdentitiesTable>;
export type GuardianLinkRow = Selectable<GuardianLinksTable>;
export type Executor = Kysely<Tables> | Transaction<Tables>;

export const realnameRepository = {
  async find(db: Executor, accountId: string, opts: { forUpdate?: boolean } = {}): Promise<IdentityRow | undefined> {
    let q = db.selectFrom('realname_identities').selectAll().where('account_id', '=', accountId);
    if (opts.forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  },

  /** The account an ID number is bound to, by its blind index. */
  async accountByIdIndex(db: Executor, bidx: Buffer): Promise<string | undefined> {
    const row = await db.selectFrom('realname_identities').select('account_id').where('id_number_bidx', '=', bidx).executeTakeFirst();
    return row?.account_id;
  },

  async insert(db: Executor, row: Omit<IdentityRow, 'id_type' | 'face_login_enabled'>): Promise<void> {
    await db.insertInto('realname_identities').values(row).execute();
  },

  async update(db: Executor, accountId: string, patch: Partial<Omit<IdentityRow, 'account_id'>>): Promise<void> {
    await db.updateTable('realname_identities').set(patch).where('account_id', '=', accountId).execute();
  },

  async recordAttempt(db: Executor, row: Omit<Selectable<RealnameAttemptsTable>, 'id'>): Promise<void> {
    await db.insertInto('realname_attempts').values(row).execute();
  },

  /** Failed attempts of one route since `since` (the per-account limit counts refusals, not successes). */
  async countFailures(db: Executor, accountId: string, route: Route, since: Date): Promise<number> {
    const row = await db
      .selectFrom('realname_attempts')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('account_id', '=', accountId)
      .where('route', '=', route)
      .where('outcome', 'not in', ['passed', 'timeout', 'unavailable', 'rate-limited']) // outages are not the citizen's failures
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async createInvitation(db: Executor, row: Omit<Selectable<GuardianInvitationsTable>, 'id' | 'used_at'>): Promise<string> {
    const { id } = await db.insertInto('guardian_invitations').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  },

  /** Claims an unused, unexpired invitation (single use: the update wins once). */
  async claimInvitation(db: Executor, codeHash: Buffer, now: Date): Promise<{ id: string; minor_account_id: string } | undefined> {
    return db
      .updateTable('guardian_invitations')
      .set({ used_at: now })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['id', 'minor_account_id'])
      .executeTakeFirst();
  },

  async activeLinksOfMinor(db: Executor, minorAccountId: string): Promise<GuardianLinkRow[]> {
    return db.selectFrom('guardian_links').selectAll().where('minor_account_id', '=', minorAccountId).where('revoked_at', 'is', null).orderBy('created_at').execute();
  },

  async activeLinksOfGuardian(db: Executor, guardianAccountId: string): Promise<GuardianLinkRow[]> {
    return db.selectFrom('guardian_links').selectAll().where('guardian_account_id', '=', guardianAccountId).where('revoked_at', 'is', null).orderBy('created_at').execute();
  },

  async activeLink(db: Executor, minorAccountId: string, guardianAccountId: string): Promise<GuardianLinkRow | undefined> {
    return db
      .selectFrom('guardian_links')
      .selectAll()
      .where('minor_account_id', '=', minorAccountId)
      .where('guardian_account_id', '=', guardianAccountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  },

  async insertLink(db: Executor, row: Omit<GuardianLinkRow, 'id' | 'revoked_at'>): Promise<string> {
    const { id } = await db.insertInto('guardian_links').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  },

  /** Everything this module holds about an account (cancellation, PP-4.5). Returns the number of rows removed. */
  async eraseAccount(db: Executor, accountId: string): Promise<number> {
    // one after another: a transaction is one connection
    let n = 0;
    n += Number((await db.deleteFrom('realname_identities').where('account_id', '=', accountId).executeTakeFirst()).numDeletedRows);
    n += Number((await db.deleteFrom('realname_attempts').where('account_id', '=', accountId).executeTakeFirst()).numDeletedRows);
    n += Number((await db.deleteFrom('guardian_invitations').where('minor_account_id', '=', accountId).executeTakeFirst()).numDeletedRows);
    // guardian_consents rows go with their link (on delete cascade, migration 0022)
    n += Number(
      (await db.deleteFrom('guardian_links').where((eb) => eb.or([eb('minor_account_id', '=', accountId), eb('guardian_account_id', '=', accountId)])).executeTakeFirst()).numDeletedRows,
    );
    return n;
  },

  async recordGuardianConsent(db: Executor, row: Selectable<GuardianConsentsTable>): Promise<void> {
    await db.insertInto('guardian_consents').values(row).onConflict((oc) => oc.column('consent_record_id').doNothing()).execute();
  },

  /** Was this consent record given by a guardian through a link that is still active? */
  async isGuardianConsent(db: Executor, consentRecordId: number, minorAccountId: string): Promise<boolean> {
    const row = await db
      .selectFrom('guardian_consents as c')
      .innerJoin('guardian_links as l', 'l.id', 'c.link_id')
      .select('c.consent_record_id')
      .where('c.consent_record_id', '=', consentRecordId)
      .where('l.minor_account_id', '=', minorAccountId)
      .where('l.revoked_at', 'is', null)
      .executeTakeFirst();
    return !!row;
  },

  async revokeLink(db: Executor, id: string, now: Date): Promise<void> {
    await db.updateTable('guardian_links').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  },
};
