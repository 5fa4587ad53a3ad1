// The sharing ledger (LAW-4, GB/T 35273 §9.2): one row per provision of PI to another handler. Migration 0003.
import type { Generated, Insertable, Kysely } from 'kysely';
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
  /** PP-1.17: 'inbound' = PI received from a declared source (named in recipient_id); migration 0150 */
  direction: 'outbound' | 'inbound';
  /** PP-3.3: the counterparty's jurisdiction, 'CN' = PRC mainland */
  jurisdiction: string;
  /** the consent the movement rested on: 'consent:<consent_records.id>' or 'cross-border:<cross_border_consents.id>' */
  authorisation_ref: string | null;
}

/** PP-3.3 / PIPL art. 39: a separate consent to one cross-border provision, with the notice as shown (migration 0151). */
export interface CrossBorderConsentRow {
  id: string;
  /** insertion order: the latest row is in force even when two share a timestamp */
  seq: Generated<number>;
  /** the internal account id (as consent_records.subject_ref) */
  subject_ref: string;
  recipient_id: string;
  jurisdiction: string;
  purpose_id: string;
  elements: string[];
  notice_zh: string;
  granted: boolean;
  created_at: Date;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    sharing_provisions: SharingProvisionRow;
    cross_border_consents: CrossBorderConsentRow;
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
  /**
   * PP-1.17: the latest consent record of an account for a purpose, read in the caller's transaction (the privacy
   * module's consent_records; read-only here, so a receipt re-checks the authorisation where it stores the data).
   */
  latestConsent: (tx: Executor, accountId: string, purposeId: string) =>
    tx.selectFrom('consent_records').select(['id', 'granted']).where('subject_kind', '=', 'account').where('subject_ref', '=', accountId).where('purpose_id', '=', purposeId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst(),
  insertCrossBorderConsent: (tx: Executor, row: Insertable<CrossBorderConsentRow>) => tx.insertInto('cross_border_consents').values(row).execute(),
  /** the latest cross-border consent record of a subject for a recipient (the one in force) */
  latestCrossBorderConsent: (db: Executor, subjectRef: string, recipientId: string) =>
    db.selectFrom('cross_border_consents').selectAll().where('subject_ref', '=', subjectRef).where('recipient_id', '=', recipientId)
      .orderBy('seq', 'desc').limit(1).executeTakeFirst(),
};
