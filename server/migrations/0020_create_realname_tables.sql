-- Real-name verification (issue #4 §5, PP-1.5, PP-1.6, LAW-1, LAW-10). One row per verified account: the real name and
-- ID number encrypted under the account's subject key, a blind index of the ID number (one ID number binds one
-- account), and the proof of each verification route (time + the provider's reference). Never a face image, never a
-- full card number: the face frames are discarded after the provider call, the card keeps its last four digits only.
create table realname_identities (
  account_id text primary key,
  real_name_enc bytea not null,
  id_number_enc bytea not null,
  id_number_bidx bytea not null unique,
  id_type text not null default 'resident-id-card' check (id_type in ('resident-id-card')),
  id_verified_at timestamptz not null,
  id_check_ref text not null,
  face_verified_at timestamptz,
  face_provider_ref text,
  face_login_enabled boolean not null default false,
  card_verified_at timestamptz,
  card_provider_ref text,
  card_tail text check (card_tail is null or card_tail ~ '^[0-9]{4}$'),
  updated_at timestamptz not null
);

-- Every verification attempt and its outcome code (no input data): the per-account limit counts these, and the
-- citizen's own history shows them.
create table realname_attempts (
  id bigserial primary key,
  account_id text not null,
  route text not null check (route in ('id', 'face', 'card')),
  outcome text not null,
  provider_ref text,
  created_at timestamptz not null
);
create index realname_attempts_account_idx on realname_attempts (account_id, route, created_at desc);

-- Minors (PP-5.1, LAW-2): a minor's account issues a one-time code; a real-name-verified adult enters it to become
-- the guardian. Only an HMAC of the code is stored.
create table guardian_invitations (
  id uuid primary key default gen_random_uuid(),
  minor_account_id text not null,
  code_hash bytea not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null
);
create index guardian_invitations_minor_idx on guardian_invitations (minor_account_id, created_at desc);

create table guardian_links (
  id uuid primary key default gen_random_uuid(),
  minor_account_id text not null,
  guardian_account_id text not null,
  relation text not null check (relation in ('parent', 'guardian')),
  created_at timestamptz not null,
  revoked_at timestamptz
);
create unique index guardian_links_active_idx on guardian_links (minor_account_id, guardian_account_id) where revoked_at is null;
create index guardian_links_guardian_idx on guardian_links (guardian_account_id) where revoked_at is null;
