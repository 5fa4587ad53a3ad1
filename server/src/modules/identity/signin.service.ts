// Registration and sign-in (issue #4 §1–4): PP-1.2 registration, password / SMS / face sign-in with lockout and
// per-address throttling, device information with consent (PP-1.10) and abnormal-login alerts (PP-1.18).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Tables } from '../../platform/db/tables.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import { normaliseMobile, type NotificationsService } from '../notifications/index.ts';
import type { PrivacyModule } from '../privacy/index.ts';
import { cityOf, describeDevice, deviceLabel } from './device.ts';
import { faceRefusal, IDENTITY_PROBLEMS } from './identity.problems.ts';
import { LOCK_AFTER, sameBytes, type AccountRow, type Executor, type IdentityRepository, type OtpPurpose, type SessionRow, type SignInMethod } from './identity.repository.ts';
import type { IssuedCode, OtpService } from './otp.ts';
import { burnPasswordVerify, hashPassword, passwordWeakness, verifyPassword } from './password-policy.ts';
import { hashToken, newToken, type Sessions } from './sessions.ts';
import type { FaceProof } from './stepup.ts';
import { TEMPLATE_ABNORMAL, TEMPLATE_LOCKED } from './templates.ts';

export const LOCK_MS = 15 * 60_000;
export const SOURCE_WINDOW_MS = 15 * 60_000;
export const SOURCE_MAX_FAILURES = 30;
/** how many recent successful sign-ins define "the usual places" */
const USUAL_PLACES = 5;
export const MOBILE_AAD = 'accounts.mobile_enc';

/** What a sign-in request says about where it comes from. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | undefined;
  /** the app-scoped device id cookie, if this browser has one */
  deviceCookie: string | undefined;
  /** the holder ticked "record this device for account security" (PP-1.10) */
  deviceConsent: boolean;
}

export interface SignedIn {
  accountId: string;
  token: string;
  session: SessionRow;
  /** a new device-id cookie to set (first consented sign-in on this browser) */
  newDeviceCookie?: string;
  abnormal: string[];
}

export interface IdentityCoreDeps {
  repo: IdentityRepository;
  clock: Clock;
  logger: Logger;
  cipher: FieldCipher;
  blindIndex: (kind: string, value: string) => Buffer;
  audit: AuditService;
  notifications: NotificationsService;
  guard: PrivacyModule['guard'];
  otp: OtpService;
  sessions: Sessions;
  publicUrl: string;
  face: () => FaceProof | undefined;
}

const fmtTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

type SignInOutcome = 'success' | 'wrong-password' | 'wrong-code' | 'locked';

/** PP-1.18: a new device, or a city none of the recent sign-ins came from, is abnormal — never the first sign-in. */
export function abnormalReasons(recentCities: readonly (string | null)[], city: string, newDevice: boolean): string[] {
  if (recentCities.length === 0) return [];
  const reasons: string[] = [];
  if (newDevice) reasons.push('new-device');
  if (city !== '未知地区' && !recentCities.includes(city)) reasons.push('new-city');
  return reasons;
}

export function validMobile(input: string): string {
  const m = normaliseMobile(input);
  if (!m) throw new AppError(IDENTITY_PROBLEMS.invalidMobile);
  return m;
}

export class SignInService {
  readonly #d: IdentityCoreDeps;
  constructor(deps: IdentityCoreDeps) {
    this.#d = deps;
  }

  mobileIndex(mobile: string): Buffer {
    return this.#d.blindIndex('mobile', mobile);
  }

  async mobileOf(account: Pick<AccountRow, 'id' | 'mobile_enc'>, db?: Executor): Promise<string> {
    return this.#d.cipher.decryptField(account.id, account.mobile_enc, MOBILE_AAD, db);
  }

