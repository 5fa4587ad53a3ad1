// Data access for joint promotions (PP-2.4, migration 0170): the activities and who takes part in them.
import type { Generated, Kysely, Transaction } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export type PromotionKind = 'coupon' | 'lottery';
export type PromotionState = 'draft' | 'published' | 'closed';

export interface PromotionsTable {
  id: Generated<string>;
  title: string;
  description: string;
  kind: PromotionKind;
  co_organiser_name: string;
  co_organiser_contact: string;
  /** element ids (privacy inventory) provided to the co-organiser: what the activity page announces */
  shared_elements: string[];
  starts_on: string;
  ends_on: string;
  state: Generated<PromotionState>;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  closed_at: Date | null;
}

export interface PromotionParticipantsTable {
  id: Generated<string>;
  promotion_id: string;
  account_id: string;
  /** consent_records.id of the join tap */
  consent_record_id: number | string;
  joined_at: Date;
  left_at: Date | null;
  left_reason: 'left' | 'consent-withdrawn' | null;
  shared_at: Date | null;
  /** sharing_provisions.id of the provision to the co-organiser */
  provision_id: string | null;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    promotions: PromotionsTable;
    promotion_participants: PromotionParticipantsTable;
  }
}

type Executor = Kysely<Tables> | Transaction<Tables>;
export type PromotionRow = Omit<PromotionsTable, 'id' | 'state'> & { id: string; state: PromotionState };
export type ParticipantRow = Omit<PromotionParticipantsTable, 'id'> & { id: string };
export interface ParticipantCounts {
  active: number;
  left: number;
  shared: number;
}

export const promotionsRepository = {
  async insert(tx: Executor, row: Omit<PromotionRow, 'id' | 'state' | 'published_at' | 'closed_at'>): Promise<PromotionRow> {
    return (await tx.insertInto('promotions').values(row).returningAll().executeTakeFirstOrThrow()) as PromotionRow;
  },

  async get(db: Executor, id: string, forUpdate = false): Promise<PromotionRow | undefined> {
    let q = db.selectFrom('promotions').selectAll().where('id', '=', id);
    if (forUpdate) q = q.forUpdate();
    return (await q.executeTakeFirst()) as PromotionRow | undefined;
  },

  async list(db: Executor, states: PromotionState[]): Promise<PromotionRow[]> {
    return (await db.selectFrom('promotions').selectAll().where('state', 'in', states).orderBy('starts_on', 'desc').orderBy('created_at', 'desc').execute()) as PromotionRow[];
  },

  async update(tx: Executor, id: string, values: Partial<Omit<PromotionRow, 'id' | 'created_by' | 'created_at'>>): Promise<PromotionRow> {
    return (await tx.updateTable('promotions').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow()) as PromotionRow;
  },

  async counts(db: Executor): Promise<Map<string, ParticipantCounts>> {
    const rows = await db
      .selectFrom('promotion_participants')
      .select((eb) => [
        'promotion_id',
        eb.fn.countAll<string>().filterWhere('left_at', 'is', null).as('active'),
        eb.fn.countAll<string>().filterWhere('left_at', 'is not', null).as('left'),
        eb.fn.countAll<string>().filterWhere('shared_at', 'is not', null).as('shared'),
      ])
      .groupBy('promotion_id')
      .execute();
    return new Map(rows.map((r) => [r.promotion_id, { active: Number(r.active), left: Number(r.left), shared: Number(r.shared) }]));
  },

  participation(db: Executor, promotionId: string, accountId: string): Promise<ParticipantRow | undefined> {
    return db.selectFrom('promotion_participants').selectAll().where('promotion_id', '=', promotionId).where('account_id', '=', accountId).executeTakeFirst();
  },

  mine(db: Executor, accountId: string): Promise<ParticipantRow[]> {
    return db.selectFrom('promotion_participants').selectAll().where('account_id', '=', accountId).orderBy('joined_at', 'desc').execute();
  },

  /** Joins, or joins again after leaving: a new consent record, left_at cleared; an earlier provision stays recorded. */
  async join(tx: Executor, row: { promotion_id: string; account_id: string; consent_record_id: number; joined_at: Date }): Promise<ParticipantRow> {
    return tx
      .insertInto('promotion_participants')
      .values({ ...row, left_at: null, left_reason: null, shared_at: null, provision_id: null })
      .onConflict((oc) => oc.columns(['promotion_id', 'account_id']).doUpdateSet({ consent_record_id: row.consent_record_id, joined_at: row.joined_at, left_at: null, left_reason: null }))
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  async leave(tx: Executor, accountId: string, at: Date, reason: 'left' | 'consent-withdrawn', promotionId?: string): Promise<ParticipantRow[]> {
    let q = tx.updateTable('promotion_participants').set({ left_at: at, left_reason: reason }).where('account_id', '=', accountId).where('left_at', 'is', null);
    if (promotionId) q = q.where('promotion_id', '=', promotionId);
    return q.returningAll().execute();
  },

  async activeCount(db: Executor, accountId: string): Promise<number> {
    const r = await db.selectFrom('promotion_participants').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', '=', accountId).where('left_at', 'is', null).executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /** participants still in the activity whose information has not been provided yet */
  due(db: Executor, promotionId: string): Promise<ParticipantRow[]> {
    return db.selectFrom('promotion_participants').selectAll().where('promotion_id', '=', promotionId).where('left_at', 'is', null).where('shared_at', 'is', null).orderBy('joined_at').orderBy('id').execute();
  },

  /** inside the hand-over transaction: the row again, locked, so a leave committed meanwhile is seen */
  async lockDue(tx: Executor, id: string): Promise<ParticipantRow | undefined> {
    return tx.selectFrom('promotion_participants').selectAll().where('id', '=', id).where('left_at', 'is', null).where('shared_at', 'is', null).forUpdate().executeTakeFirst();
  },

  markShared(tx: Executor, id: string, at: Date, provisionId: string) {
    return tx.updateTable('promotion_participants').set({ shared_at: at, provision_id: provisionId }).where('id', '=', id).execute();
  },

  /** the account's latest consent record for a purpose, read in the caller's transaction (privacy's consent_records, read-only) */
  latestConsent(tx: Executor, accountId: string, purposeId: string) {
    return tx.selectFrom('consent_records').select(['id', 'granted']).where('subject_kind', '=', 'account').where('subject_ref', '=', accountId).where('purpose_id', '=', purposeId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  },
};
