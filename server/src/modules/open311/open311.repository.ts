// The Open311 tables (migration 0100): partner clients with hashed api keys, and one row per partner submission.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export interface Open311ClientRow {
  client_id: string;
  name: string;
  organisation: string;
  key_hash: Buffer;
  key_prefix: string;
  scopes: string[];
  created_at: Date;
  revoked_at: Date | null;
}

export interface Open311SubmissionRow {
  token: string;
  request_id: string;
  client_id: string;
  contact_elements: string[];
  created_at: Date;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    open311_clients: Open311ClientRow;
    open311_submissions: Open311SubmissionRow;
  }
}

type Db = Kysely<Tables>;

/** sha-256 of an api key: keys are 256-bit random strings, so a slow password hash would add nothing but latency. */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export const open311Repository = {
  async clientByKey(db: Db, key: string): Promise<Open311ClientRow | undefined> {
    return db.selectFrom('open311_clients').selectAll().where('key_hash', '=', hashKey(key)).where('revoked_at', 'is', null).executeTakeFirst();
  },
  async upsertClient(db: Db, row: Open311ClientRow): Promise<void> {
    await db
      .insertInto('open311_clients')
      .values(row)
      .onConflict((oc) =>
        oc.column('client_id').doUpdateSet({ name: row.name, organisation: row.organisation, key_hash: row.key_hash, key_prefix: row.key_prefix, scopes: row.scopes, revoked_at: null }),
      )
      .execute();
  },
  async revokeClient(db: Db, clientId: string, at: Date): Promise<void> {
    await db.updateTable('open311_clients').set({ revoked_at: at }).where('client_id', '=', clientId).execute();
  },
  async insertSubmission(db: Db, row: Open311SubmissionRow): Promise<void> {
    await db.insertInto('open311_submissions').values(row).execute();
  },
  async submissionByToken(db: Db, token: string): Promise<Open311SubmissionRow | undefined> {
    return db.selectFrom('open311_submissions').selectAll().where('token', '=', token).executeTakeFirst();
  },
};
