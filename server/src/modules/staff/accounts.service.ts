// Administering staff accounts and roles (issue #4 §9). Only administrators (staff.manage / roles.manage) call this;
// every change of an account's roles or a role's permissions is audited in the same transaction (PP-3.4).
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Tables } from '../../platform/db/tables.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import type { AuditService } from '../audit/index.ts';
import { ORGANISATIONS } from '../reference/index.ts';
import { checkPassword, hashPassword, newId, newTotpSecret, oneTimePassword, totpEnrolment } from './credentials.ts';
import { isPermission, ROLES } from './permissions.ts';
import { TOTP_AAD } from './sessions.service.ts';
import { SP } from './staff.problems.ts';
import { staffRepository as repo, type Executor, type StaffRow } from './staff.repository.ts';

export interface AccountsDeps {
  db: Kysely<Tables>;
  clock: Clock;
  cipher: FieldCipher;
  audit: AuditService;
}

export interface NewAccount {
  loginName: string;
  displayName: string;
  organisationId?: string | null;
  roles: string[];
  /** given: this password, no change required (demo seed); absent: a one-time password that must be changed */
  password?: string;
  /** given: this TOTP secret (demo seed's fixed secrets); absent: a new random one */
  totpSecret?: string;
}

export interface IssuedCredentials {
  staffId: string;
  loginName: string;
  oneTimePassword: string | null;
  totp: { secret: string; otpauthUri: string; qrDataUrl: string };
}

/** Who did it: a staff member, or the bootstrap/seed command. */
export type Actor = { kind: 'staff'; ref: string } | { kind: 'system'; ref: string };

const organisationName = (id: string | null) => (id ? (ORGANISATIONS.find((o) => o.id === id)?.name ?? null) : null);

export class StaffAccounts {
  readonly deps: AccountsDeps;
  constructor(deps: AccountsDeps) {
    this.deps = deps;
  }

