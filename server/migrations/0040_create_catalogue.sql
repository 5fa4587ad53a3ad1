-- The service catalogue (政务服务事项, issue #7): service halls, and service items each with a draft (what staff edit)
-- and a published version (what citizens see). Item content is a JSON document validated by the catalogue module's
-- zod schema. Seeded at boot by the catalogue module (upsert of items staff never edited), not here.
create table catalogue_halls (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]*$'),
  name text not null,
  kind text not null check (kind in ('city', 'county', 'branch')),
  district_code text not null check (district_code ~ '^[0-9]{6}$'),
  address text not null,
  opening_hours text not null,
  phone text not null,
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180)
);

create table catalogue_items (
  -- <division>-<type>-<nnnn>, e.g. 320682-XK-0021
  code text primary key check (code ~ '^[0-9]{6}-[A-Z]{2}-[0-9]{4}$'),
  level text not null check (level in ('city', 'county')),
  district_code text not null check (district_code ~ '^[0-9]{6}$'),
  popularity integer not null default 0 check (popularity >= 0),
  draft jsonb not null,
  draft_revision integer not null default 1,
  draft_updated_at timestamptz not null,
  -- staff id of the last editor; null while only the seed wrote the item (the boot seed then keeps it current)
  draft_updated_by text,
  published jsonb,
  published_revision integer,
  published_at timestamptz,
  published_by text,
  check ((published is null) = (published_revision is null))
);
create index catalogue_items_district_idx on catalogue_items (district_code);

-- 收藏 (PP-1.9, purpose search-history): plain, access-controlled, deleted with the consent's withdrawal or the account
create table catalogue_favourites (
  account_id text not null,
  item_code text not null references catalogue_items (code),
  created_at timestamptz not null,
  primary key (account_id, item_code)
);

-- 办事记录 (PP-1.9): written by the features that handle items (12345 first) through recordHandling()
create table catalogue_handling_records (
  id bigint generated always as identity primary key,
  account_id text not null,
  item_code text not null references catalogue_items (code),
  status text not null check (status in ('started', 'submitted', 'accepted', 'in-progress', 'completed', 'rejected', 'withdrawn')),
  -- the handling feature's own reference (e.g. 12345 ticket number); ids only, never PI
  reference text not null,
  started_at timestamptz not null,
  updated_at timestamptz not null,
  unique (account_id, item_code, reference)
);
create index catalogue_handling_records_account_idx on catalogue_handling_records (account_id, updated_at desc);

-- Usage logs (PP-1.11): which service, when, how long; keyed by a pseudonym, never the account id. `for_statistics`
-- is true only when the usage-statistics consent was effective at write time; only those rows feed statistics.
create table catalogue_usage_logs (
  id bigint generated always as identity primary key,
  subject_pseudonym text not null,
  item_code text not null,
  opened_at timestamptz not null,
  duration_ms integer check (duration_ms is null or duration_ms >= 0),
  for_statistics boolean not null
);
create index catalogue_usage_logs_opened_idx on catalogue_usage_logs (opened_at);
