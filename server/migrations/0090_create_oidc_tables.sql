-- 南通市统一身份认证平台 (issue #9): the OpenID Connect provider's storage.
-- oidc_payloads holds every artefact oidc-provider persists (sessions, grants, codes, tokens, interactions, PAR
-- requests …) with an account index (account_id, grant_id, client_id) so that everything of one account, or of one
-- account at one client, can be found and revoked at once (PP-4.5 b, PP-4.4).
create table oidc_payloads (
  model text not null,
  id text not null,
  payload jsonb not null,
  account_id text,
  client_id text,
  grant_id text,
  uid text,
  user_code text,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (model, id)
);
create index oidc_payloads_account on oidc_payloads (account_id) where account_id is not null;
create index oidc_payloads_grant on oidc_payloads (grant_id) where grant_id is not null;
create index oidc_payloads_uid on oidc_payloads (uid) where uid is not null;
create index oidc_payloads_expires on oidc_payloads (expires_at) where expires_at is not null;

-- Relying parties (partner services, city websites). A client receives only the fields of the sharing categories the
-- policy grants it (PP-2.3); its secret is stored wrapped under the KEK, never in clear.
create table oidc_clients (
  client_id text primary key,
  name text not null,
  organisation text not null,
  categories text[] not null default '{}',
  redirect_uris text[] not null,
  post_logout_redirect_uris text[] not null default '{}',
  backchannel_logout_uri text,
  contact text not null,
  secret_wrapped bytea not null,
  secret_kek_version int not null,
  secret_rotated_at timestamptz not null,
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);

-- Signing keys (JWKS). The private JWK is wrapped under the KEK; a retired key stays published for verification until
-- every token it signed has expired (verify_until), then it is deleted.
create table oidc_signing_keys (
  kid text primary key,
  alg text not null,
  private_wrapped bytea not null,
  kek_version int not null,
  created_at timestamptz not null,
  retired_at timestamptz,
  verify_until timestamptz
);
