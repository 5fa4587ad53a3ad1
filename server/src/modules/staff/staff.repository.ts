// Data access for the staff module, and the declaration of its tables (migration 0030). Every function takes the
// executor to run on, so service code passes its transaction through (PGlite: never the root handle inside a tx).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export interface StaffAccountsTable {
  id: string;
  login_name: string;
  display_name: string;
  organisation_id: string | null;
  password_hash: string;
  password_must_change: boolean;
  totp_secret_enc: Buffer;
  totp_last_step: string | number | null;
  failed_attempts: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  created_at: Date;
  created_by: string | null;
}
export interface StaffRolesTable {
  id: string;
  name_zh: string;
  name_en: string;
  scoped_to_organisation: boolean;
  builtin: boolean;
}
export interface StaffRolePermissionsTable {
  role_id: string;
  permission: string;
}
export interface StaffRoleAssignmentsTable {
  staff_id: string;
  role_id: string;
  assigned_at: Date;
  assigned_by: string | null;
}
export interface StaffSessionsTable {
  id: string;
  staff_id: string;
  token_hash: Buffer;
  method: 'password-totp' | 'passkey';
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  /** coarse browser/OS label for "my sessions" (0130); null for sessions opened before it */
  device: string | null;
}
export interface StaffPasskeysTable {
  id: string;
  staff_id: string;
  credential_id: string;
  public_key: Buffer;
  sign_count: string | number;
  transports: string[];
  label: string;
  created_at: Date;
  last_used_at: Date | null;
}
export interface StaffWebauthnChallengesTable {
  id: string;
  challenge: string;
  purpose: 'register' | 'authenticate';
  staff_id: string | null;
  expires_at: Date;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    staff_accounts: StaffAccountsTable;
    staff_roles: StaffRolesTable;
    staff_role_permissions: StaffRolePermissionsTable;
    staff_role_assignments: StaffRoleAssignmentsTable;
    staff_sessions: StaffSessionsTable;
    staff_passkeys: StaffPasskeysTable;
    staff_webauthn_challenges: StaffWebauthnChallengesTable;
  }
}

export type Executor = Kysely<Tables>;
export type StaffRow = Selectable<StaffAccountsTable>;
export type SessionRow = Selectable<StaffSessionsTable>;
export type PasskeyRow = Selectable<StaffPasskeysTable>;