  get #db() {
    return this.deps.db;
  }

  #audit(tx: Executor, actor: Actor, action: string, staffId: string | null, elements: string[], details: Record<string, unknown>) {
    return this.deps.audit.record(tx, { actor, action, subjectId: staffId, elements, purposeId: 'staff-administration', legalBasis: 'contract', details });
  }

  /** Upserts the built-in roles; a role an administrator edited keeps its edits. */
  async seedRoles(db: Executor = this.#db): Promise<void> {
    for (const r of ROLES) {
      await repo.seedRole(db, { id: r.id, name_zh: r.nameZh, name_en: r.nameEn, scoped_to_organisation: r.scopedToOrganisation, builtin: true }, r.permissions);
    }
  }

  async #checkRoles(tx: Executor, roles: string[], organisationId: string | null) {
    for (const id of roles) {
      const role = await repo.roleById(tx, id);
      if (!role) throw new AppError(SP.unknownRole, { extensions: { role: id } });
      if (role.scoped_to_organisation && !organisationId) throw new AppError(SP.organisationRequired);
    }
    if (organisationId && !ORGANISATIONS.some((o) => o.id === organisationId)) {
      throw new AppError(P.validation, { extensions: { errors: [{ path: 'body.organisationId', message: 'unknown organisation' }] } });
    }
  }

  async create(actor: Actor, input: NewAccount, db: Executor = this.#db): Promise<IssuedCredentials> {
    const loginName = input.loginName.trim().toLowerCase();
    const organisationId = input.organisationId ?? null;
    const roles = [...new Set(input.roles)];
    const password = input.password ?? oneTimePassword();
    if (input.password && checkPassword(input.password, loginName)) throw new AppError(SP.weakPassword);
    const totpSecret = input.totpSecret ?? newTotpSecret();
    const password_hash = await hashPassword(password);
    const now = this.deps.clock.now();
    const staffId = newId('stf');
    const run = async (tx: Executor) => {
      if (await repo.byLogin(tx, loginName)) throw new AppError(SP.loginTaken);
      await this.#checkRoles(tx, roles, organisationId);
      await repo.insert(tx, {
        id: staffId,
        login_name: loginName,
        display_name: input.displayName.trim(),
        organisation_id: organisationId,
        password_hash,
        password_must_change: !input.password,
        totp_secret_enc: await this.deps.cipher.encryptField(staffId, totpSecret, TOTP_AAD, tx),
        totp_last_step: null,
        failed_attempts: 0,
        locked_until: null,
        disabled_at: null,
        created_at: now,
        created_by: actor.ref,
      });
      await repo.setRoles(tx, staffId, roles, now, actor.ref);
      await this.#audit(tx, actor, 'staff.create-account', staffId, ['staff-account', 'staff-credentials'], { staffId, roles, organisationId });
    };
    if (db === this.#db) await this.#db.transaction().execute(run);
    else await run(db);
    return { staffId, loginName, oneTimePassword: input.password ? null : password, totp: { secret: totpSecret, ...(await totpEnrolment(totpSecret, loginName)) } };
  }

  /** The first administrator (CLI `npm run staff:bootstrap`): refused when any administrator exists. */
  async bootstrapAdministrator(loginName: string, displayName: string): Promise<IssuedCredentials> {
    return this.#db.transaction().execute(async (tx) => {
      await this.seedRoles(tx);
      if (await repo.anyHolder(tx, 'administrator')) throw new AppError(SP.administratorExists);
      return this.create({ kind: 'system', ref: 'staff:bootstrap' }, { loginName, displayName, roles: ['administrator'] }, tx);
    });
  }

  async list() {
    const [rows, assignments] = await Promise.all([repo.list(this.#db), repo.allAssignments(this.#db)]);
    const now = this.deps.clock.now();
    return rows.map((s) => this.present(s, assignments.filter((a) => a.staff_id === s.id).map((a) => a.role_id), now));
  }

  present(s: StaffRow, roles: string[], now = this.deps.clock.now()) {
    return {
      id: s.id,
      loginName: s.login_name,
      displayName: s.display_name,
      organisationId: s.organisation_id,
      organisationName: organisationName(s.organisation_id),
      roles,
      disabled: !!s.disabled_at,
      locked: !!s.locked_until && new Date(s.locked_until) > now,
      mustChangePassword: s.password_must_change,
      createdAt: new Date(s.created_at).toISOString(),
    };
  }

  async #get(tx: Executor, staffId: string): Promise<StaffRow> {
    const s = await repo.byId(tx, staffId);
    if (!s) throw new AppError(P.notFound);
    return s;
  }

  // Separation of duties: nobody grants themselves a role (or disables themselves); another administrator must.
  #notSelf(actor: Actor, staffId: string) {
    if (actor.kind === 'staff' && actor.ref === staffId) throw new AppError(SP.selfChange);
  }

  async setRoles(actor: Actor, staffId: string, roles: string[], organisationId: string | null) {
    this.#notSelf(actor, staffId);
    roles = [...new Set(roles)].sort();
    return this.#db.transaction().execute(async (tx) => {
      const s = await this.#get(tx, staffId);
      await this.#checkRoles(tx, roles, organisationId);
      const previous = (await repo.rolesOf(tx, staffId)).map((r) => r.id);
      if (previous.includes('administrator') && !roles.includes('administrator') && !s.disabled_at && (await repo.otherActiveHolders(tx, 'administrator', staffId)) === 0) {
        throw new AppError(SP.lastAdministrator);
      }
      const now = this.deps.clock.now();
      await repo.setRoles(tx, staffId, roles, now, actor.ref);
      await repo.update(tx, staffId, { organisation_id: organisationId });
      await this.#audit(tx, actor, 'staff.assign-roles', staffId, ['staff-account'], {
        staffId,
        roles,
        previous,
        organisationId,
        previousOrganisationId: s.organisation_id,
      });
      return this.present({ ...s, organisation_id: organisationId }, roles, now);
    });
  }

  async setDisabled(actor: Actor, staffId: string, disabled: boolean) {
    this.#notSelf(actor, staffId);
    return this.#db.transaction().execute(async (tx) => {
      const s = await this.#get(tx, staffId);
      const roles = (await repo.rolesOf(tx, staffId)).map((r) => r.id);
      if (disabled && roles.includes('administrator') && (await repo.otherActiveHolders(tx, 'administrator', staffId)) === 0) throw new AppError(SP.lastAdministrator);
      const now = this.deps.clock.now();
      await repo.update(tx, staffId, { disabled_at: disabled ? now : null });
      if (disabled) await repo.endAllSessions(tx, staffId, now);
      await this.#audit(tx, actor, disabled ? 'staff.disable-account' : 'staff.enable-account', staffId, ['staff-account'], { staffId });
      return this.present({ ...s, disabled_at: disabled ? now : null }, roles, now);
    });
  }

  /** New one-time password and TOTP secret (lost phone, forgotten password); unlocks, ends the member's sessions. */
  async resetCredentials(actor: Actor, staffId: string): Promise<IssuedCredentials> {
    const password = oneTimePassword();
    const secret = newTotpSecret();
    const password_hash = await hashPassword(password);
    const loginName = await this.#db.transaction().execute(async (tx) => {
      const s = await this.#get(tx, staffId);
      const now = this.deps.clock.now();
      await repo.update(tx, staffId, {
        password_hash,
        password_must_change: true,
        totp_secret_enc: await this.deps.cipher.encryptField(staffId, secret, TOTP_AAD, tx),
        totp_last_step: null,
        failed_attempts: 0,
        locked_until: null,
      });
      await repo.endAllSessions(tx, staffId, now);
      await this.#audit(tx, actor, 'staff.reset-credentials', staffId, ['staff-credentials'], { staffId });
      return s.login_name;
    });
    return { staffId, loginName, oneTimePassword: password, totp: { secret, ...(await totpEnrolment(secret, loginName)) } };
  }

  async roles() {
    const [roles, perms] = await Promise.all([repo.roles(this.#db), repo.rolePermissions(this.#db)]);
    return roles.map((r) => ({
      id: r.id,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      scopedToOrganisation: r.scoped_to_organisation,
      builtin: r.builtin,
      permissions: perms.filter((p) => p.role_id === r.id).map((p) => p.permission),
    }));
  }

  async setRolePermissions(actor: Actor, roleId: string, permissions: string[]) {
    permissions = [...new Set(permissions)].sort();
    const unknown = permissions.filter((p) => !isPermission(p));
    if (unknown.length) throw new AppError(SP.unknownPermission, { extensions: { permissions: unknown } });
    return this.#db.transaction().execute(async (tx) => {
      const role = await repo.roleById(tx, roleId);
      if (!role) throw new AppError(P.notFound);
      // Administrators must keep the means to administer (otherwise nobody could undo the change).
      if (roleId === 'administrator' && !(permissions.includes('staff.manage') && permissions.includes('roles.manage'))) throw new AppError(SP.lastAdministrator);
      const previous = (await repo.rolePermissions(tx)).filter((p) => p.role_id === roleId).map((p) => p.permission);
      await repo.setRolePermissions(tx, roleId, permissions);
      await this.#audit(tx, actor, 'staff.change-role-permissions', null, [], { roleId, permissions, previous });
      return { roleId, permissions };
    });
  }

  /** What other modules may say about a staff member: department and roles, never the name (rights centre). */
  async describe(staffId: string, db: Executor = this.#db): Promise<StaffDescription | null> {
    const s = await repo.byId(db, staffId);
    if (!s) return null;
    const roles = await repo.rolesOf(db, staffId);
    return {
      roles: roles.map((r) => r.id),
      roleNames: roles.map((r) => r.name_zh),
      roleNamesEn: roles.map((r) => r.name_en),
      organisationId: s.organisation_id,
      organisationName: organisationName(s.organisation_id),
    };
  }
}

export interface StaffDescription {
  /** role ids, e.g. ['handler'] */
  roles: string[];
  /** role names in Chinese, e.g. ['部门承办人'] */
  roleNames: string[];
  roleNamesEn: string[];
  organisationId: string | null;
  organisationName: string | null;
}
