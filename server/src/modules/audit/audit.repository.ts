// Tables of the audit trail (migration 0003). Rows are append-only: a trigger rejects UPDATE, DELETE and TRUNCATE.
import { sql, type Kysely, type OperationNodeSource } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export type ActorKind = 'citizen' | 'staff' | 'job' | 'partner' | 'system';

export interface AuditRecordRow {
  id: string;
  chain: number;
  seq: number;
  occurred_at: Date;
  actor_kind: ActorKind;
  actor_ref: string | null;
  action: string;
  subject_pseudonym: string | null;
  elements: string[];
  purpose_id: string | null;
  legal_basis: string | null;
  details: Record<string, unknown>;
  prev_hash: Buffer;
  hash: Buffer;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    audit_chain_heads: { chain: number; seq: number; hash: Buffer };
    audit_records: AuditRecordRow;
    audit_checkpoints: { chain: number; seq: number; hash: Buffer; signed_at: Date; signature: Buffer };
  }
}

type Executor = Kysely<Tables>;

export const auditRepository = {
  /** Locks the head of one chain until the caller's transaction ends; other chains stay free. */
  lockHead: (tx: Executor, chain: number) =>
    tx.selectFrom('audit_chain_heads').select(['seq', 'hash']).where('chain', '=', chain).forUpdate().executeTakeFirstOrThrow(),
  /**
   * Appends a record to its chain in ONE statement: lock the chain's head row, link the record to it
   * (hash = sha256(prev ‖ digest ‖ seq), see hash.ts), advance the head, insert. The audit trail is on every PI write,
   * so a single round trip matters (issue #3 kernel-cost target); the row lock serialises writers of one chain only.
   */
  append: async (tx: Executor, row: Omit<AuditRecordRow, 'seq' | 'prev_hash' | 'hash'>, digest: Buffer, alongside: readonly OperationNodeSource[] = []) => {
    // The operation's own writes may ride in the same statement as data-modifying CTEs: one statement is atomic, so
    // the record exists exactly when they do, and a hot path (sign-in) pays one round trip instead of a transaction's.
    const before = alongside.length ? sql`${sql.join(alongside.map((q, i) => sql`${sql.raw(`op${i}`)} as (${q})`))},` : sql``;
    const { rows } = await sql<{ seq: number; hash: Buffer }>`
      with ${before} cur as (select seq, hash from audit_chain_heads where chain = ${row.chain} for update),
      adv as (
        update audit_chain_heads h set seq = cur.seq + 1, hash = sha256(cur.hash || ${digest}::bytea || int8send(cur.seq + 1))
          from cur where h.chain = ${row.chain}
        returning h.seq, h.hash, cur.hash as prev_hash)
      insert into audit_records (id, chain, seq, occurred_at, actor_kind, actor_ref, action, subject_pseudonym, elements,
                                 purpose_id, legal_basis, details, prev_hash, hash)
      select ${row.id}::uuid, ${row.chain}, adv.seq, ${row.occurred_at}, ${row.actor_kind}, ${row.actor_ref}, ${row.action},
             ${row.subject_pseudonym}, ${row.elements}::text[], ${row.purpose_id}, ${row.legal_basis}, ${JSON.stringify(row.details)}::jsonb,
             adv.prev_hash, adv.hash
        from adv
      returning seq, hash`.execute(tx);
    if (rows.length !== 1) throw new Error(`audit chain ${row.chain} has no head row`);
    return { seq: Number(rows[0]!.seq), hash: Buffer.from(rows[0]!.hash) };
  },
  heads: (db: Executor) => db.selectFrom('audit_chain_heads').selectAll().orderBy('chain').execute(),
  lastCheckpoint: (db: Executor, chain: number) =>
    db.selectFrom('audit_checkpoints').selectAll().where('chain', '=', chain).orderBy('seq', 'desc').limit(1).executeTakeFirst(),
  insertCheckpoint: (db: Executor, row: Tables['audit_checkpoints']) =>
    db.insertInto('audit_checkpoints').values(row).onConflict((oc) => oc.columns(['chain', 'seq']).doNothing()).execute(),
  checkpoints: (db: Executor, chain: number) =>
    db.selectFrom('audit_checkpoints').selectAll().where('chain', '=', chain).orderBy('seq').execute(),
  page: (db: Executor, chain: number, afterSeq: number, limit: number) =>
    db.selectFrom('audit_records').selectAll().where('chain', '=', chain).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute(),
  bySubject: (db: Executor, subjectPseudonym: string) =>
    db.selectFrom('audit_records').selectAll().where('subject_pseudonym', '=', subjectPseudonym).orderBy('occurred_at').execute(),
};
