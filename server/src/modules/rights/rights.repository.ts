// Tables of the rights centre (migration 0080).
import type { Kysely } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';

export type RequestKind = 'delete-category' | 'delete-all' | 'guardian-delete' | 'correction' | 'other';
export type RequestStatus = 'received' | 'in-progress' | 'fulfilled' | 'partially-fulfilled' | 'refused';

export interface RightsRequestRow {
  id: string;
  account_id: string;
  subject_account_id: string;
  kind: RequestKind;
  target: string | null;
  status: RequestStatus;
  received_at: Date;
  due_date: string;
  assigned_to: string | null;
  identity_verified: boolean;
  refusal_ground: string | null;
  response: string | null;
  receipt: unknown;
  handled_at: Date | null;
}

export interface RightsExportRow {
  id: string;
  account_id: string;
  status: 'queued' | 'building' | 'ready' | 'failed' | 'expired';
  progress: number;
  requested_at: Date;
  ready_at: Date | null;
  expires_at: Date | null;
  zip_enc: Buffer | null;
  byte_size: number | null;
}

export interface RightsFeedbackRow {
  id: string;
  account_id: string;
  text_enc: Buffer;
  screenshot_enc: Buffer | null;
  screenshot_mime: string | null;
  received_at: Date;
  due_date: string;
  reply: string | null;
  replied_at: Date | null;
  replied_by: string | null;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    rights_requests: RightsRequestRow;
    rights_exports: RightsExportRow;
    rights_feedback: RightsFeedbackRow;
    rights_storage_only: { id: string; source_table: string; subject_pseudonym: string; data: unknown; reason: string; law: string; purge_after: Date; stored_at: Date };
  }
}

export type Db = Kysely<Tables>;

/** due_date comes back as a Date from node-postgres and a string from PGlite: always 'YYYY-MM-DD'. */
export function dateOnly(v: unknown): string {
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
}
