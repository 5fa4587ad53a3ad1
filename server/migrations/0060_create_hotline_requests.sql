-- 12345 citizen requests (诉求), their routing to departments, the workflow's step log and their attachments.
-- Personal information is encrypted under the citizen's subject key (bytea *_enc columns); gender is plain and
-- access-controlled; the division code is the county/township the matter is in (not a person's address).

-- Working-day time limits per request type, configurable without a release (issue #8: 咨询 3, 求助 5, others 15).
create table hotline_type_settings (
  type text primary key check (type in ('consultation', 'help', 'complaint', 'report', 'suggestion', 'other')),
  working_days integer not null check (working_days between 1 and 60),
  -- 举报 may need the reporter's identity checked by the department: then an audited reveal is allowed
  id_number_revealable boolean not null default false,
  max_extensions integer not null default 1 check (max_extensions between 0 and 3)
);
insert into hotline_type_settings (type, working_days, id_number_revealable) values
  ('consultation', 3, false), ('help', 5, false), ('complaint', 15, false), ('report', 15, true), ('suggestion', 15, false), ('other', 15, false);

create table hotline_requests (
  id uuid primary key,
  tracking_no text not null unique,
  channel text not null check (channel in ('app', 'mayor-mailbox', 'leader-mailbox', 'partner')),
  -- the mailbox letter's chosen recipient (an organisations.id, or 'mayor'); null for ordinary requests
  mailbox_recipient text,
  publish_consent boolean not null default false,
  partner_client_id text,
  type text not null references hotline_type_settings (type),
  account_id uuid,
  title_enc bytea not null,
  description_enc bytea not null,
  contact_name_enc bytea,
  contact_gender text check (contact_gender in ('male', 'female')),
  contact_mobile_enc bytea,
  contact_email_enc bytea,
  contact_id_number_enc bytea,
  contact_verified boolean not null default false,
  confidential boolean not null default false,
  location_enc bytea,
  division_code text references divisions (code),
  status text not null,
  -- the routing engine's suggestion (organisations.id) and the lead department once dispatched
  suggested_org text references organisations (id),
  lead_org text references organisations (id),
  received_at timestamptz not null,
  -- the working-day time limit as an Asia/Shanghai calendar date (text 'YYYY-MM-DD': no time-zone conversion by drivers)
  due_date text not null check (due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  dispatched_at timestamptz,
  signed_at timestamptz,
  closed_at timestamptz,
  extension_pending boolean not null default false,
  extension_days integer,
  extension_count integer not null default 0,
  reopen_count integer not null default 0,
  return_count integer not null default 0,
  reply_draft_enc bytea,
  reply_enc bytea,
  replied_at timestamptz,
  rating text check (rating in ('satisfied', 'basically-satisfied', 'unsatisfied')),
  rating_comment_enc bytea,
  rated_at timestamptz,
  called_back_at timestamptz,
  merged_into uuid references hotline_requests (id),
  warned_at timestamptz,
  escalated_at timestamptz,
  policy_version integer not null,
  version integer not null default 0,
  created_at timestamptz not null
);
create index hotline_requests_account_idx on hotline_requests (account_id, received_at desc);
create index hotline_requests_status_idx on hotline_requests (status, due_date);
create index hotline_requests_lead_idx on hotline_requests (lead_org, status);

-- 主办/协办: each department a request was routed to, with its own sign and return windows.
create table hotline_assignments (
  id uuid primary key,
  request_id uuid not null references hotline_requests (id),
  organisation_id text not null references organisations (id),
  role text not null check (role in ('lead', 'assist')),
  assigned_at timestamptz not null,
  sign_due text not null,
  return_due text not null,
  signed_at timestamptz,
  ended_at timestamptz,
  -- the sharing-ledger provision that gave this department the citizen's contact data (PP-1.8, LAW-4)
  provision_id uuid
);
create index hotline_assignments_org_idx on hotline_assignments (organisation_id, ended_at);
create index hotline_assignments_request_idx on hotline_assignments (request_id);

-- The step log: one row per transition (past-tense event), what the citizen sees as the timeline.
create table hotline_events (
  id bigserial primary key,
  request_id uuid not null references hotline_requests (id),
  event text not null,
  from_status text,
  to_status text not null,
  actor_kind text not null,
  actor_ref text,
  organisation_id text,
  -- the free-text reason or reply of the step; it may mention people, so it is encrypted
  note_enc bytea,
  basis text,
  visible boolean not null default true,
  occurred_at timestamptz not null
);
create index hotline_events_request_idx on hotline_events (request_id, id);

create table hotline_attachments (
  id uuid primary key,
  account_id uuid not null,
  request_id uuid references hotline_requests (id),
  kind text not null check (kind in ('photo', 'voice')),
  mime text not null,
  byte_size integer not null,
  duration_seconds real,
  data_enc bytea not null,
  created_at timestamptz not null
);
create index hotline_attachments_request_idx on hotline_attachments (request_id);
create index hotline_attachments_account_idx on hotline_attachments (account_id, created_at);
