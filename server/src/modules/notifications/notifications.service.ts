// The messaging outbox. enqueue() writes the outbox row and its delivery job in the caller's transaction, so a
// message exists exactly when the event that caused it committed. deliver() (the job) sends it and records the
// outcome like GOV.UK Notify: delivered, temporary-failure (the job throws, pg-boss retries) or permanent-failure.
// Its personal information goes through the privacy kernel: the address (and the body of a sensitive template) is
// encrypted under the recipient's subject key (subject = recipient.ref), enqueueing and handing a message to an
// external gateway are audited in the same transaction, and a destroyed subject key (erasure) ends a pending message
// as permanent-failure "subject erased".
import type { Transaction } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { SubjectKeyDestroyedError, type FieldCipher } from '../../platform/crypto/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { ActorKind } from '../audit/index.ts';
import { purposeById } from '../privacy/index.ts';
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
  /** who causes the message, for the audit record; default { kind: 'system' } */
  actor?: { kind: ActorKind; ref?: string | null };
  /** the inventory purpose the message serves (privacy/inventory/purposes.ts); default 'account-messages' */
  purposeId?: string;
}

/** Additional authenticated data binding each ciphertext to its column. */
const ADDRESS_AAD = 'notification_outbox.to_address';
const BODY_AAD = 'notification_outbox.body';
export const DEFAULT_PURPOSE = 'account-messages';

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
  readonly #cipher: FieldCipher;
  readonly #audit: AuditService;

  constructor(deps: {
    repo: NotificationsRepository;
    jobs: Jobs;
    clock: Clock;
    logger: Logger;
    sms: SmsProvider;
    email: EmailSender | null;
    cipher: FieldCipher;
    audit: AuditService;
  }) {
    this.repo = deps.repo;
    this.#cipher = deps.cipher;
    this.#audit = deps.audit;
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
    const purposeId = input.purposeId ?? DEFAULT_PURPOSE;
    const purpose = purposeById(purposeId);
    if (!purpose) throw new Error(`Unknown purpose "${purposeId}": use an id from the PI inventory`);
    const subjectId = recipient.ref;
    const address = channel === 'inapp' ? null : recipient.address!.trim();
    const id = await this.repo.insertOutbox(tx, {
      recipient_kind: recipient.kind,
      recipient_ref: recipient.ref,
      channel,
      template: input.template,
      locale,
      to_address_enc: address === null ? null : await this.#cipher.encryptField(subjectId, address, ADDRESS_AAD, tx),
      subject: text.subject,
      body: text.sensitive ? null : text.body,
      body_enc: text.sensitive ? await this.#cipher.encryptField(subjectId, text.body, BODY_AAD, tx) : null,
      created_at: this.#clock.now(),
    });
    await this.#audit.record(tx, {
      actor: input.actor ?? { kind: 'system' },
      action: 'notifications.enqueue-message',
      subjectId,
      elements: elementsOf(channel, text.sensitive),
      purposeId,
      legalBasis: purpose.legalBasis,
      details: { outboxId: id, channel, template: input.template },
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
      const message = await this.#open(row);
      if (row.channel === 'inapp') {
        // The inbox entry and the status change share a transaction.
        await this.repo.deliverToInbox(row, message.body, this.#clock.now(), sensitive);
      } else {
        const providerMessageId = await this.#send(row, message);
        // The outcome and the audit record of the disclosure to the gateway commit together.
        await this.repo.transaction(async (tx) => {
          await this.repo.markDelivered(row.id, this.#clock.now(), providerMessageId, sensitive, tx);
          await this.#audit.record(tx, {
            actor: { kind: 'job', ref: DELIVER_JOB },
            action: 'notifications.deliver-message',
            subjectId: row.recipient_ref,
            elements: elementsOf(row.channel, sensitive),
            purposeId: DEFAULT_PURPOSE,
            legalBasis: purposeById(DEFAULT_PURPOSE)!.legalBasis,
            details: { outboxId: row.id, channel: row.channel, template: row.template, gateway: gatewayName(row.channel, this) },
          });
        });
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

  /** Decrypts the address and body; a destroyed subject key (erasure) is a permanent failure. */
  async #open(row: OutboxRow): Promise<{ address: string | null; body: string }> {
    try {
      const subjectId = row.recipient_ref;
      const address = row.to_address_enc ? await this.#cipher.decryptField(subjectId, row.to_address_enc, ADDRESS_AAD) : null;
      const body = row.body_enc ? await this.#cipher.decryptField(subjectId, row.body_enc, BODY_AAD) : row.body;
      if (body === null) throw new PermanentDeliveryFailure('no body');
      return { address, body };
    } catch (err) {
      if (err instanceof SubjectKeyDestroyedError) throw new PermanentDeliveryFailure('subject erased');
      throw err;
    }
  }

  async #send(row: OutboxRow, message: { address: string | null; body: string }): Promise<string | null> {
    switch (row.channel) {
      case 'sms': {
        if (!message.address) throw new PermanentDeliveryFailure('no address or body');
        return (await this.sms.send(message.address, message.body)).providerMessageId;
      }
      case 'email': {
        if (!this.email) throw new PermanentDeliveryFailure('email not configured');
        if (!message.address) throw new PermanentDeliveryFailure('no address or body');
        return (await this.email.send(message.address, row.subject ?? '', message.body)).providerMessageId;
      }
      case 'inapp':
        throw new PermanentDeliveryFailure('in-app messages are delivered to the inbox');
    }
  }
}

/** The inventory elements a message carries (names, never values). */
function elementsOf(channel: Channel, sensitive: boolean): string[] {
  const address = channel === 'sms' ? ['mobile'] : channel === 'email' ? ['email'] : [];
  return sensitive ? [...address, 'messages'] : address;
}

function gatewayName(channel: Channel, s: NotificationsService): string {
  return channel === 'sms' ? s.sms.name : (s.email?.name ?? 'email');
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
