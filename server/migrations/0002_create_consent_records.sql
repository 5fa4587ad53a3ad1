-- Consent records (PP-0.1, PP-4.4, LAW-3): one row per grant or withdrawal, never changed afterwards. The current
-- state of a subject's consent to a purpose is its latest row. Subjects are accounts or, before sign-in, devices.
create table consent_records (
  id bigint generated always as identity primary key,
  subject_kind text not null check (subject_kind in ('account', 'device')),
  subject_ref text not null check (length(subject_ref) between 1 and 128),
  purpose_id text not null check (purpose_id ~ '^[a-z0-9-]{1,64}$'),
  policy_version integer not null check (policy_version > 0),
  granted boolean not null,
  method text not null check (method in ('tap', 'form', 'guardian')),
  separate boolean not null default false,
  created_at timestamptz not null default now()
);

-- latest row per subject and purpose
create index consent_records_latest_idx on consent_records (subject_kind, subject_ref, purpose_id, created_at desc, id desc);

-- Append-only: updates are refused; deletes only on the erasure path (account cancellation / retention expiry),
-- which sets `ntbt.consent_erasure = 'on'` for its transaction.
create function consent_records_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and coalesce(current_setting('ntbt.consent_erasure', true), '') = 'on' then
    return old;
  end if;
  raise exception 'consent_records is append-only (% refused)', tg_op;
end
$$;

create trigger consent_records_append_only
  before update or delete on consent_records
  for each row execute function consent_records_append_only();
