-- Personal-information security incidents (PP-3.5, LAW-8 / PIPL art. 57): the register the privacy office and the
-- security officer keep, the response-plan steps (contain → assess → notify → report → close), the affected accounts
-- and the delivery of their notice, and each report to a regulator. Incident texts are written by staff and hold no
-- citizen PI (the service refuses text that looks like a mobile, ID or card number, or an e-mail address).
create table security_incidents (
  id uuid primary key,
  title text not null,
  summary text not null,
  detected_at timestamptz not null,
  opened_at timestamptz not null,
  opened_by text not null,
  -- inventory element ids (privacy/inventory) of the PI involved
  elements jsonb not null,
  cause text not null,
  possible_harm text not null,
  severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
  -- PP-3.5: true when the affected people cannot be told one by one (a public notice is published instead)
  unreachable boolean not null default false,
  status text not null default 'open' check (status in ('open', 'contained', 'assessed', 'notified', 'reported', 'closed')),
  -- platform rule: report to the regulator within 72 hours of detection
  report_due_at timestamptz not null,
  -- the notice to affected users (LAW-8 parts), staff-written
  notice jsonb,
  notice_updated_at timestamptz,
  public_notice_at timestamptz,
  closed_at timestamptz
);
create index security_incidents_status_idx on security_incidents (status, detected_at desc);
create index security_incidents_public_idx on security_incidents (public_notice_at desc) where public_notice_at is not null;

create table security_incident_steps (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references security_incidents (id),
  step text not null,
  from_status text not null,
  to_status text not null,
  at timestamptz not null,
  staff_id text not null,
  note text
);
create index security_incident_steps_incident_idx on security_incident_steps (incident_id, at);

-- The accounts an incident affects; outbox ids show how far their notice got (queued/delivered in the outbox).
create table security_incident_subjects (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references security_incidents (id),
  account_id text not null,
  added_at timestamptz not null,
  added_by text not null,
  outbox_id uuid,
  sms_outbox_id uuid,
  notified_at timestamptz,
  unique (incident_id, account_id)
);
create index security_incident_subjects_account_idx on security_incident_subjects (account_id);
create index security_incident_subjects_pending_idx on security_incident_subjects (incident_id) where outbox_id is null;

create table security_incident_reports (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references security_incidents (id),
  recipient text not null check (recipient in ('cac', 'police')),
  reported_at timestamptz not null,
  recorded_at timestamptz not null,
  staff_id text not null,
  reference text,
  report_text text not null
);
create index security_incident_reports_incident_idx on security_incident_reports (incident_id, reported_at);
