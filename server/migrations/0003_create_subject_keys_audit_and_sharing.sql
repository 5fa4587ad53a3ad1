-- Field encryption (PP-3.4, PP-4.3): one data key per subject, wrapped by the key-encryption key (KEK). Destroying the
-- wrapped key (crypto-shredding) makes every ciphertext of that subject unreadable, in the live database and in every
-- backup taken before. The row stays as a tombstone so the key is never silently re-created.
create table subject_keys (
  subject_id text primary key,
  wrapped_key bytea,
  kek_version int not null,
  created_at timestamptz not null default now(),
  destroyed_at timestamptz,
  constraint subject_keys_destroyed check ((destroyed_at is null) = (wrapped_key is not null))
);
create index subject_keys_kek_version on subject_keys (kek_version) where wrapped_key is not null;

-- Tamper-evident audit (LAW-9): append-only, hash-chained per chain; N chains so writers on different chains never queue.
create table audit_chain_heads (
  chain int primary key,
  seq bigint not null,
  hash bytea not null
);
insert into audit_chain_heads (chain, seq, hash)
select c, 0, decode(repeat('00', 32), 'hex') from generate_series(0, 7) as c;

create table audit_records (
  id uuid primary key,
  chain int not null references audit_chain_heads (chain),
  seq bigint not null,
  occurred_at timestamptz not null,
  actor_kind text not null check (actor_kind in ('citizen', 'staff', 'job', 'partner', 'system')),
  actor_ref text,
  action text not null,
  subject_pseudonym text,
  elements text[] not null default '{}',
  purpose_id text,
  legal_basis text,
  details jsonb not null default '{}',
  prev_hash bytea not null,
  hash bytea not null,
  unique (chain, seq)
);
create index audit_records_subject on audit_records (subject_pseudonym) where subject_pseudonym is not null;
create index audit_records_occurred on audit_records (occurred_at);

-- Periodic seals: the head of each chain signed with Ed25519, so even a rewrite of a whole chain is detected.
create table audit_checkpoints (
  chain int not null references audit_chain_heads (chain),
  seq bigint not null,
  hash bytea not null,
  signed_at timestamptz not null,
  signature bytea not null,
  primary key (chain, seq)
);

create function audit_reject_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit trail is append-only: % on % is not allowed', tg_op, tg_table_name using errcode = '42501';
end
$$;
create trigger audit_records_append_only before update or delete on audit_records
  for each row execute function audit_reject_change();
create trigger audit_records_no_truncate before truncate on audit_records
  for each statement execute function audit_reject_change();
create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
  for each row execute function audit_reject_change();
create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
  for each statement execute function audit_reject_change();

-- Sharing ledger (LAW-4, PP-2.3, PP-2.7, PP-2.8): one row per provision of PI to another handler.
create table sharing_provisions (
  id uuid primary key,
  provided_at timestamptz not null,
  recipient_id text not null,
  purpose_id text not null,
  legal_basis text not null check (legal_basis in ('consent', 'statutory-duty', 'contract', 'statutory-exception')),
  elements text[] not null,
  subject_count int not null default 1 check (subject_count >= 0),
  subject_pseudonym text,
  subject_account_id uuid,
  statutory_ground text check (statutory_ground in ('national-security', 'public-safety-health', 'criminal-investigation',
    'vital-interests', 'self-disclosed', 'lawfully-public', 'contract-performance', 'other-law')),
  deidentification_method text,
  audit_record_id uuid not null references audit_records (id),
  constraint sharing_provisions_ground check ((legal_basis = 'statutory-exception') = (statutory_ground is not null))
);
create index sharing_provisions_subject on sharing_provisions (subject_pseudonym);
create index sharing_provisions_recipient on sharing_provisions (recipient_id, provided_at);
