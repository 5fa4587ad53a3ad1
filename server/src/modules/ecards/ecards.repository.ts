// Data access for 电子卡证 (migration 0120).
import type { Generated, Kysely, Transaction } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export interface EcardsTable {
  id: Generated<string>;
  account_id: string;
  kind: string;
  /** the card number, AES-GCM under the account's subject key (aad 'ecards.card_number') */
  number_enc: Buffer;
  number_masked: string;
  valid_from: string | null;
  /** null: 长期 (no expiry) */
  valid_until: string | null;
  created_at: Date;
  reminded_30_at: Date | null;
  reminded_7_at: Date | null;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    ecards: EcardsTable;
  }
}

type Executor = Kysely<Tables> | Transaction<Tables>;
export type CardRow = Omit<EcardsTable, 'id'> & { id: string };

export const ecardsRepository = {
  async insert(tx: Executor, row: Omit<CardRow, 'id' | 'reminded_30_at' | 'reminded_7_at'>): Promise<CardRow | null> {
    const r = await tx
      .insertInto('ecards')
      .values(row)
      .onConflict((oc) => oc.columns(['account_id', 'kind']).doNothing())
      .returningAll()
      .executeTakeFirst();
    return r ?? null;
  },

  list(db: Executor, accountId: string): Promise<CardRow[]> {
    return db.selectFrom('ecards').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute();
  },

  get(db: Executor, accountId: string, id: string): Promise<CardRow | undefined> {
    return db.selectFrom('ecards').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  },

  byId(db: Executor, id: string): Promise<CardRow | undefined> {
    return db.selectFrom('ecards').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** A card renewed at its issuing department: new number/validity, reminders due again. */
  async replaceData(tx: Executor, accountId: string, id: string, v: Pick<CardRow, 'number_enc' | 'number_masked' | 'valid_from' | 'valid_until'>): Promise<CardRow | null> {
    const r = await tx.updateTable('ecards').set({ ...v, reminded_30_at: null, reminded_7_at: null }).where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirst();
    return r ?? null;
  },

  async remove(tx: Executor, accountId: string, id: string): Promise<CardRow | null> {
    return (await tx.deleteFrom('ecards').where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirst()) ?? null;
  },

  async removeAll(tx: Executor, accountId: string): Promise<string[]> {
    return (await tx.deleteFrom('ecards').where('account_id', '=', accountId).returning('id').execute()).map((r) => r.id);
  },

  /** Cards whose validity ends on or before `until` and on or after `from`, with a reminder still due. */
  dueForReminder(db: Executor, from: string, until: string): Promise<CardRow[]> {
    return db
      .selectFrom('ecards')
      .selectAll()
      .where('valid_until', '>=', from)
      .where('valid_until', '<=', until)
      .where((eb) => eb.or([eb('reminded_30_at', 'is', null), eb('reminded_7_at', 'is', null)]))
      .orderBy('valid_until')
      .orderBy('id')
      .execute();
  },

  async markReminded(tx: Executor, id: string, threshold: 30 | 7, at: Date): Promise<boolean> {
    const col = threshold === 30 ? 'reminded_30_at' : 'reminded_7_at';
    const r = await tx.updateTable('ecards').set({ [col]: at }).where('id', '=', id).where(col, 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async accounts(db: Executor): Promise<string[]> {
    return (await db.selectFrom('ecards').select('account_id').distinct().execute()).map((r) => r.account_id);
  },
};
