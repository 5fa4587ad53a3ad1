// Data access for search: the encrypted per-account history and the anonymous daily query counts (migration 0050).
import { sql, type Generated, type Kysely, type Transaction } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export type HistoryKind = 'query' | 'click';

export interface SearchHistoryTable {
  id: Generated<string>;
  account_id: string;
  kind: HistoryKind;
  /** keyword or clicked item code, encrypted under the account's subject key */
  value_enc: Buffer;
  /** blind index of kind + value: searching the same again moves the entry up */
  value_hash: Buffer;
  created_at: Date;
}
export interface SearchHotCountsTable {
  query: string;
  day: string;
  count: number;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    search_history: SearchHistoryTable;
    search_hot_counts: SearchHotCountsTable;
  }
}

type Executor = Kysely<Tables> | Transaction<Tables>;
export interface HistoryRow {
  id: string;
  kind: HistoryKind;
  value_enc: Buffer;
  created_at: Date;
}

/** PP-1.9 / inventory: at most 180 days and the latest 50 entries per account. */
export const HISTORY_MAX_DAYS = 180;
export const HISTORY_MAX_ENTRIES = 50;

export const searchRepository = {
  async upsert(tx: Executor, row: { account_id: string; kind: HistoryKind; value_enc: Buffer; value_hash: Buffer; created_at: Date }): Promise<string> {
    const { id } = await tx
      .insertInto('search_history')
      .values(row)
      .onConflict((oc) => oc.columns(['account_id', 'kind', 'value_hash']).doUpdateSet({ value_enc: row.value_enc, created_at: row.created_at }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  /** Drops entries older than the retention period and beyond the newest HISTORY_MAX_ENTRIES. */
  async prune(tx: Executor, accountId: string, now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - HISTORY_MAX_DAYS * 86_400_000);
    const old = await tx.deleteFrom('search_history').where('account_id', '=', accountId).where('created_at', '<', cutoff).executeTakeFirst();
    const keep = tx.selectFrom('search_history').select('id').where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(HISTORY_MAX_ENTRIES);
    const extra = await tx.deleteFrom('search_history').where('account_id', '=', accountId).where('id', 'not in', keep).executeTakeFirst();
    return Number(old.numDeletedRows) + Number(extra.numDeletedRows);
  },

  async list(db: Executor, accountId: string, limit: number): Promise<HistoryRow[]> {
    return db
      .selectFrom('search_history')
      .select(['id', 'kind', 'value_enc', 'created_at'])
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },

  async deleteOne(tx: Executor, accountId: string, id: string): Promise<HistoryKind | null> {
    const row = await tx.deleteFrom('search_history').where('account_id', '=', accountId).where('id', '=', id).returning('kind').executeTakeFirst();
    return row?.kind ?? null;
  },

  async deleteAll(tx: Executor, accountId: string): Promise<number> {
    const r = await tx.deleteFrom('search_history').where('account_id', '=', accountId).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  async count(db: Executor, accountId?: string): Promise<number> {
    let q = db.selectFrom('search_history').select((eb) => eb.fn.countAll<string>().as('n'));
    if (accountId) q = q.where('account_id', '=', accountId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  },

  async addHotCounts(db: Executor, day: string, counts: Map<string, number>): Promise<void> {
    if (!counts.size) return;
    await db
      .insertInto('search_hot_counts')
      .values([...counts].map(([query, count]) => ({ query, day, count })))
      .onConflict((oc) => oc.columns(['query', 'day']).doUpdateSet({ count: sql`search_hot_counts.count + excluded.count` }))
      .execute();
  },

  /** Queries searched at least k times since `since`, most searched first (k-anonymity threshold). */
  async hot(db: Executor, since: string, k: number, limit: number): Promise<{ query: string; count: number }[]> {
    const rows = await db
      .selectFrom('search_hot_counts')
      .select(['query', (eb) => eb.fn.sum<string>('count').as('total')])
      .where('day', '>=', since)
      .groupBy('query')
      .having((eb) => eb.fn.sum('count'), '>=', k)
      .orderBy('total', 'desc')
      .orderBy('query')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ query: r.query, count: Number(r.total) }));
  },
};
