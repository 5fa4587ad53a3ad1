// Tables of the audit trail (migration 0003). Rows are append-only: a trigger rejects UPDATE, DELETE and TRUNCATE.
import type { Kysely } from 'kysely';
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
  /** Inserts the record and moves its chain's head in ONE statement (a data-modifying CTE): the audit trail is on every
   * PI write, so each round trip saved is saved on all of them (issue #3 kernel-cost target). */
  appendAndAdvance: (tx: Executor, row: AuditRecordRow) =>
    tx
      .with('appended', (q) => q.insertInto('audit_records').values(row).returning('id'))
      .updateTable('audit_chain_heads')
      .set({ seq: row.seq, hash: row.hash })
      .where('chain', '=', row.chain)
      .execute(),
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
