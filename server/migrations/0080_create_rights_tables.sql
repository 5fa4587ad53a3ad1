-- Rights centre (issue #6): rights requests with their working-day deadline (PP-4.3, LAW-11), exports (LAW-5),
-- feedback with its plain-day deadline (PP-7.1), and what the law requires to keep after erasure in "storage only"
-- state (LAW-6, LAW-7) until a scheduled job purges it.
create table rights_requests (
  id uuid primary key,
  account_id text not null,
  -- the person whose data it concerns (a minor's account for a guardian's request, PP-5.2); else = account_id
  subject_account_id text not null,
  kind text not null check (kind in ('delete-category', 'delete-all', 'guardian-delete', 'correction', 'other')),
  -- which element or table the request covers (ids only)
  target text,
  status text not null default 'received' check (status in ('received', 'in-progress', 'fulfilled', 'partially-fulfilled', 'refused')),
  received_at timestamptz not null,
  -- PP-4.3 / LAW-11: 15 working days on the official calendar, the day after receipt being day 1
  due_date date not null,
  assigned_to text,
  identity_verified boolean not null default false,
  refusal_ground text,
  -- the privacy office's written answer the citizen sees (written by staff, no citizen PI)
  response text,
  receipt jsonb,
  handled_at timestamptz
);
create index rights_requests_account_idx on rights_requests (account_id, received_at desc);
create index rights_requests_subject_idx on rights_requests (subject_account_id);
create index rights_requests_open_idx on rights_requests (due_date) where status in ('received', 'in-progress');

create table rights_exports (
  id uuid primary key,
  account_id text not null,
  status text not null default 'queued' check (status in ('queued', 'building', 'ready', 'failed', 'expired')),
  progress integer not null default 0,
  requested_at timestamptz not null,
  ready_at timestamptz,
  expires_at timestamptz,
  -- the ZIP, encrypted under the app subject key (app:<account>), deleted when the link expires
  zip_enc bytea,
  byte_size integer
);
create index rights_exports_account_idx on rights_exports (account_id, requested_at desc);

create table rights_feedback (
  id uuid primary key,
  account_id text not null,
  text_enc bytea not null,
  screenshot_enc bytea,
  screenshot_mime text,
  received_at timestamptz not null,
  -- PP-7.1: 15 days — plain calendar days, unlike the 15 working days of a rights request
  due_date date not null,
  reply text,
  replied_at timestamptz,
  replied_by text
);
create index rights_feedback_account_idx on rights_feedback (account_id, received_at desc);
create index rights_feedback_open_idx on rights_feedback (due_date) where replied_at is null;

create table rights_storage_only (
  id uuid primary key default gen_random_uuid(),
  source_table text not null,
  subject_pseudonym text not null,
  -- the row as it was, without the account id; encrypted columns stay ciphertext (unreadable once the key is shredded)
  data jsonb not null,
  reason text not null,
  law text not null,
  purge_after timestamptz not null,
  stored_at timestamptz not null
);
create index rights_storage_only_subject_idx on rights_storage_only (subject_pseudonym);
create index rights_storage_only_purge_idx on rights_storage_only (purge_after);
