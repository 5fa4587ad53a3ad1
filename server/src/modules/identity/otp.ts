// One-time SMS codes (issue #4 §2): 6 digits, valid 5 minutes, single use, at most 5 wrong tries per code, resend
// throttled per number. Only an HMAC of (challenge id, code) is stored, so a database dump reveals no usable code;
// the SMS body is encrypted in the outbox and erased once delivered (notifications module).
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Tables } from '../../platform/db/tables.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { IDENTITY_PROBLEMS } from './identity.problems.ts';
import type { IdentityRepository, OtpPurpose, OtpRow } from './identity.repository.ts';

export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_TRIES = 5;
export const OTP_RESEND_MS = 60_000;
export const OTP_PER_HOUR = 10;

export interface IssuedCode {
  challengeId: string;
  expiresAt: Date;
  resendAfter: Date;
}

export class OtpService {
  readonly #repo: IdentityRepository;
  readonly #clock: Clock;
  readonly #key: Buffer;
  readonly #notifications: NotificationsService;

  constructor(deps: { repo: IdentityRepository; clock: Clock; key: Buffer; notifications: NotificationsService }) {
    this.#repo = deps.repo;
    this.#clock = deps.clock;
    this.#key = deps.key;
    this.#notifications = deps.notifications;
  }

  #hash(challengeId: string, code: string): Buffer {
    return createHmac('sha256', this.#key).update(`${challengeId}:${code}`).digest();
  }

  /**
   * Creates a challenge and, when `mobile` is given, queues the SMS in `tx`. Without a mobile (a login code asked for
   * a number that has no account) the challenge exists but nothing is sent: the answer looks the same either way.
   */
  async issue(
    tx: Transaction<Tables>,
    input: { purpose: OtpPurpose; mobileIndex: Buffer; mobile: string | null; accountId: string | null },
  ): Promise<IssuedCode> {
    const now = this.#clock.now();
    // resend: once a minute per number and purpose (a registration code does not hold up a step-up code); at most
    // OTP_PER_HOUR codes an hour per number whatever the purpose
    const recent = await tx
      .selectFrom('otp_challenges')
      .select([sql<Date>`max(created_at) filter (where purpose = ${input.purpose})`.as('last'), sql<number>`count(*)::int`.as('n')])
      .where('mobile_index', '=', input.mobileIndex)
      .where('created_at', '>', new Date(now.getTime() - 3_600_000))
      .executeTakeFirstOrThrow();
    const last = recent.last ? new Date(recent.last) : null;
    if (last && now.getTime() - last.getTime() < OTP_RESEND_MS) {
      const retryAfter = Math.ceil((OTP_RESEND_MS - (now.getTime() - last.getTime())) / 1000);
      throw new AppError(IDENTITY_PROBLEMS.codeTooSoon, { extensions: { retryAfter }, headers: { 'retry-after': String(retryAfter) } });
    }
    if (recent.n >= OTP_PER_HOUR) throw new AppError(IDENTITY_PROBLEMS.codeTooSoon, { extensions: { retryAfter: 3600 }, headers: { 'retry-after': '3600' } });
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + OTP_TTL_MS);
    await tx
      .insertInto('otp_challenges')
      .values({ id, purpose: input.purpose, mobile_index: input.mobileIndex, account_id: input.accountId, code_hash: this.#hash(id, code), created_at: now, expires_at: expiresAt })
      .execute();
    if (input.mobile) {
      await this.#notifications.enqueue(tx, {
        // before registration there is no account: the challenge id is the pseudonymous recipient
        recipient: input.accountId ? { kind: 'account', ref: input.accountId, address: input.mobile } : { kind: 'pseudonym', ref: `otp-${id}`, address: input.mobile },
        channel: 'sms',
        template: 'otp',
        params: { code, minutes: OTP_TTL_MS / 60_000 },
        actor: input.accountId ? { kind: 'citizen', ref: input.accountId } : { kind: 'system' },
        purposeId: 'account-messages',
      });
    }
    return { challengeId: id, expiresAt, resendAfter: new Date(now.getTime() + OTP_RESEND_MS) };
  }

  /** The newest live challenge of an account for a purpose (callers that do not carry the challenge id). */
  async latestFor(accountId: string, purpose: OtpPurpose): Promise<string | null> {
    const row = await this.#repo.db
      .selectFrom('otp_challenges')
      .select('id')
      .where('account_id', '=', accountId)
      .where('purpose', '=', purpose)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', this.#clock.now())
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /**
   * Checks a code. The try is counted (atomically) before the comparison and the code is consumed with a
   * conditional UPDATE, so parallel guesses get at most OTP_MAX_TRIES comparisons and a code works once.
   * Throws code-invalid on any failure.
   */
  async consume(challengeId: string, code: string, purposes: OtpPurpose[]): Promise<OtpRow> {
    const now = this.#clock.now();
    const row = await this.#repo.db
      .updateTable('otp_challenges')
      .set({ attempts: sql<number>`attempts + 1` })
      .where('id', '=', challengeId)
      .where('purpose', 'in', purposes)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .where('attempts', '<', OTP_MAX_TRIES)
      .returningAll()
      .executeTakeFirst();
    const given = /^\d{6}$/.test(code) ? this.#hash(challengeId, code) : Buffer.alloc(32);
    if (!row || !timingSafeEqual(given, row.code_hash)) throw new AppError(IDENTITY_PROBLEMS.codeInvalid);
    const consumed = await this.#repo.db
      .updateTable('otp_challenges')
      .set({ consumed_at: now })
      .where('id', '=', challengeId)
      .where('consumed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!consumed) throw new AppError(IDENTITY_PROBLEMS.codeInvalid);
    return consumed;
  }
}
