// Tables of the incidents module (migration 0110).
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import type { IncidentStatus, Severity } from './incidents.workflow.ts';
import type { NoticeDraft } from './incidents.notice.ts';

export interface SecurityIncidentRow {
  id: string;
  title: string;
  summary: string;
  detected_at: Date;
  opened_at: Date;
  opened_by: string;
  elements: string[];
  cause: string;
  possible_harm: string;
  severity: Severity;
  unreachable: boolean;
  status: IncidentStatus;
  report_due_at: Date;
  notice: NoticeDraft | null;
  notice_updated_at: Date | null;
  public_notice_at: Date | null;
  closed_at: Date | null;
}

export interface SecurityIncidentStepRow {
  id: string;
  incident_id: string;
  step: string;
  from_status: string;
  to_status: string;
  at: Date;
  staff_id: string;
  note: string | null;
}

export interface SecurityIncidentSubjectRow {
  id: string;
  incident_id: string;
  account_id: string;
  added_at: Date;
  added_by: string;
  outbox_id: string | null;
  sms_outbox_id: string | null;
  notified_at: Date | null;
}

export interface SecurityIncidentReportRow {
  id: string;
  incident_id: string;
  recipient: 'cac' | 'police';
  reported_at: Date;
  recorded_at: Date;
  staff_id: string;
  reference: string | null;
  report_text: string;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    security_incidents: SecurityIncidentRow;
    security_incident_steps: SecurityIncidentStepRow;
    security_incident_subjects: SecurityIncidentSubjectRow;
    security_incident_reports: SecurityIncidentReportRow;
  }
}

export type Db = Kysely<Tables>;
export type Tx = Transaction<Tables>;
export type Executor = Db | Tx;

/** jsonb comes back parsed from node-postgres and PGlite alike; strings are parsed for safety. */
export function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}
