// 我的 → 账户与安全 (issue #4 §2, §4, §7): the holder's sessions and devices, sign-in history, logout, change of
// password and mobile (both behind step-up), the step-up proofs themselves, and 这不是我 from an abnormal-login alert.
import type { Clock } from '../../platform/clock.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import type { AuditService } from '../audit/index.ts';
import { maskMobile, type NotificationsService } from '../notifications/index.ts';
import { faceRefusal, IDENTITY_PROBLEMS } from './identity.problems.ts';
import { sameBytes, type IdentityRepository } from './identity.repository.ts';
import type { OtpService, IssuedCode } from './otp.ts';
import { hashPassword, passwordWeakness } from './password-policy.ts';
import { hashToken, type Sessions } from './sessions.ts';
import { MOBILE_AAD, validMobile, type SignInService } from './signin.service.ts';
import type { FaceProof, StepUp, StepUpMethod } from './stepup.ts';
import { TEMPLATE_PASSWORD_CHANGED } from './templates.ts';

type Citizen = Extract<Principal, { kind: 'citizen' }>;

export function citizenOf(p: Principal | null): Citizen {
  if (!p) throw new AppError(P.unauthenticated);
  if (p.kind !== 'citizen') throw new AppError(P.forbidden);
  return p;
}

const DISOWN_VALID_MS = 7 * 24 * 3_600_000;

export class AccountService {
  readonly #repo: IdentityRepository;
  readonly #clock: Clock;
  readonly #cipher: FieldCipher;
  readonly #audit: AuditService;
  readonly #notifications: NotificationsService;
  readonly #otp: OtpService;
  readonly #sessions: Sessions;
  readonly #signIn: SignInService;
  readonly #stepUp: StepUp;
  readonly #face: () => FaceProof | undefined;

  constructor(deps: {
    repo: IdentityRepository;
    clock: Clock;
    cipher: FieldCipher;
    audit: AuditService;
    notifications: NotificationsService;
    otp: OtpService;
    sessions: Sessions;
    signIn: SignInService;
    stepUp: StepUp;
    face: () => FaceProof | undefined;
  }) {
    this.#repo = deps.repo;
    this.#clock = deps.clock;
    this.#cipher = deps.cipher;
    this.#audit = deps.audit;
    this.#notifications = deps.notifications;
    this.#otp = deps.otp;
    this.#sessions = deps.sessions;
    this.#signIn = deps.signIn;
    this.#stepUp = deps.stepUp;
    this.#face = deps.face;
  }

