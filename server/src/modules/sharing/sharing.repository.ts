// The sharing ledger (LAW-4, GB/T 35273 §9.2): one row per provision of PI to another handler. Migration 0003.
import type { Kysely } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export interface SharingProvisionRow {
  id: string;
  provided_at: Date;
  recipient_id: string;
  purpose_id: string;
  legal_basis: string;
  elements: string[];
  subject_count: number;
  subject_pseudonym: string | null;
  /** only an internal account id (uuid) is ever stored here, never an ID number or mobile */
  subject_account_id: string | null;
  statutory_ground: string | null;
  deidentification_method: string | null;
  audit_record_id: string;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    sharing_provisions: SharingProvisionRow;
  }
}

type Executor = Kysely<Tables>;

export const sharingRepository = {
  insert: (tx: Executor, row: SharingProvisionRow) => tx.insertInto('sharing_provisions').values(row).execute(),
  bySubject: (db: Executor, subjectPseudonym: string) =>
    db.selectFrom('sharing_provisions').selectAll().where('subject_pseudonym', '=', subjectPseudonym).orderBy('provided_at').execute(),
  byRecipient: (db: Executor, recipientId: string, from?: Date, to?: Date) => {
    let q = db.selectFrom('sharing_provisions').selectAll().where('recipient_id', '=', recipientId);
    if (from) q = q.where('provided_at', '>=', from);
    if (to) q = q.where('provided_at', '<', to);
    return q.orderBy('provided_at').execute();
  },
  byId: (db: Executor, id: string) => db.selectFrom('sharing_provisions').selectAll().where('id', '=', id).executeTakeFirst(),
};
