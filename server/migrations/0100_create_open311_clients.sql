-- Open311 GeoReport v2 (issue #8 §8): partner clients that may file 12345 requests with an api_key, and the record of
-- each partner submission (the token the POST answers with, and which contact elements the partner passed on, so the
-- request shows where its personal information was collected from: PP-1.8, LAW-4).

create table open311_clients (
  client_id text primary key,
  name text not null,
  organisation text not null,
  -- sha-256 of the api_key: keys are 256-bit random strings, so a fast hash suffices and the key is never stored
  key_hash bytea not null unique,
  -- the first characters of the key, to tell keys apart in the console and logs
  key_prefix text not null,
  scopes text[] not null,
  created_at timestamptz not null,
  revoked_at timestamptz
);

create table open311_submissions (
  token text primary key,
  request_id uuid not null unique references hotline_requests (id),
  client_id text not null references open311_clients (client_id),
  -- element ids (elements.ts) of the contact data the partner passed on; never the values
  contact_elements text[] not null,
  created_at timestamptz not null
);
create index open311_submissions_client_idx on open311_submissions (client_id, created_at);
