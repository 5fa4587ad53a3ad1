// Staff sign-in and sessions. Password + TOTP (both required), or a passkey (passkeys.service.ts). Five wrong tries
// lock the account for 15 minutes; a TOTP code is accepted once (the same code again in its window is a replay).
// Sessions: the cookie carries a random token, the database only its SHA-256; idle and absolute timeouts come from
// config (STAFF_SESSION_IDLE_MINUTES / STAFF_SESSION_ABSOLUTE_HOURS). Every sign-in, success or failure, is audited.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Tables } from '../../platform/db/tables.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { Principal } from '../../platform/http/access.ts';
import type { AuditService } from '../audit/index.ts';
import { checkPassword, hashPassword, newId, newToken, totpStep, verifyPassword } from './credentials.ts';
import { SP } from './staff.problems.ts';
import { staffRepository as repo, type Executor, type StaffRow } from './staff.repository.ts';

export const MAX_ATTEMPTS = 5;
export const LOCK_MS = 15 * 60_000;
/** last_seen_at is written at most this often (idle timeout precision), not on every request */
const TOUCH_EVERY_MS = 30_000;
export const TOTP_AAD = 'staff_accounts.totp_secret_enc';
// a real argon2id hash of a random string: unknown or disabled accounts cost the same time as known ones
let dummyHash: Promise<string> | undefined;
const burnVerify = async (password: string) => verifyPassword(await (dummyHash ??= hashPassword(newToken())), password);

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

export interface SessionDeps {
  db: Kysely<Tables>;
  clock: Clock;
  cipher: FieldCipher;
  audit: AuditService;
  idleMs: number;
  absoluteMs: number;
}

