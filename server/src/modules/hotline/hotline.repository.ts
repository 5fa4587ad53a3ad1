// Rows of the hotline tables and the queries over them. Every write takes the caller's transaction.
import type { Generated, Kysely } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import type { RequestType, Channel } from './catalogue.ts';
import type { Rating, Status } from './workflow.ts';

export interface HotlineRequestRow {
  id: string;
  tracking_no: string;
  channel: Channel;
  mailbox_recipient: string | null;
  publish_consent: boolean;
  partner_client_id: string | null;
  type: RequestType;
  account_id: string | null;
  title_enc: Buffer;
  description_enc: Buffer;
  contact_name_enc: Buffer | null;
  contact_gender: 'male' | 'female' | null;
  contact_mobile_enc: Buffer | null;
  contact_email_enc: Buffer | null;
  contact_id_number_enc: Buffer | null;
  contact_verified: boolean;
  confidential: boolean;
  location_enc: Buffer | null;
  division_code: string | null;
  status: Status;
  suggested_org: string | null;
  lead_org: string | null;
  received_at: Date;
  due_date: string;
  dispatched_at: Date | null;
  signed_at: Date | null;
  closed_at: Date | null;
  extension_pending: boolean;
  extension_days: number | null;
  extension_count: number;
  reopen_count: number;
  return_count: number;
  reply_draft_enc: Buffer | null;
  reply_enc: Buffer | null;
  replied_at: Date | null;
  rating: Rating | null;
  rating_comment_enc: Buffer | null;
  rated_at: Date | null;
  called_back_at: Date | null;
  merged_into: string | null;
  warned_at: Date | null;
  escalated_at: Date | null;
  policy_version: number;
  version: number;
  created_at: Date;
}

export interface HotlineAssignmentRow {
  id: string;
  request_id: string;
  organisation_id: string;
  role: 'lead' | 'assist';
  assigned_at: Date;
  sign_due: string;
  return_due: string;
  signed_at: Date | null;
  ended_at: Date | null;
  provision_id: string | null;
}

export interface HotlineEventRow {
  id: Generated<string>;
  request_id: string;
  event: string;
  from_status: string | null;
  to_status: string;
  actor_kind: string;
  actor_ref: string | null;
  organisation_id: string | null;
  note_enc: Buffer | null;
  basis: string | null;
  visible: boolean;
  occurred_at: Date;
  notified_at: Date | null;
}

export interface HotlineAttachmentRow {
  id: string;
  /** the uploader's account; after account cancellation the attachment's own id (re-keyed as a statutory record) */
  account_id: string;
  request_id: string | null;
  kind: 'photo' | 'voice';
  mime: string;
  byte_size: number;
  duration_seconds: number | null;
  data_enc: Buffer;
  created_at: Date;
}

export interface HotlineTypeSettingsRow {
  type: RequestType;
  working_days: number;
  id_number_revealable: boolean;
  max_extensions: number;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    hotline_requests: HotlineRequestRow;
    hotline_assignments: HotlineAssignmentRow;
    hotline_events: HotlineEventRow;
    hotline_attachments: HotlineAttachmentRow;
    hotline_type_settings: HotlineTypeSettingsRow;
  }
}

type Executor = Kysely<Tables>;

/** Dates come back from PostgreSQL as Date and from PGlite sometimes as strings; due dates as 'YYYY-MM-DD'. */
export function dateText(v: unknown): string {
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
}

export function normaliseRequest(r: HotlineRequestRow): HotlineRequestRow {
  return { ...r, due_date: dateText(r.due_date) };
}

export const hotlineRepository = {
  async typeSettings(db: Executor): Promise<Map<RequestType, HotlineTypeSettingsRow>> {
    const rows = await db.selectFrom('hotline_type_settings').selectAll().execute();
    return new Map(rows.map((r) => [r.type, r]));
  },

  async insertRequest(tx: Executor, row: HotlineRequestRow): Promise<void> {
    await tx.insertInto('hotline_requests').values(row).execute();
  },

  async lockRequest(tx: Executor, id: string): Promise<HotlineRequestRow | undefined> {
    const r = await tx.selectFrom('hotline_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    return r ? normaliseRequest(r) : undefined;
  },

  async getRequest(db: Executor, id: string): Promise<HotlineRequestRow | undefined> {
    const r = await db.selectFrom('hotline_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? normaliseRequest(r) : undefined;
  },

  async updateRequest(tx: Executor, id: string, patch: Partial<HotlineRequestRow>): Promise<void> {
    await tx
      .updateTable('hotline_requests')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  },

  /** Inserts a step; returns its id. */
  async insertEvent(tx: Executor, row: Omit<HotlineEventRow, 'id' | 'notified_at'>): Promise<number> {
    const r = await tx.insertInto('hotline_events').values({ ...row, notified_at: null }).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  },

  events(db: Executor, requestId: string) {
    return db.selectFrom('hotline_events').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
  },

  assignments(db: Executor, requestId: string) {
    return db.selectFrom('hotline_assignments').selectAll().where('request_id', '=', requestId).orderBy('assigned_at').execute();
  },

  activeAssignment(db: Executor, requestId: string, organisationId: string) {
    return db
      .selectFrom('hotline_assignments')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('organisation_id', '=', organisationId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
  },

  async insertAssignment(tx: Executor, row: HotlineAssignmentRow): Promise<void> {
    await tx.insertInto('hotline_assignments').values(row).execute();
  },

  async endAssignments(tx: Executor, requestId: string, at: Date): Promise<void> {
    await tx.updateTable('hotline_assignments').set({ ended_at: at }).where('request_id', '=', requestId).where('ended_at', 'is', null).execute();
  },

  async markSigned(tx: Executor, requestId: string, organisationId: string, at: Date): Promise<void> {
    await tx
      .updateTable('hotline_assignments')
      .set({ signed_at: at })
      .where('request_id', '=', requestId)
      .where('organisation_id', '=', organisationId)
      .where('ended_at', 'is', null)
      .execute();
  },

  attachmentsOf(db: Executor, requestId: string) {
    return db
      .selectFrom('hotline_attachments')
      .select(['id', 'kind', 'mime', 'byte_size', 'duration_seconds', 'created_at'])
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .execute();
  },
};