  /** POST /otp: a code for registration, SMS sign-in or password reset. */
  async requestCode(purpose: Extract<OtpPurpose, 'registration' | 'login' | 'reset'>, mobileInput: string): Promise<IssuedCode> {
    const mobile = validMobile(mobileInput);
    const index = this.mobileIndex(mobile);
    const account = await this.#d.repo.accountByMobileIndex(index);
    if (purpose === 'registration' && account) throw new AppError(IDENTITY_PROBLEMS.mobileTaken);
    // sign-in / reset for a number without an account: a challenge that no SMS backs (same answer, no enumeration)
    const send = purpose === 'registration' || !!account;
    return this.#d.repo.transaction((tx) => this.#d.otp.issue(tx, { purpose, mobileIndex: index, mobile: send ? mobile : null, accountId: account?.id ?? null }));
  }

  /** PP-1.2: account name, mobile verified by SMS code, password. Nothing else. Signs the new account in. */
  async register(
    input: { accountName: string; mobile: string; password: string; challengeId: string; code: string },
    ctx: RequestContext,
  ): Promise<SignedIn> {
    await this.#d.guard.require(null, 'registration', { elements: ['account-name', 'mobile', 'password'] });
    const accountName = input.accountName.trim();
    const mobile = validMobile(input.mobile);
    const weak = passwordWeakness(input.password, { accountName, mobile });
    if (weak) throw new AppError(IDENTITY_PROBLEMS.weakPassword, { extensions: { reason: weak } });
    const index = this.mobileIndex(mobile);
    if (await this.#d.repo.accountByName(accountName)) throw new AppError(IDENTITY_PROBLEMS.accountNameTaken);
    if (await this.#d.repo.accountByMobileIndex(index)) throw new AppError(IDENTITY_PROBLEMS.mobileTaken);
    const challenge = await this.#d.otp.consume(input.challengeId, input.code, ['registration']);
    if (!sameBytes(challenge.mobile_index, index)) throw new AppError(IDENTITY_PROBLEMS.codeInvalid);
    const passwordHash = await hashPassword(input.password);
    const now = this.#d.clock.now();
    try {
      return await this.#d.repo.transaction(async (tx) => {
        const id = randomUUID();
        await tx
          .insertInto('accounts')
          .values({
            id,
            account_name: accountName,
            mobile_enc: await this.#d.cipher.encryptField(id, mobile, MOBILE_AAD, tx),
            mobile_index: index,
            password_hash: passwordHash,
            password_changed_at: now,
            created_at: now,
          })
          .execute();
        await this.#d.audit.record(tx, {
          actor: { kind: 'citizen', ref: id },
          action: 'identity.register-account',
          subjectId: id,
          elements: ['account-name', 'mobile', 'password'],
          purposeId: 'registration',
          legalBasis: 'contract',
          details: { accountId: id },
        });
        const account = (await this.#d.repo.accountById(id, tx))!;
        return this.#signIn(tx, account, 'registration', ctx);
      });
    } catch (err) {
      // two registrations racing for the same name or number: the unique indexes decide
      if ((err as { code?: string }).code === '23505') {
        const detail = String((err as Error).message);
        throw new AppError(detail.includes('mobile') ? IDENTITY_PROBLEMS.mobileTaken : IDENTITY_PROBLEMS.accountNameTaken);
      }
      throw err;
    }
  }

  async #findByLogin(login: string): Promise<AccountRow | undefined> {
    const mobile = normaliseMobile(login);
    if (mobile) {
      const byMobile = await this.#d.repo.accountByMobileIndex(this.mobileIndex(mobile));
      if (byMobile) return byMobile;
    }
    return this.#d.repo.accountByName(login);
  }

  #sourceKey(ctx: RequestContext): Buffer | null {
    return ctx.ip ? this.#d.blindIndex('sign-in-source', ctx.ip) : null;
  }

  async #checkSource(ctx: RequestContext) {
    const key = this.#sourceKey(ctx);
    if (!key) return;
    const n = await this.#d.repo.sourceFailures(key, this.#d.clock.now(), SOURCE_WINDOW_MS);
    if (n >= SOURCE_MAX_FAILURES) throw new AppError(IDENTITY_PROBLEMS.sourceThrottled, { headers: { 'retry-after': String(SOURCE_WINDOW_MS / 1000) } });
  }

  async #sourceFailed(ctx: RequestContext) {
    const key = this.#sourceKey(ctx);
    if (key) await this.#d.repo.countSourceFailure(key, this.#d.clock.now(), SOURCE_WINDOW_MS);
  }

  /**
   * Password sign-in. Lockout (ADR 0003): a wrong-password slot is reserved atomically before argon2 runs; the 5th
   * slot locks password sign-in for 15 minutes and the holder is told by SMS. A locked account is refused without
   * verifying anything, so parallel guesses cannot get past 5.
   */
  async loginWithPassword(input: { login: string; password: string }, ctx: RequestContext): Promise<SignedIn> {
    const { account, recentCities } = await this.checkPassword(input, ctx);
    try {
      const signIn = (db: Executor) => this.#signIn(db, account, 'password', ctx, { recentCities, clearFailures: true });
      // The common sign-in (no device to record, nothing abnormal to alert) is one statement — session, sign-in record,
      // cleared failure count and audit entry — which is atomic on its own; anything more takes a transaction.
      const simple = recentCities !== null && !ctx.deviceConsent && abnormalReasons(recentCities, cityOf(ctx.ip), false).length === 0;
      return await (simple ? signIn(this.#d.repo.db) : this.#d.repo.transaction(signIn));
    } catch (err) {
      // the password was right: a sign-in that failed afterwards must not count towards the lockout
      await this.#d.repo.clearPasswordFailures(account.id);
      throw err;
    }
  }

  /**
   * Password sign-in for the city identity provider (OIDC): the same lockout and throttling, a sign-in record and an
   * audit entry, but no citizen-app session (the provider keeps its own). Returns null when refused.
   */
  async verifyForProvider(login: string, password: string, ctx: RequestContext): Promise<{ accountId: string } | null> {
    let account: AccountRow;
    try {
      ({ account } = await this.checkPassword({ login, password }, ctx));
    } catch (err) {
      if (err instanceof AppError) return null;
      throw err;
    }
    // one statement: cleared failure count, sign-in record and audit entry commit together
    const { db } = this.#d.repo;
    await this.#d.audit.record(
      db,
      {
        actor: { kind: 'citizen', ref: account.id },
        action: 'identity.verify-password',
        subjectId: account.id,
        elements: ['account-id', 'ip-address'],
        purposeId: 'account-security',
        legalBasis: 'legal-obligation',
        details: { accountId: account.id, via: 'oidc' },
      },
      [this.#d.repo.clearPasswordFailuresQuery(db, account.id), this.#eventInsert(db, account.id, 'password', 'success', ctx)],
    );
    return { accountId: account.id };
  }

  /** The lockout-guarded password check shared by app sign-in and the identity provider; throws named problems. On
   * success the caller clears the failure count in the statement that records the sign-in (one commit, not two).
   * `recentCities`: the cities of the recent successful sign-ins when the first round trip could read them, else null. */
  async checkPassword(input: { login: string; password: string }, ctx: RequestContext): Promise<{ account: AccountRow; recentCities: (string | null)[] | null }> {
    const login = input.login.trim();
    const now = this.#d.clock.now();
    const mobile = normaliseMobile(login);
    // The common case in one round trip; whenever it declines, the step-by-step checks below find out why.
    const fast = await this.#d.repo.reserveForPasswordLogin({
      mobileIndex: mobile ? this.mobileIndex(mobile) : null,
      name: login,
      sourceKey: this.#sourceKey(ctx),
      now,
      lockMs: LOCK_MS,
      sourceSince: new Date(now.getTime() - SOURCE_WINDOW_MS),
      sourceMax: SOURCE_MAX_FAILURES,
      recent: USUAL_PLACES,
    });
    let account: AccountRow;
    let slot: number;
    if (fast) ({ account, slot } = fast);
    else {
      await this.#checkSource(ctx);
      const found = await this.#findByLogin(login);
      if (!found) {
        await burnPasswordVerify(input.password);
        await this.#sourceFailed(ctx);
        throw new AppError(IDENTITY_PROBLEMS.invalidCredentials);
      }
      account = found;
      if (account.password_reset_required) throw new AppError(IDENTITY_PROBLEMS.passwordResetRequired);
      const reserved = await this.#d.repo.reservePasswordAttempt(account.id, now, LOCK_MS);
      if (reserved === null) {
        await this.#sourceFailed(ctx);
        throw this.#locked(account);
      }
      slot = reserved;
    }
    const ok = await verifyPassword(account.password_hash, input.password);
    if (ok) return { account, recentCities: fast ? fast.recentCities : null };
    await this.#sourceFailed(ctx);
    await this.#d.repo.transaction(async (tx) => {
      await this.#event(tx, account.id, 'password', slot >= LOCK_AFTER ? 'locked' : 'wrong-password', ctx);
      if (slot === LOCK_AFTER) {
        // the attempt that took the last slot set the lock: tell the holder, once
        await this.#d.notifications.enqueue(tx, {
          recipient: { kind: 'account', ref: account.id, address: await this.mobileOf(account, tx) },
          channel: 'sms',
          template: TEMPLATE_LOCKED,
          params: { minutes: LOCK_MS / 60_000 },
          purposeId: 'abnormal-login-alerts',
        });
        await this.#d.audit.record(tx, {
          actor: { kind: 'system' },
          action: 'identity.lock-password-login',
          subjectId: account.id,
          elements: ['account-id', 'account-security-state'],
          purposeId: 'account-security',
          legalBasis: 'legal-obligation',
          details: { accountId: account.id, minutes: LOCK_MS / 60_000 },
        });
      }
    });
    if (slot >= LOCK_AFTER) throw this.#locked(account);
    throw new AppError(IDENTITY_PROBLEMS.invalidCredentials, { extensions: { remainingAttempts: LOCK_AFTER - slot } });
  }

  #locked(_account: AccountRow) {
    return new AppError(IDENTITY_PROBLEMS.accountLocked, { extensions: { lockMinutes: LOCK_MS / 60_000 }, headers: { 'retry-after': String(LOCK_MS / 1000) } });
  }

  /** SMS-code sign-in (also the way in while password login is locked). */
  async loginWithCode(input: { mobile: string; challengeId: string; code: string }, ctx: RequestContext): Promise<SignedIn> {
    await this.#checkSource(ctx);
    const mobile = validMobile(input.mobile);
    let challenge;
    try {
      challenge = await this.#d.otp.consume(input.challengeId, input.code, ['login']);
    } catch (err) {
      await this.#sourceFailed(ctx);
      throw err;
    }
    const account = challenge.account_id ? await this.#d.repo.accountById(challenge.account_id) : undefined;
    if (!account || !sameBytes(challenge.mobile_index, this.mobileIndex(mobile)) || !sameBytes(account.mobile_index, challenge.mobile_index)) {
      throw new AppError(IDENTITY_PROBLEMS.codeInvalid);
    }
    return this.#d.repo.transaction((tx) => this.#signIn(tx, account, 'sms', ctx));
  }

  /** Face sign-in through the FaceProof port, for accounts that completed face verification and consented. */
  async loginWithFace(input: { login: string; challengeId: string; frames: string[] }, ctx: RequestContext): Promise<SignedIn> {
    await this.#checkSource(ctx);
    const face = this.#d.face();
    const account = await this.#findByLogin(input.login.trim());
    if (!face || !account || !(await face.enabled(account.id))) {
      await this.#sourceFailed(ctx);
      throw new AppError(IDENTITY_PROBLEMS.faceUnavailable);
    }
    const result = await face.verify(account.id, { challengeId: input.challengeId, frames: input.frames });
    if (!result.ok) {
      await this.#sourceFailed(ctx);
      throw faceRefusal(result.reason);
    }
    return this.#d.repo.transaction((tx) => this.#signIn(tx, account, 'face', ctx));
  }

  /** Forgotten password, and the way out of 这不是我: SMS code to the bound mobile, new password, all sessions end. */
  async resetPassword(input: { mobile: string; challengeId: string; code: string; newPassword: string }, ctx: RequestContext): Promise<SignedIn> {
    const mobile = validMobile(input.mobile);
    const challenge = await this.#d.otp.consume(input.challengeId, input.code, ['reset']);
    const account = challenge.account_id ? await this.#d.repo.accountById(challenge.account_id) : undefined;
    if (!account || !sameBytes(account.mobile_index, this.mobileIndex(mobile))) throw new AppError(IDENTITY_PROBLEMS.codeInvalid);
    const weak = passwordWeakness(input.newPassword, { accountName: account.account_name, mobile });
    if (weak) throw new AppError(IDENTITY_PROBLEMS.weakPassword, { extensions: { reason: weak } });
    const hash = await hashPassword(input.newPassword);
    return this.#d.repo.transaction(async (tx) => {
      const now = this.#d.clock.now();
      await tx
        .updateTable('accounts')
        .set({ password_hash: hash, password_changed_at: now, password_reset_required: false, failed_password_count: 0, locked_until: null })
        .where('id', '=', account.id)
        .execute();
      const ended = await this.#d.repo.endOtherSessions(tx, account.id, null, now, 'password-changed');
      await this.#d.audit.record(tx, {
        actor: { kind: 'citizen', ref: account.id },
        action: 'identity.reset-password',
        subjectId: account.id,
        elements: ['password'],
        purposeId: 'registration',
        legalBasis: 'contract',
        details: { accountId: account.id, endedSessions: ended.length },
      });
      return this.#signIn(tx, account, 'sms', ctx);
    });
  }

  // --- the common part of every successful sign-in ---

  async #event(tx: Executor, accountId: string, method: SignInMethod, outcome: SignInOutcome, ctx: RequestContext) {
    await this.#eventInsert(tx, accountId, method, outcome, ctx).execute();
  }

  #eventInsert(
    tx: Executor,
    accountId: string,
    method: SignInMethod,
    outcome: SignInOutcome,
    ctx: RequestContext,
    extra: { sessionId?: string; deviceLabel?: string | null; abnormal?: string[]; disownTokenHash?: Buffer } = {},
  ) {
    return tx
      .insertInto('login_events')
      .values({
        account_id: accountId,
        occurred_at: this.#d.clock.now(),
        method,
        outcome,
        session_id: extra.sessionId ?? null,
        device_label: extra.deviceLabel ?? null,
        ip_address: ctx.ip,
        city: cityOf(ctx.ip),
        abnormal_reasons: extra.abnormal?.length ? extra.abnormal.join(',') : null,
        disown_token_hash: extra.disownTokenHash ?? null,
      });
  }

  /** `tx`: the caller's transaction, or the root executor when the sign-in is the single statement at the end. */
  async #signIn(
    tx: Executor,
    account: AccountRow,
    method: SignInMethod,
    ctx: RequestContext,
    opts: { recentCities?: (string | null)[] | null; clearFailures?: boolean } = {},
  ): Promise<SignedIn> {
    const now = this.#d.clock.now();
    const city = cityOf(ctx.ip);
    // PP-1.10: device information only with the holder's consent, linked to the account
    let deviceId: string | null = null;
    let label: string | null = null;
    let newDevice = false;
    let newDeviceCookie: string | undefined;
    if (ctx.deviceConsent) {
      await this.#d.guard.require({ kind: 'citizen', accountId: account.id, sessionId: '' }, 'device-security', {
        elements: ['device-brand', 'device-model', 'os-version', 'device-identifiers', 'ip-address'],
      });
      let cookie = ctx.deviceCookie && /^[A-Za-z0-9_-]{20,64}$/.test(ctx.deviceCookie) ? ctx.deviceCookie : undefined;
      if (!cookie) cookie = newDeviceCookie = randomBytes(24).toString('base64url');
      const key = this.#d.blindIndex('device-id', cookie);
      const info = describeDevice(ctx.userAgent);
      label = deviceLabel(info);
      const existing = await tx.selectFrom('account_devices').select('id').where('account_id', '=', account.id).where('device_key', '=', key).executeTakeFirst();
      if (existing) {
        deviceId = existing.id;
        await tx.updateTable('account_devices').set({ last_seen_at: now, brand: info.brand, model: info.model, os_version: info.osVersion }).where('id', '=', existing.id).execute();
      } else {
        newDevice = true;
        deviceId = (
          await tx
            .insertInto('account_devices')
            .values({ account_id: account.id, device_key: key, brand: info.brand, model: info.model, os_version: info.osVersion, consented_at: now, first_seen_at: now, last_seen_at: now })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        await this.#d.audit.record(tx, {
          actor: { kind: 'citizen', ref: account.id },
          action: 'identity.record-device',
          subjectId: account.id,
          elements: ['device-brand', 'device-model', 'os-version', 'device-identifiers'],
          purposeId: 'device-security',
          legalBasis: 'legal-obligation',
          details: { deviceId },
        });
      }
    }
    const recent = opts.recentCities ?? (await this.#d.repo.recentSuccesses(account.id, USUAL_PLACES, tx)).map((r) => r.city);
    const abnormal = abnormalReasons(recent, city, newDevice);
    const { token, session, insert } = this.#d.sessions.prepare({ accountId: account.id, method, deviceId, deviceLabel: label, ip: ctx.ip, city });
    let disownToken: string | undefined;
    if (abnormal.length) disownToken = newToken();
    // the session, its sign-in record (and the cleared failure count) are written in the audit entry's statement
    await this.#d.audit.record(
      tx,
      {
        actor: { kind: 'citizen', ref: account.id },
        action: 'identity.start-session',
        subjectId: account.id,
        elements: ['account-id', 'ip-address'],
        purposeId: 'device-security',
        legalBasis: 'legal-obligation',
        details: { sessionId: session.id, method, abnormal: abnormal.join(',') || 'no' },
      },
      [
        ...(opts.clearFailures ? [this.#d.repo.clearPasswordFailuresQuery(tx, account.id)] : []),
        insert(tx),
        this.#eventInsert(tx, account.id, method, 'success', ctx, {
          sessionId: session.id,
          deviceLabel: label,
          abnormal,
          ...(disownToken ? { disownTokenHash: hashToken(disownToken) } : {}),
        }),
      ],
    );
    if (disownToken) {
      // the alert must commit with the session it reports (loginWithPassword only skips the transaction when the
      // abnormal-login rule has nothing to say)
      if (!tx.isTransaction) throw new Error('an abnormal sign-in must be recorded in a transaction');
      const alertTx = tx as Transaction<Tables>;
      await this.#d.guard.require(null, 'abnormal-login-alerts', { elements: ['account-id', 'mobile', 'ip-address', 'device-model', 'messages'] });
      const params = {
        time: fmtTime.format(now),
        device: label ?? '未记录的设备',
        place: city,
        link: `${this.#d.publicUrl.replace(/\/$/, '')}/me/not-me?token=${disownToken}`,
      };
      const mobile = await this.mobileOf(account, alertTx);
      for (const channel of ['sms', 'inapp'] as const) {
        await this.#d.notifications.enqueue(alertTx, {
          recipient: { kind: 'account', ref: account.id, ...(channel === 'sms' ? { address: mobile } : {}) },
          channel,
          template: TEMPLATE_ABNORMAL,
          params,
          purposeId: 'abnormal-login-alerts',
        });
      }
    }
    return { accountId: account.id, token, session, abnormal, ...(newDeviceCookie ? { newDeviceCookie } : {}) };
  }
}
