// Data access for the notifications module, and the declaration of its tables (migrations 0004, 0006).
import type { Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import type { Locale } from './templates.ts';

export type Channel = 'sms' | 'email' | 'inapp';
export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'temporary-failure' | 'permanent-failure';
export type RecipientKind = 'account' | 'pseudonym';

export interface NotificationOutboxTable {
  id: Generated<string>;
  recipient_kind: RecipientKind;
  recipient_ref: string;
  channel: Channel;
  template: string;
  locale: Locale;
  /** mobile or email, encrypted under the recipient's subject key (FieldCipher); nulled at a final state */
  to_address_enc: Buffer | null;
  subject: string | null;
  /** plaintext body of a non-sensitive template */
  body: string | null;
  /** encrypted body of a sensitive template (OTP, PI) while pending; nulled at a final state */
  body_enc: Buffer | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
  delivered_at: Date | null;
}

export interface NotificationInboxTable {
  id: Generated<string>;
  account_id: string;
  outbox_id: string | null;
  title: string;
  body: string;
  read_at: Date | null;
  created_at: Generated<Date>;
}

export interface SmsSandboxMessagesTable {
  id: Generated<string>;
  provider_message_id: string;
  mobile: string;
  body: string;
  sent_at: Date;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    notification_outbox: NotificationOutboxTable;
    notification_inbox: NotificationInboxTable;
    sms_sandbox_messages: SmsSandboxMessagesTable;
  }
}

export type OutboxRow = Selectable<NotificationOutboxTable>;
export type InboxRow = Selectable<NotificationInboxTable>;
export type SandboxSmsRow = Selectable<SmsSandboxMessagesTable>;
type Executor = Kysely<Tables> | Transaction<Tables>;

export type NewOutboxRow = Pick<
  NotificationOutboxTable,
  'recipient_kind' | 'recipient_ref' | 'channel' | 'template' | 'locale' | 'to_address_enc' | 'subject' | 'body' | 'body_enc'
> & { created_at: Date };

export class NotificationsRepository {
  readonly #db: Kysely<Tables>;
  constructor(db: Kysely<Tables>) {
    this.#db = db;
  }

  async insertOutbox(tx: Executor, row: NewOutboxRow): Promise<string> {
    const { id } = await tx
      .insertInto('notification_outbox')
      .values({ ...row, last_error: null, provider_message_id: null, sent_at: null, delivered_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async findOutbox(id: string, tx: Executor = this.#db): Promise<OutboxRow | undefined> {
    return tx.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Claims a row for delivery: only rows not yet in a final state; counts the attempt. */
  async claim(id: string): Promise<OutboxRow | undefined> {
    return this.#db
      .updateTable('notification_outbox')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'sending', 'temporary-failure'])
      .returningAll()
      .executeTakeFirst();
  }

  async markDelivered(
    id: string,
    at: Date,
    providerMessageId: string | null,
    clearBody: boolean,
    tx: Executor = this.#db,
  ): Promise<void> {
    await tx
      .updateTable('notification_outbox')
      .set({
        status: 'delivered',
        sent_at: at,
        delivered_at: at,
        provider_message_id: providerMessageId,
        last_error: null,
        to_address_enc: null,
        body_enc: null,
        ...(clearBody ? { body: null } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async markTemporaryFailure(id: string, error: string): Promise<void> {
    await this.#db.updateTable('notification_outbox').set({ status: 'temporary-failure', last_error: error }).where('id', '=', id).execute();
  }

  async markPermanentFailure(id: string, error: string, clearBody: boolean): Promise<void> {
    await this.#db
      .updateTable('notification_outbox')
      .set({ status: 'permanent-failure', last_error: error, to_address_enc: null, body_enc: null, ...(clearBody ? { body: null } : {}) })
      .where('id', '=', id)
      .execute();
  }

  /** Runs `fn` in a transaction (delivery: the status change and its audit record commit together). */
  transaction<T>(fn: (tx: Transaction<Tables>) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute(fn);
  }

  /** In-app delivery: the inbox entry and the outbox status change commit together (idempotent on outbox_id). */
  async deliverToInbox(row: OutboxRow, body: string, at: Date, clearBody: boolean): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      await tx
        .insertInto('notification_inbox')
        .values({ account_id: row.recipient_ref, outbox_id: row.id, title: row.subject ?? '', body, read_at: null, created_at: at })
        .onConflict((oc) => oc.column('outbox_id').doNothing())
        .execute();
      await this.markDelivered(row.id, at, null, clearBody, tx);
    });
  }

  async listInbox(accountId: string, limit: number): Promise<InboxRow[]> {
    return this.#db
      .selectFrom('notification_inbox')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async countUnread(accountId: string): Promise<number> {
    const r = await this.#db
      .selectFrom('notification_inbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Marks one of the account's own messages read; undefined when it is not theirs (or does not exist). */
  async markRead(accountId: string, id: string, at: Date): Promise<InboxRow | undefined> {
    const updated = await this.#db
      .updateTable('notification_inbox')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (updated) return updated;
    return this.#db.selectFrom('notification_inbox').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  }

  async listOutbox(filter: { status?: OutboxStatus; channel?: Channel; limit: number; before?: Date }): Promise<OutboxRow[]> {
    let q = this.#db.selectFrom('notification_outbox').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.channel) q = q.where('channel', '=', filter.channel);
    if (filter.before) q = q.where('created_at', '<', filter.before);
    return q.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
  }

  async listSandboxSms(limit: number, mobile?: string): Promise<SandboxSmsRow[]> {
    let q = this.#db.selectFrom('sms_sandbox_messages').selectAll();
    if (mobile) q = q.where('mobile', '=', mobile);
    return q.orderBy('sent_at', 'desc').orderBy('id').limit(limit).execute();
  }
}
