-- Staff accounts (issue #4 §9): separate from citizen accounts, created by an administrator, password + TOTP required,
-- passkeys (WebAuthn) as a second option. Roles are sets of `resource.action` permissions (least privilege, PP-3.4);
-- a handler or department head also has the organisation (department) their work is scoped to.
create table staff_accounts (
  id text primary key,
  login_name text not null unique check (login_name ~ '^[a-z][a-z0-9._-]{2,31}$'),
  display_name text not null check (length(display_name) between 1 and 40),
  organisation_id text references organisations (id),
  -- argon2id (m=19456 KiB, t=2, p=1); the password itself is never stored
  password_hash text not null,
  -- set by an administrator's create/reset: the one-time password must be replaced at the next sign-in
  password_must_change boolean not null default true,
  -- TOTP secret, encrypted under the staff member's subject key (FieldCipher); never plaintext
  totp_secret_enc bytea not null,
  -- the last TOTP time step accepted: a code of that step or earlier is a replay and refused
  totp_last_step bigint,
  -- wrong password/TOTP counter; at 5 the account is locked until locked_until
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null,
  created_by text
);

create table staff_roles (
  id text primary key check (id ~ '^[a-z][a-z0-9-]*$'),
  name_zh text not null,
  name_en text not null,
  -- a handler/department head must have an organisation
  scoped_to_organisation boolean not null default false,
  builtin boolean not null default false
);

create table staff_role_permissions (
  role_id text not null references staff_roles (id) on delete cascade,
  permission text not null check (permission ~ '^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$'),
  primary key (role_id, permission)
);

create table staff_role_assignments (
  staff_id text not null references staff_accounts (id) on delete cascade,
  role_id text not null references staff_roles (id),
  assigned_at timestamptz not null,
  assigned_by text,
  primary key (staff_id, role_id)
);

-- Only a hash of the session token is stored: a database reader cannot take over a session.
create table staff_sessions (
  id text primary key,
  staff_id text not null references staff_accounts (id) on delete cascade,
  token_hash bytea not null unique,
  -- 'password-totp' | 'passkey'
  method text not null check (method in ('password-totp', 'passkey')),
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  ended_at timestamptz
);
create index staff_sessions_staff_idx on staff_sessions (staff_id, created_at desc);

create table staff_passkeys (
  id text primary key,
  staff_id text not null references staff_accounts (id) on delete cascade,
  -- base64url credential id and COSE public key as the authenticator returned them (public, not secret)
  credential_id text not null unique,
  public_key bytea not null,
  sign_count bigint not null default 0,
  transports text[] not null default '{}',
  label text not null,
  created_at timestamptz not null,
  last_used_at timestamptz
);

-- Outstanding WebAuthn challenges (single use, short-lived).
create table staff_webauthn_challenges (
  id text primary key,
  challenge text not null unique,
  purpose text not null check (purpose in ('register', 'authenticate')),
  staff_id text references staff_accounts (id) on delete cascade,
  expires_at timestamptz not null
);
