-- PP-3.3, PIPL arts. 38–39: a subject's separate consent to one transfer of PI outside the PRC mainland, with the
-- notice exactly as shown (recipient, its jurisdiction, purpose, elements, how to exercise rights against it).
-- Only ever inserted (by the sharing service): a withdrawal is a new row with granted = false; the latest row per subject and recipient is in force.
create table cross_border_consents (
  id uuid primary key,
  seq bigint generated always as identity,
  -- the internal account id, as in consent_records.subject_ref (never an ID number or mobile)
  subject_ref text not null,
  recipient_id text not null,
  jurisdiction text not null check (jurisdiction ~ '^[A-Z]{2}$' and jurisdiction <> 'CN'),
  purpose_id text not null,
  elements text[] not null,
  notice_zh text not null,
  granted boolean not null,
  created_at timestamptz not null
);
create index cross_border_consents_subject on cross_border_consents (subject_ref, recipient_id, seq);