  async #account(accountId: string) {
    const a = await this.#repo.accountById(accountId);
    if (!a) throw new AppError(P.unauthenticated);
    return a;
  }

  // The 我的 header is read on every page load (and returned by every sign-in): its display fields (name, masked mobile,
  // step-up methods offered) are kept for a short while in this process. Only display data — the session itself is
  // checked on every request.
  readonly #views = new Map<string, { at: number; view: { accountId: string; accountName: string; mobileMasked: string; passwordChangedAt: Date; stepUpMethods: StepUpMethod[] } }>();
  static readonly VIEW_TTL_MS = 30_000;

  /** The header of 我的 and useSession(): who is signed in (masked mobile only). */
  async me(p: Citizen) {
    const now = Date.now();
    let hit = this.#views.get(p.accountId);
    if (!hit || now - hit.at > AccountService.VIEW_TTL_MS) {
      const a = await this.#account(p.accountId);
      const [mobile, stepUpMethods] = await Promise.all([this.#signIn.mobileOf(a), this.#stepUp.methods(p.accountId)]);
      // The step-up methods are only what the app offers: proving one checks the account's real state every time
      // (realname's face proof). Face verification, face login on/off and consent withdrawal forget() this entry.
      hit = { at: now, view: { accountId: a.id, accountName: a.account_name, mobileMasked: maskMobile(mobile), passwordChangedAt: a.password_changed_at, stepUpMethods } };
      this.#views.set(p.accountId, hit);
      if (this.#views.size > 5000) this.#views.delete(this.#views.keys().next().value!);
    }
    return { ...hit.view };
  }

  /** Forget the cached display fields of an account (its mobile or password changed). */
  forget(accountId: string) {
    this.#views.delete(accountId);
  }

  async sessions(p: Citizen) {
    const rows = await this.#repo.listActiveSessions(p.accountId, this.#clock.now(), this.#sessions.settings.idleMs);
    return rows.map((s) => ({ ...s, current: s.id === p.sessionId }));
  }

  async endSession(p: Citizen, sessionId: string, reason: 'logout' | 'ended-by-holder' = 'ended-by-holder') {
    await this.#repo.transaction(async (tx) => {
      const ended = await this.#repo.endSession(tx, sessionId, p.accountId, this.#clock.now(), reason);
      if (!ended) throw new AppError(P.notFound);
      await this.#audit.record(tx, {
        actor: { kind: 'citizen', ref: p.accountId },
        action: 'identity.end-session',
        subjectId: p.accountId,
        elements: ['account-id'],
        purposeId: 'device-security',
        legalBasis: 'legal-obligation',
        details: { sessionId, reason },
      });
    });
  }

  history(p: Citizen, limit = 30) {
    return this.#repo.loginHistory(p.accountId, limit);
  }

  // --- step-up ---

  /** Sends a step-up code to the bound mobile (never to a number the caller names). */
  async requestStepUpCode(p: Citizen): Promise<IssuedCode> {
    const a = await this.#account(p.accountId);
    const mobile = await this.#signIn.mobileOf(a);
    return this.#repo.transaction((tx) => this.#otp.issue(tx, { purpose: 'step-up', mobileIndex: a.mobile_index, mobile, accountId: a.id }));
  }

  async proveBySms(p: Citizen, challengeId: string, code: string) {
    const challenge = await this.#otp.consume(challengeId, code, ['step-up']);
    if (challenge.account_id !== p.accountId) throw new AppError(IDENTITY_PROBLEMS.codeInvalid);
    await this.#recordProof(p, 'sms', null);
  }

  async proveByFace(p: Citizen, capture: { challengeId: string; frames: string[] }) {
    const face = this.#face();
    if (!face || !(await face.enabled(p.accountId))) throw new AppError(IDENTITY_PROBLEMS.faceUnavailable);
    const r = await face.verify(p.accountId, capture);
    if (!r.ok) throw faceRefusal(r.reason);
    await this.#recordProof(p, 'face', r.providerRef ?? null);
  }

  async #recordProof(p: Citizen, method: 'sms' | 'face', providerRef: string | null) {
    await this.#repo.transaction(async (tx) => {
      await this.#stepUp.record(tx, p, { method, providerRef });
      await this.#audit.record(tx, {
        actor: { kind: 'citizen', ref: p.accountId },
        action: 'identity.prove-identity',
        subjectId: p.accountId,
        elements: ['account-id', 'account-security-state'],
        purposeId: 'account-security',
        legalBasis: 'legal-obligation',
        details: { sessionId: p.sessionId, method },
      });
    });
  }

  // --- changes behind step-up ---

  /** Needs a fresh step-up; ends every other session (issue #4 §2) and tells the holder by SMS. */
  async changePassword(p: Citizen, newPassword: string) {
    await this.#stepUp.require(p);
    const a = await this.#account(p.accountId);
    const mobile = await this.#signIn.mobileOf(a);
    const weak = passwordWeakness(newPassword, { accountName: a.account_name, mobile });
    if (weak) throw new AppError(IDENTITY_PROBLEMS.weakPassword, { extensions: { reason: weak } });
    const hash = await hashPassword(newPassword);
    await this.#repo.transaction(async (tx) => {
      const now = this.#clock.now();
      await tx
        .updateTable('accounts')
        .set({ password_hash: hash, password_changed_at: now, password_reset_required: false, failed_password_count: 0, locked_until: null })
        .where('id', '=', a.id)
        .execute();
      const ended = await this.#repo.endOtherSessions(tx, a.id, p.sessionId, now, 'password-changed');
      await this.#audit.record(tx, {
        actor: { kind: 'citizen', ref: a.id },
        action: 'identity.change-password',
        subjectId: a.id,
        elements: ['password'],
        purposeId: 'registration',
        legalBasis: 'contract',
        details: { accountId: a.id, endedSessions: ended.length },
      });
      this.forget(a.id);
      await this.#notifications.enqueue(tx, {
        recipient: { kind: 'account', ref: a.id, address: mobile },
        channel: 'sms',
        template: TEMPLATE_PASSWORD_CHANGED,
        params: { time: new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(now) },
        actor: { kind: 'citizen', ref: a.id },
      });
    });
  }

  /** Step 1 of a mobile change: a code to the NEW number (after step-up on the old one). */
  async requestMobileChangeCode(p: Citizen, newMobileInput: string): Promise<IssuedCode> {
    await this.#stepUp.require(p);
    const mobile = validMobile(newMobileInput);
    const index = this.#signIn.mobileIndex(mobile);
    if (await this.#repo.accountByMobileIndex(index)) throw new AppError(IDENTITY_PROBLEMS.mobileTaken);
    return this.#repo.transaction((tx) => this.#otp.issue(tx, { purpose: 'change-mobile', mobileIndex: index, mobile, accountId: p.accountId }));
  }

  /** Step 2: the code proves the new number; it replaces the old one (encrypted + blind index). */
  async changeMobile(p: Citizen, input: { mobile: string; challengeId: string; code: string }) {
    await this.#stepUp.require(p);
    const mobile = validMobile(input.mobile);
    const index = this.#signIn.mobileIndex(mobile);
    const challenge = await this.#otp.consume(input.challengeId, input.code, ['change-mobile']);
    if (challenge.account_id !== p.accountId || !sameBytes(challenge.mobile_index, index)) throw new AppError(IDENTITY_PROBLEMS.codeInvalid);
    try {
      await this.#repo.transaction(async (tx) => {
        // PP-4.2: the correction is audited with old and new value pseudonymised (their keyed blind indexes, 10 hex: never a digit run that looks like PI)
        const before = await tx.selectFrom('accounts').select('mobile_index').where('id', '=', p.accountId).executeTakeFirst();
        await tx
          .updateTable('accounts')
          .set({ mobile_enc: await this.#cipher.encryptField(p.accountId, mobile, MOBILE_AAD, tx), mobile_index: index })
          .where('id', '=', p.accountId)
          .execute();
        await this.#audit.record(tx, {
          actor: { kind: 'citizen', ref: p.accountId },
          action: 'identity.change-mobile',
          subjectId: p.accountId,
          elements: ['mobile'],
          purposeId: 'registration',
          legalBasis: 'contract',
          details: { accountId: p.accountId, old: before ? Buffer.from(before.mobile_index).toString('hex').slice(0, 10) : null, new: Buffer.from(index).toString('hex').slice(0, 10) },
        });
      });
      this.forget(p.accountId);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new AppError(IDENTITY_PROBLEMS.mobileTaken);
      throw err;
    }
  }

  /**
   * 这不是我 (PP-1.18): the one-tap link of an abnormal-login alert ends that session and requires a password reset
   * (password sign-in refused until the holder resets it with an SMS code). The link works once, for 7 days.
   */
  async disown(token: string): Promise<void> {
    const now = this.#clock.now();
    await this.#repo.transaction(async (tx) => {
      const ev = await tx
        .updateTable('login_events')
        .set({ disowned_at: now })
        .where('disown_token_hash', '=', hashToken(token))
        .where('disowned_at', 'is', null)
        .where('occurred_at', '>', new Date(now.getTime() - DISOWN_VALID_MS))
        .returning(['id', 'account_id', 'session_id'])
        .executeTakeFirst();
      if (!ev) throw new AppError(IDENTITY_PROBLEMS.linkInvalid);
      if (ev.session_id) await this.#repo.endSession(tx, ev.session_id, ev.account_id, now, 'not-me');
      await tx.updateTable('accounts').set({ password_reset_required: true }).where('id', '=', ev.account_id).execute();
      await this.#audit.record(tx, {
        actor: { kind: 'citizen', ref: ev.account_id },
        action: 'identity.disown-sign-in',
        subjectId: ev.account_id,
        elements: ['account-id'],
        purposeId: 'abnormal-login-alerts',
        legalBasis: 'legal-obligation',
        details: { loginEventId: ev.id, sessionId: ev.session_id ?? 'none' },
      });
    });
  }

  // --- for other modules ---

  async contactOf(accountId: string): Promise<{ mobile: string } | null> {
    const a = await this.#repo.accountById(accountId);
    if (!a) return null;
    return { mobile: await this.#cipher.decryptField(a.id, a.mobile_enc, MOBILE_AAD) };
  }

  async exists(accountId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(accountId)) return false;
    return !!(await this.#repo.accountById(accountId));
  }
}