export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export class StaffSessions {
  readonly deps: SessionDeps;
  constructor(deps: SessionDeps) {
    this.deps = deps;
  }

  get #db() {
    return this.deps.db;
  }

  async #fail(staff: StaffRow | undefined, reason: string, problem: string = SP.signInFailed, extra: Record<string, unknown> = {}): Promise<never> {
    await this.#db.transaction().execute((tx) =>
      this.deps.audit.record(tx, {
        actor: { kind: 'staff', ref: staff?.id ?? null },
        action: 'staff.sign-in-failed',
        subjectId: staff?.id ?? null,
        elements: staff ? ['staff-account'] : [],
        purposeId: 'staff-administration',
        legalBasis: 'contract',
        details: { reason, ...extra },
      }),
    );
    throw new AppError(problem, problem === SP.locked ? { headers: { 'retry-after': String(LOCK_MS / 1000) } } : {});
  }

  /** Password + TOTP sign-in. Returns the cookie token (shown once) and the new session id. */
  async signIn(input: { login: string; password: string; totp: string }, device: string | null = null): Promise<{ token: string; sessionId: string; staffId: string }> {
    const now = this.deps.clock.now();
    const staff = await repo.byLogin(this.#db, input.login.trim().toLowerCase());
    if (!staff) {
      await burnVerify(input.password);
      return this.#fail(undefined, 'unknown-account');
    }
    if (staff.disabled_at) {
      await burnVerify(input.password);
      return this.#fail(staff, 'disabled');
    }
    const used = await repo.claimAttempt(this.#db, staff.id, now, MAX_ATTEMPTS);
    if (used === null) return this.#fail(staff, 'locked', SP.locked);
    const passwordOk = await verifyPassword(staff.password_hash, input.password);
    let reason: string | null = passwordOk ? null : 'bad-password';
    if (!reason) {
      const secret = await this.deps.cipher.decryptField(staff.id, staff.totp_secret_enc, TOTP_AAD);
      const step = totpStep(secret, input.totp, now);
      if (step === null) reason = 'bad-totp';
      else if (!(await repo.acceptTotpStep(this.#db, staff.id, step))) reason = 'totp-replay';
    }
    if (reason) {
      if (used >= MAX_ATTEMPTS) {
        await repo.update(this.#db, staff.id, { locked_until: new Date(now.getTime() + LOCK_MS) });
        return this.#fail(staff, reason, SP.locked, { locked: true });
      }
      return this.#fail(staff, reason);
    }
    return this.#db.transaction().execute(async (tx) => {
      await repo.update(tx, staff.id, { failed_attempts: 0, locked_until: null });
      return this.createSession(tx, staff.id, 'password-totp', device);
    });
  }

  /** Opens a session for a staff member who proved who they are (inside the caller's transaction), audited. */
  async createSession(tx: Transaction<Tables> | Executor, staffId: string, method: 'password-totp' | 'passkey', device: string | null = null) {
    const now = this.deps.clock.now();
    const token = newToken();
    const sessionId = newId('ses');
    await repo.insertSession(tx, {
      id: sessionId,
      staff_id: staffId,
      token_hash: tokenHash(token),
      method,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + this.deps.absoluteMs),
      ended_at: null,
      device,
    });
    await this.deps.audit.record(tx as Executor, {
      actor: { kind: 'staff', ref: staffId },
      action: 'staff.sign-in',
      subjectId: staffId,
      elements: ['staff-account', 'staff-session'],
      purposeId: 'staff-administration',
      legalBasis: 'contract',
      details: { sessionId, method },
    });
    return { token, sessionId, staffId };
  }

  /** The staff principal behind a session token, or null (unknown, ended, idle or past its absolute limit). */
  async authenticate(token: string): Promise<StaffPrincipal | null> {
    if (!token || token.length > 100) return null;
    const s = await repo.sessionByTokenHash(this.#db, tokenHash(token));
    if (!s || s.ended_at || s.disabled_at) return null;
    const now = this.deps.clock.now();
    const idleFor = now.getTime() - new Date(s.last_seen_at).getTime();
    if (now >= new Date(s.expires_at) || idleFor > this.deps.idleMs) {
      await repo.endSession(this.#db, s.id, now);
      return null;
    }
    if (idleFor > TOUCH_EVERY_MS) await repo.touchSession(this.#db, s.id, now);
    // A one-time password must be replaced before anything else: until then the session carries no permission.
    const permissions = s.password_must_change ? [] : await repo.permissionsOf(this.#db, s.staff_id);
    return { kind: 'staff', staffId: s.staff_id, sessionId: s.id, permissions: new Set(permissions), organisationId: s.organisation_id ?? null };
  }

  async signOut(principal: StaffPrincipal): Promise<void> {
    const now = this.deps.clock.now();
    await this.#db.transaction().execute(async (tx) => {
      await repo.endSession(tx, principal.sessionId, now);
      await this.deps.audit.record(tx, {
        actor: { kind: 'staff', ref: principal.staffId },
        action: 'staff.sign-out',
        subjectId: principal.staffId,
        elements: ['staff-session'],
        purposeId: 'staff-administration',
        legalBasis: 'contract',
        details: { sessionId: principal.sessionId },
      });
    });
  }

  /** "My sessions": this staff member's live sessions (not ended, within the absolute and idle limits), newest
   * activity first, the calling one marked. Only the session's own row is read: no token, no address. */
  async mySessions(principal: StaffPrincipal) {
    const now = this.deps.clock.now();
    const rows = await repo.activeSessions(this.#db, principal.staffId, now);
    return rows
      .filter((r) => now.getTime() - new Date(r.last_seen_at).getTime() <= this.deps.idleMs)
      .map((r) => ({
        id: r.id,
        method: r.method,
        device: r.device,
        signedInAt: new Date(r.created_at).toISOString(),
        lastSeenAt: new Date(r.last_seen_at).toISOString(),
        current: r.id === principal.sessionId,
      }));
  }

  /** Ends one of my OTHER sessions (a lost laptop, a shared PC left signed in), audited in the same transaction.
   * The current session is ended by signing out; another member's session, or an ended one, is not found. */
  async endMySession(principal: StaffPrincipal, sessionId: string): Promise<void> {
    if (sessionId === principal.sessionId) throw new AppError(SP.currentSession);
    const now = this.deps.clock.now();
    await this.#db.transaction().execute(async (tx) => {
      const ended = await tx
        .updateTable('staff_sessions')
        .set({ ended_at: now })
        .where('id', '=', sessionId)
        .where('staff_id', '=', principal.staffId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) !== 1) throw new AppError(SP.sessionNotFound);
      await this.deps.audit.record(tx, {
        actor: { kind: 'staff', ref: principal.staffId },
        action: 'staff.end-session',
        subjectId: principal.staffId,
        elements: ['staff-session'],
        purposeId: 'staff-administration',
        legalBasis: 'contract',
        details: { sessionId, from: principal.sessionId },
      });
    });
  }

  /** Changing one's own password needs the current one; other sessions of the account end. */
  async changePassword(principal: StaffPrincipal, current: string, next: string): Promise<void> {
    const staff = await repo.byId(this.#db, principal.staffId);
    if (!staff || !(await verifyPassword(staff.password_hash, current))) throw new AppError(SP.signInFailed);
    if (checkPassword(next, staff.login_name)) throw new AppError(SP.weakPassword, { extensions: { reason: checkPassword(next, staff.login_name) } });
    if (await verifyPassword(staff.password_hash, next)) throw new AppError(SP.weakPassword, { extensions: { reason: 'unchanged' } });
    const password_hash = await hashPassword(next);
    const now = this.deps.clock.now();
    await this.#db.transaction().execute(async (tx) => {
      await repo.update(tx, staff.id, { password_hash, password_must_change: false });
      await repo.endAllSessions(tx, staff.id, now, principal.sessionId);
      await this.deps.audit.record(tx, {
        actor: { kind: 'staff', ref: staff.id },
        action: 'staff.change-password',
        subjectId: staff.id,
        elements: ['staff-credentials'],
        purposeId: 'staff-administration',
        legalBasis: 'contract',
        details: {},
      });
    });
  }
}
