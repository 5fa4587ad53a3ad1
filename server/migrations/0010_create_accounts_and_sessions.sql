-- The city unified-identity account (issue #4, PP-1.2): account name (plain, access-controlled), mobile (encrypted
-- under the account's subject key + blind index for look-up and uniqueness) and an argon2id password hash. Real-name
-- status lives in the realname module; the 南通百通 profile lives elsewhere, so cancelling one can delete the other
-- (PP-4.5).
create table accounts (
  id uuid primary key default gen_random_uuid(),
  account_name text not null,
  mobile_enc bytea not null,
  mobile_index bytea not null,
  password_hash text not null,
  password_changed_at timestamptz not null,
  -- wrong-password lockout (ADR 0003): a reservation counter taken *before* the hash is verified, so parallel
  -- attempts cannot get around it
  failed_password_count integer not null default 0,
  locked_until timestamptz,
  -- set by 这不是我 (PP-1.18): password login refused until the password is reset by SMS code
  password_reset_required boolean not null default false,
  created_at timestamptz not null
);
create unique index accounts_account_name_key on accounts (lower(account_name));
create unique index accounts_mobile_index_key on accounts (mobile_index);

-- One-time SMS codes: only an HMAC of the code is stored; single use, 5 wrong tries, 5 minutes.
create table otp_challenges (
  id uuid primary key default gen_random_uuid(),
  purpose text not null check (purpose in ('registration', 'login', 'reset', 'step-up', 'change-mobile')),
  mobile_index bytea not null,
  account_id uuid references accounts (id) on delete cascade,
  code_hash bytea not null,
  attempts integer not null default 0,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  consumed_at timestamptz
);
create index otp_challenges_mobile_idx on otp_challenges (mobile_index, created_at desc);

-- Devices an account signed in from, recorded only with the holder's consent (PP-1.10). device_key is an HMAC of a
-- random app-scoped id kept in a cookie; no hardware identifier is collected.
create table account_devices (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  device_key bytea not null,
  brand text,
  model text,
  os_version text,
  consented_at timestamptz not null,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  unique (account_id, device_key)
);

-- Sessions: only a SHA-256 of the cookie token is stored.
create table account_sessions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  token_hash bytea not null unique,
  method text not null check (method in ('registration', 'password', 'sms', 'face')),
  device_id uuid references account_devices (id) on delete set null,
  device_label text,
  ip_address text,
  city text,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  ended_at timestamptz,
  end_reason text check (end_reason in ('logout', 'ended-by-holder', 'password-changed', 'not-me', 'expired'))
);
create index account_sessions_account_idx on account_sessions (account_id, created_at desc);

-- Step-up proofs (二次核身): a fresh proof within 5 minutes lets a session do a sensitive operation. session_ref is
-- text so that any session kind can hold one.
create table step_up_proofs (
  id uuid primary key default gen_random_uuid(),
  session_ref text not null,
  account_id text not null,
  method text not null check (method in ('sms', 'face')),
  provider_ref text,
  proved_at timestamptz not null
);
create index step_up_proofs_session_idx on step_up_proofs (session_ref, proved_at desc);

-- Sign-in history shown in 我的 (PP-1.18) and kept as a security log (LAW-7: 6–12 months).
create table login_events (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  occurred_at timestamptz not null,
  method text not null check (method in ('registration', 'password', 'sms', 'face')),
  outcome text not null check (outcome in ('success', 'wrong-password', 'wrong-code', 'locked')),
  session_id uuid references account_sessions (id) on delete set null,
  device_label text,
  ip_address text,
  city text,
  abnormal_reasons text,
  disown_token_hash bytea unique,
  disowned_at timestamptz
);
create index login_events_account_idx on login_events (account_id, occurred_at desc);

-- Per-source-address throttling of failed sign-ins; the address is kept only as an HMAC.
create table login_source_throttle (
  source_key bytea primary key,
  window_started_at timestamptz not null,
  failures integer not null
);
