// The messaging outbox. enqueue() writes the outbox row and its delivery job in the caller's transaction, so a
// message exists exactly when the event that caused it committed. deliver() (the job) sends it and records the
// outcome like GOV.UK Notify: delivered, temporary-failure (the job throws, pg-boss retries) or permanent-failure.
import type { Transaction } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Tables } from '../../platform/db/tables.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import { EmailError, type EmailSender } from './email.ts';
import { NotificationsRepository, type Channel, type OutboxRow, type RecipientKind } from './notifications.repository.ts';
import { SmsError, type SmsProvider } from './sms-provider.ts';
import { getTemplate, render, type Locale, type TemplateParams } from './templates.ts';

export const DELIVER_JOB = 'notifications.deliver';
/** pg-boss retries a failed delivery this many times; the attempt after that records permanent-failure. */
export const DELIVERY_RETRY_LIMIT = 5;
export const MAX_ATTEMPTS = DELIVERY_RETRY_LIMIT + 1;

export interface Recipient {
  /** 'account': a registered account (ref = account id); 'pseudonym': someone without one (ref = a pseudonym) */
  kind: RecipientKind;
  ref: string;
  /** mobile for sms, email address for email; none for inapp */
  address?: string;
}

export interface EnqueueInput {
  recipient: Recipient;
  channel: Channel;
  template: string;
  params?: TemplateParams;
  locale?: Locale;
}

/** A delivery that failed but may succeed later: thrown from the job so pg-boss retries it. */
export class TemporaryDeliveryFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporaryDeliveryFailure';
  }
}

export type DeliveryOutcome = 'delivered' | 'permanent-failure' | 'skipped';

export class NotificationsService {
  readonly repo: NotificationsRepository;
  readonly sms: SmsProvider;
  readonly email: EmailSender | null;
  readonly #jobs: Jobs;
  readonly #clock: Clock;
  readonly #log: Logger;

  constructor(deps: { repo: NotificationsRepository; jobs: Jobs; clock: Clock; logger: Logger; sms: SmsProvider; email: EmailSender | null }) {
    this.repo = deps.repo;
    this.#jobs = deps.jobs;
    this.#clock = deps.clock;
    this.#log = deps.logger;
    this.sms = deps.sms;
    this.email = deps.email;
  }

  /**
   * Queues a message inside the caller's transaction `tx`: the outbox row and its delivery job are committed or
   * rolled back together with the event that caused them. Returns the outbox id.
   */
  async enqueue(tx: Transaction<Tables>, input: EnqueueInput): Promise<string> {
    const locale = input.locale ?? 'zh-CN';
    const { recipient, channel } = input;
    const text = render(input.template, locale, input.params ?? {});
    if (channel === 'inapp' && recipient.kind !== 'account') throw new Error('In-app messages go to accounts only');
    if (channel !== 'inapp' && !recipient.address) throw new Error(`A ${channel} message needs recipient.address`);
    if (!recipient.ref) throw new Error('recipient.ref is required');
    const id = await this.repo.insertOutbox(tx, {
      recipient_kind: recipient.kind,
      recipient_ref: recipient.ref,
      channel,
      template: input.template,
      locale,
      to_address: channel === 'inapp' ? null : recipient.address!.trim(),
      subject: text.subject,
      body: text.body,
      created_at: this.#clock.now(),
    });
    await this.#jobs.send(DELIVER_JOB, { outboxId: id }, { tx });
    return id;
  }

  /** The delivery job. Idempotent: a row already in a final state is left alone. */
  async deliver(outboxId: string): Promise<DeliveryOutcome> {
    const row = await this.repo.claim(outboxId);
    if (!row) return 'skipped';
    const sensitive = getTemplate(row.template)?.sensitive ?? true;
    const log = this.#log.child({ outboxId, channel: row.channel, template: row.template, attempt: row.attempts });
    try {
      if (row.channel === 'inapp') {
        // The inbox entry and the status change share a transaction.
        if (row.body === null) throw new PermanentDeliveryFailure('no body');
        await this.repo.deliverToInbox(row, this.#clock.now(), sensitive);
      } else {
        const providerMessageId = await this.#send(row);
        await this.repo.markDelivered(row.id, this.#clock.now(), providerMessageId, sensitive);
      }
      log.info('notification delivered');
      return 'delivered';
    } catch (err) {
      const { kind, reason } = classify(err);
      if (kind === 'temporary' && row.attempts < MAX_ATTEMPTS) {
        await this.repo.markTemporaryFailure(row.id, reason);
        log.warn({ reason }, 'notification temporarily failed; will retry');
        throw new TemporaryDeliveryFailure(reason);
      }
      const final = kind === 'temporary' ? `gave up after ${row.attempts} attempts: ${reason}` : reason;
      await this.repo.markPermanentFailure(row.id, final, sensitive);
      log.warn({ reason: final }, 'notification permanently failed');
      return 'permanent-failure';
    }
  }

  async #send(row: OutboxRow): Promise<string | null> {
    switch (row.channel) {
      case 'sms': {
        if (!row.to_address || row.body === null) throw new PermanentDeliveryFailure('no address or body');
        return (await this.sms.send(row.to_address, row.body)).providerMessageId;
      }
      case 'email': {
        if (!this.email) throw new PermanentDeliveryFailure('email not configured');
        if (!row.to_address || row.body === null) throw new PermanentDeliveryFailure('no address or body');
        return (await this.email.send(row.to_address, row.subject ?? '', row.body)).providerMessageId;
      }
      case 'inapp':
        throw new PermanentDeliveryFailure('in-app messages are delivered to the inbox');
    }
  }
}

class PermanentDeliveryFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryFailure';
  }
}

/** Error → outcome. Reasons are fixed phrases (never the address or body) so they are safe to store and show. */
function classify(err: unknown): { kind: 'temporary' | 'permanent'; reason: string } {
  if (err instanceof SmsError) return { kind: err.kind, reason: `${err.code}: ${err.message}` };
  if (err instanceof EmailError) return { kind: err.kind, reason: err.message };
  if (err instanceof PermanentDeliveryFailure) return { kind: 'permanent', reason: err.message };
  // Unknown errors (database blips, bugs) are retried; the message is kept short.
  return { kind: 'temporary', reason: `unexpected error: ${String((err as Error)?.name ?? 'Error')}` };
}
