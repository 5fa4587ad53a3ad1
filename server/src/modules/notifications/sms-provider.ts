// The SMS gateway seam. Production adapters (a licensed carrier gateway) implement SmsProvider; development and test
// use the sandbox below, which behaves like a real gateway (validation, per-number rate limits, latency, failures)
// but sends nothing: it stores what it would have sent in sms_sandbox_messages for the console to show.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import './notifications.repository.ts';

export interface SmsProvider {
  readonly name: string;
  readonly sandbox: boolean;
  /** Sends one message. Throws SmsError (temporary → retry later; permanent → never retry). */
  send(mobile: string, text: string): Promise<{ providerMessageId: string }>;
  /** Readiness probe (/readyz). */
  check(): Promise<void>;
}

export type SmsErrorCode = 'invalid-number' | 'number-not-in-service' | 'rate-limited' | 'gateway-timeout' | 'gateway-error';

/** A gateway refusal, typed: `temporary` failures are retried by the job queue, `permanent` ones are final. */
export class SmsError extends Error {
  readonly kind: 'temporary' | 'permanent';
  readonly code: SmsErrorCode;
  constructor(kind: 'temporary' | 'permanent', code: SmsErrorCode, message: string) {
    super(message);
    this.name = 'SmsError';
    this.kind = kind;
    this.code = code;
  }
}

const MOBILE = /^1[3-9]\d{9}$/;

/** Mainland mobile number in its 11-digit form, or null. Accepts +86 / 86 prefixes, spaces and dashes. */
export function normaliseMobile(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return MOBILE.test(compact) ? compact : null;
}

export interface SandboxSmsOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  nodeEnv: 'development' | 'test' | 'production';
  /** simulated gateway latency; 0 in tests */
  latencyMs?: number;
  perMinute?: number;
  perHour?: number;
}

/**
 * Deterministic failure identities, so that every path can be exercised by hand and in tests:
 *  - a number ending in 0000 → permanent failure "number not in service"
 *  - 13800000001 → temporary failure "gateway timeout"
 */
export class SandboxSmsProvider implements SmsProvider {
  readonly name = 'SMS gateway (sandbox)';
  readonly sandbox = true;
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #latencyMs: number;
  readonly #perMinute: number;
  readonly #perHour: number;

  constructor(opts: SandboxSmsOptions) {
    if (opts.nodeEnv === 'production') {
      throw new Error('The SMS sandbox must not run in production: configure a real SMS gateway (SMS_PROVIDER)');
    }
    this.#db = opts.db;
    this.#clock = opts.clock;
    this.#log = opts.logger.child({ provider: 'sms-sandbox', sandbox: true });
    this.#latencyMs = opts.latencyMs ?? 0;
    this.#perMinute = opts.perMinute ?? 1;
    this.#perHour = opts.perHour ?? 10;
  }

  async send(mobile: string, text: string): Promise<{ providerMessageId: string }> {
    if (this.#latencyMs > 0) await new Promise((r) => setTimeout(r, this.#latencyMs));
    const number = normaliseMobile(mobile);
    if (!number) throw new SmsError('permanent', 'invalid-number', 'invalid mobile number');
    if (number.endsWith('0000')) throw new SmsError('permanent', 'number-not-in-service', 'number not in service');
    if (number === '13800000001') throw new SmsError('temporary', 'gateway-timeout', 'gateway timeout');
    const now = this.#clock.now();
    const since = (ms: number) => new Date(now.getTime() - ms);
    const { minute, hour } = (await this.#db
      .selectFrom('sms_sandbox_messages')
      .select([
        sql<number>`count(*) filter (where sent_at > ${since(60_000)})::int`.as('minute'),
        sql<number>`count(*)::int`.as('hour'),
      ])
      .where('mobile', '=', number)
      .where('sent_at', '>', since(3_600_000))
      .executeTakeFirstOrThrow()) as { minute: number; hour: number };
    if (minute >= this.#perMinute) throw new SmsError('temporary', 'rate-limited', `rate limited: ${this.#perMinute} per minute per number`);
    if (hour >= this.#perHour) throw new SmsError('temporary', 'rate-limited', `rate limited: ${this.#perHour} per hour per number`);
    const providerMessageId = `sandbox-${randomUUID()}`;
    await this.#db.insertInto('sms_sandbox_messages').values({ provider_message_id: providerMessageId, mobile: number, body: text, sent_at: now }).execute();
    this.#log.info({ providerMessageId }, 'SMS sandbox accepted a message (nothing was sent)');
    return { providerMessageId };
  }

  async check(): Promise<void> {
    await this.#db.selectFrom('sms_sandbox_messages').select('id').limit(1).execute();
  }
}