export const staffRepository = {
  byId: (db: Executor, id: string) => db.selectFrom('staff_accounts').selectAll().where('id', '=', id).executeTakeFirst(),
  byLogin: (db: Executor, login: string) => db.selectFrom('staff_accounts').selectAll().where('login_name', '=', login).executeTakeFirst(),
  list: (db: Executor) => db.selectFrom('staff_accounts').selectAll().orderBy('created_at').orderBy('login_name').execute(),
  insert: (db: Executor, row: StaffAccountsTable) => db.insertInto('staff_accounts').values(row).execute(),
  update: (db: Executor, id: string, set: Partial<StaffAccountsTable>) => db.updateTable('staff_accounts').set(set).where('id', '=', id).execute(),

  /**
   * Takes one try from the account's budget before the password is checked, atomically, so parallel wrong attempts
   * cannot get past the counter (each one must win this update). Returns the tries used including this one, or null
   * when the account is locked (budget spent and the lock not yet expired).
   */
  async claimAttempt(db: Executor, id: string, now: Date, max: number): Promise<number | null> {
    // An expired lock starts a fresh budget.
    await db
      .updateTable('staff_accounts')
      .set({ failed_attempts: 0, locked_until: null })
      .where('id', '=', id)
      .where('locked_until', '<=', now)
      .execute();
    const row = await db
      .updateTable('staff_accounts')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', id)
      .where('failed_attempts', '<', max)
      .where('locked_until', 'is', null)
      .returning('failed_attempts')
      .executeTakeFirst();
    return row ? row.failed_attempts : null;
  },
  /** Accepts a TOTP time step once: false when that step (or a later one) was already used — a replay. */
  async acceptTotpStep(db: Executor, id: string, step: number): Promise<boolean> {
    const r = await db
      .updateTable('staff_accounts')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  rolesOf: (db: Executor, staffId: string) =>
    db
      .selectFrom('staff_role_assignments as a')
      .innerJoin('staff_roles as r', 'r.id', 'a.role_id')
      .select(['r.id', 'r.name_zh', 'r.name_en', 'r.scoped_to_organisation'])
      .where('a.staff_id', '=', staffId)
      .orderBy('r.id')
      .execute(),
  async permissionsOf(db: Executor, staffId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('staff_role_assignments as a')
      .innerJoin('staff_role_permissions as p', 'p.role_id', 'a.role_id')
      .select('p.permission')
      .distinct()
      .where('a.staff_id', '=', staffId)
      .orderBy('p.permission')
      .execute();
    return rows.map((r) => r.permission);
  },
  allAssignments: (db: Executor) => db.selectFrom('staff_role_assignments').select(['staff_id', 'role_id']).execute(),
  async setRoles(db: Executor, staffId: string, roleIds: string[], at: Date, by: string | null) {
    await db.deleteFrom('staff_role_assignments').where('staff_id', '=', staffId).execute();
    if (roleIds.length) {
      await db
        .insertInto('staff_role_assignments')
        .values(roleIds.map((role_id) => ({ staff_id: staffId, role_id, assigned_at: at, assigned_by: by })))
        .execute();
    }
  },
  /** Active administrators other than `exceptId` (the last one cannot be disabled or demoted). */
  async otherActiveHolders(db: Executor, roleId: string, exceptId: string): Promise<number> {
    const r = await db
      .selectFrom('staff_role_assignments as a')
      .innerJoin('staff_accounts as s', 's.id', 'a.staff_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('a.role_id', '=', roleId)
      .where('s.id', '<>', exceptId)
      .where('s.disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async anyHolder(db: Executor, roleId: string): Promise<boolean> {
    const r = await db.selectFrom('staff_role_assignments').select('staff_id').where('role_id', '=', roleId).limit(1).executeTakeFirst();
    return !!r;
  },

  roles: (db: Executor) => db.selectFrom('staff_roles').selectAll().orderBy('builtin', 'desc').orderBy('id').execute(),
  roleById: (db: Executor, id: string) => db.selectFrom('staff_roles').selectAll().where('id', '=', id).executeTakeFirst(),
  rolePermissions: (db: Executor) => db.selectFrom('staff_role_permissions').selectAll().orderBy('role_id').orderBy('permission').execute(),
  async setRolePermissions(db: Executor, roleId: string, permissions: string[]) {
    await db.deleteFrom('staff_role_permissions').where('role_id', '=', roleId).execute();
    if (permissions.length) await db.insertInto('staff_role_permissions').values(permissions.map((permission) => ({ role_id: roleId, permission }))).execute();
  },
  /** Inserts a role with its permissions unless it exists (an administrator's later edits are kept). */
  async seedRole(db: Executor, role: StaffRolesTable, permissions: readonly string[]): Promise<boolean> {
    const r = await db.insertInto('staff_roles').values(role).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    if (permissions.length) await db.insertInto('staff_role_permissions').values(permissions.map((permission) => ({ role_id: role.id, permission }))).execute();
    return true;
  },

  insertSession: (db: Executor, row: StaffSessionsTable) => db.insertInto('staff_sessions').values(row).execute(),
  sessionByTokenHash: (db: Executor, hash: Buffer) =>
    db
      .selectFrom('staff_sessions as ss')
      .innerJoin('staff_accounts as s', 's.id', 'ss.staff_id')
      .select(['ss.id', 'ss.staff_id', 'ss.created_at', 'ss.last_seen_at', 'ss.expires_at', 'ss.ended_at', 'ss.method', 's.organisation_id', 's.disabled_at', 's.password_must_change'])
      .where('ss.token_hash', '=', hash)
      .executeTakeFirst(),
  /** The staff member's sessions that are neither ended nor past their absolute limit (idle ones are filtered by the caller). */
  activeSessions: (db: Executor, staffId: string, now: Date) =>
    db
      .selectFrom('staff_sessions')
      .select(['id', 'method', 'device', 'created_at', 'last_seen_at', 'expires_at'])
      .where('staff_id', '=', staffId)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('last_seen_at', 'desc')
      .execute(),
  touchSession: (db: Executor, id: string, at: Date) => db.updateTable('staff_sessions').set({ last_seen_at: at }).where('id', '=', id).execute(),
  endSession: (db: Executor, id: string, at: Date) => db.updateTable('staff_sessions').set({ ended_at: at }).where('id', '=', id).where('ended_at', 'is', null).execute(),
  endAllSessions: (db: Executor, staffId: string, at: Date, exceptId?: string) => {
    let q = db.updateTable('staff_sessions').set({ ended_at: at }).where('staff_id', '=', staffId).where('ended_at', 'is', null);
    if (exceptId) q = q.where('id', '<>', exceptId);
    return q.execute();
  },

  passkeys: (db: Executor, staffId: string) => db.selectFrom('staff_passkeys').selectAll().where('staff_id', '=', staffId).orderBy('created_at').execute(),
  passkeyByCredential: (db: Executor, credentialId: string) => db.selectFrom('staff_passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst(),
  insertPasskey: (db: Executor, row: StaffPasskeysTable) => db.insertInto('staff_passkeys').values(row).execute(),
  deletePasskey: (db: Executor, staffId: string, id: string) => db.deleteFrom('staff_passkeys').where('staff_id', '=', staffId).where('id', '=', id).executeTakeFirst(),
  usePasskey: (db: Executor, id: string, signCount: number, at: Date) =>
    db.updateTable('staff_passkeys').set({ sign_count: signCount, last_used_at: at }).where('id', '=', id).execute(),

  insertChallenge: (db: Executor, row: StaffWebauthnChallengesTable) => db.insertInto('staff_webauthn_challenges').values(row).execute(),
  /** Single use: the challenge row is deleted as it is read. */
  takeChallenge: (db: Executor, challenge: string, purpose: 'register' | 'authenticate') =>
    db.deleteFrom('staff_webauthn_challenges').where('challenge', '=', challenge).where('purpose', '=', purpose).returningAll().executeTakeFirst(),
  purgeChallenges: (db: Executor, now: Date) => db.deleteFrom('staff_webauthn_challenges').where('expires_at', '<', now).execute(),
};

export { sql };
