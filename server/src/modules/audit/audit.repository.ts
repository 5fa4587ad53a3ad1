// Tables of the audit trail (migration 0003). Rows are append-only: a trigger rejects UPDATE, DELETE and TRUNCATE.
import { sql, type Kysely, type OperationNodeSource, type RawBuilder } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export type ActorKind = 'citizen' | 'staff' | 'job' | 'partner' | 'system';

export interface AuditRecordRow {
  id: string;
  chain: number;
  occurred_at: Date;
  actor_kind: ActorKind;
  actor_ref: string | null;
  action: string;
  subject_pseudonym: string | null;
  elements: string[];
  purpose_id: string | null;
  legal_basis: string | null;
  details: Record<string, unknown>;
  /** id of the transaction that wrote the record (xid8, as text); set by the database */
  txid: string;
}

/** A record's place in its hash chain, written by the linker (migration 0163). */
export interface AuditLinkRow {
  chain: number;
  seq: number;
  record_id: string;
  prev_hash: Buffer;
  hash: Buffer;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    audit_chain_heads: { chain: number; seq: number; hash: Buffer; linked_below: string };
    audit_records: AuditRecordRow;
    audit_links: AuditLinkRow;
    audit_checkpoints: { chain: number; seq: number; hash: Buffer; signed_at: Date; signature: Buffer };
  }
}

type Executor = Kysely<Tables>;

export type NewAuditRecord = Omit<AuditRecordRow, 'txid'>;

/** How far the linker got: every record with a txid below this is linked (the heads advance together; the lowest
 * counts). '1' — below the first normal transaction id — before any linking. */
export function linkedBelow(heads: readonly { linked_below: string }[]): string {
  return heads.reduce((m, h) => (BigInt(h.linked_below) < BigInt(m) ? h.linked_below : m), heads[0]?.linked_below ?? '1');
}

export const auditRepository = {
  /**
   * Appends a record: ONE plain insert, no lock, nothing read. It is linked into its chain later by `link` (the
   * sealing job), so the audit trail — on every PI write of the platform — costs writers one index-light insert and
   * never makes them wait for each other (issue #3 kernel-cost target; ADR 0002).
   */
  append: async (tx: Executor, row: NewAuditRecord, alongside: readonly OperationNodeSource[] = [], requires?: RawBuilder<boolean>) => {
    // The operation's own writes may ride in the same statement as data-modifying CTEs: one statement is atomic, so
    // the record exists exactly when they do, and a hot path (sign-in) pays one round trip instead of a transaction's.
    const before = alongside.length ? sql`with ${sql.join(alongside.map((q, i) => sql`${sql.raw(`op${i}`)} as (${q})`))} ` : sql``;
    // `requires`: a condition the statement must meet, e.g. the purpose guard's consent test (privacy guard `within`);
    // it raises when unmet, which undoes the record and every write riding with it.
    const values = sql`${row.id}::uuid, ${row.chain}, ${row.occurred_at}, ${row.actor_kind}, ${row.actor_ref}, ${row.action},
              ${row.subject_pseudonym}, ${row.elements}::text[], ${row.purpose_id}, ${row.legal_basis}, ${JSON.stringify(row.details)}::jsonb`;
    await sql`
      ${before}insert into audit_records (id, chain, occurred_at, actor_kind, actor_ref, action, subject_pseudonym, elements,
                                 purpose_id, legal_basis, details)
      ${requires ? sql`select ${values} where ${requires}` : sql`values (${values})`}`.execute(tx);
  },
  /** Locks every chain head until the transaction ends: one linker at a time (writers never take this lock). */
  lockHeads: (tx: Executor) => tx.selectFrom('audit_chain_heads').selectAll().orderBy('chain').forUpdate().execute(),
  /** The oldest transaction id still running: every record with a smaller txid belongs to a finished transaction. */
  horizon: async (tx: Executor) => (await sql<{ h: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as h`.execute(tx)).rows[0]!.h,
  /** Records of finished transactions not linked yet, in linking order (txid, id), one page after the keyset `after`. */
  unlinked: (tx: Executor, from: string, below: string, after: { txid: string; id: string } | null, limit: number) => {
    let q = tx.selectFrom('audit_records').selectAll()
      .where(sql<boolean>`txid >= ${from}::xid8 and txid < ${below}::xid8`);
    if (after) q = q.where(sql<boolean>`(txid, id) > (${after.txid}::xid8, ${after.id}::uuid)`);
    return q.orderBy('txid').orderBy('id').limit(limit).execute();
  },
  insertLinks: (tx: Executor, links: AuditLinkRow[]) => tx.insertInto('audit_links').values(links).execute(),
  advanceHead: (tx: Executor, chain: number, seq: number, hash: Buffer, below: string) =>
    tx.updateTable('audit_chain_heads').set({ seq, hash, linked_below: sql`${below}::xid8` as any }).where('chain', '=', chain).execute(),
  heads: (db: Executor) => db.selectFrom('audit_chain_heads').selectAll().orderBy('chain').execute(),
  lastCheckpoint: (db: Executor, chain: number) =>
    db.selectFrom('audit_checkpoints').selectAll().where('chain', '=', chain).orderBy('seq', 'desc').limit(1).executeTakeFirst(),
  insertCheckpoint: (db: Executor, row: Tables['audit_checkpoints']) =>
    db.insertInto('audit_checkpoints').values(row).onConflict((oc) => oc.columns(['chain', 'seq']).doNothing()).execute(),
  checkpoints: (db: Executor, chain: number) =>
    db.selectFrom('audit_checkpoints').selectAll().where('chain', '=', chain).orderBy('seq').execute(),
  /** One page of a chain's links with the records they point to (record columns null when the record is gone). */
  linkedPage: (db: Executor, chain: number, afterSeq: number, limit: number) =>
    db.selectFrom('audit_links as l').leftJoin('audit_records as r', 'r.id', 'l.record_id')
      .select(['l.chain', 'l.seq', 'l.record_id', 'l.prev_hash', 'l.hash',
        'r.id', 'r.occurred_at', 'r.actor_kind', 'r.actor_ref', 'r.action', 'r.subject_pseudonym', 'r.elements', 'r.purpose_id', 'r.legal_basis', 'r.details', 'r.chain as record_chain'])
      .where('l.chain', '=', chain).where('l.seq', '>', afterSeq).orderBy('l.seq').limit(limit).execute(),
  /** A record below the linker's horizon that has no link: it was put there after its chain was linked. */
  firstUnlinkedBelow: (db: Executor, below: string) =>
    db.selectFrom('audit_records as r').select(['r.id', 'r.chain'])
      .where(sql<boolean>`r.txid < ${below}::xid8`)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('audit_links as l').select('l.seq').whereRef('l.record_id', '=', 'r.id'))))
      .limit(1).executeTakeFirst(),
  countUnlinkedFrom: async (db: Executor, from: string) =>
    Number((await db.selectFrom('audit_records').select((eb) => eb.fn.countAll<string>().as('n')).where(sql<boolean>`txid >= ${from}::xid8`).executeTakeFirstOrThrow()).n),
  bySubject: (db: Executor, subjectPseudonym: string) =>
    db.selectFrom('audit_records').selectAll().where('subject_pseudonym', '=', subjectPseudonym).orderBy('occurred_at').orderBy('txid').execute(),
};
