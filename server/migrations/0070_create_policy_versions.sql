-- Published privacy-policy versions (issue #5, PP-6.1, PP-6.2): one immutable row per version, generated from the PI
-- inventory plus the prose sections, with the hash of the rendered text and of the inventory snapshot it came from,
-- the change classification against the previous version and the purposes whose terms changed (the purpose guard asks
-- for consent again for those only). Old versions stay readable.
create table policy_versions (
  version integer primary key check (version > 0),
  effective_at timestamptz not null,
  classification text not null check (classification in ('initial', 'major', 'minor')),
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  inventory_hash text not null check (inventory_hash ~ '^[0-9a-f]{64}$'),
  -- rendered structured documents {"zh-CN": {...}, "en": {...}}
  document jsonb not null,
  -- the inventory snapshot (citizen elements, purposes, recipients, SDKs) and prose the version was rendered from
  snapshot jsonb not null,
  -- human-readable list of changes against the previous version
  changes jsonb not null default '[]'::jsonb,
  changed_purposes text[] not null default '{}',
  ownership_change boolean not null default false,
  high_risk_pia boolean not null default false
);

create function policy_versions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'policy_versions is immutable (% refused)', tg_op;
end
$$;

create trigger policy_versions_immutable
  before update or delete on policy_versions
  for each row execute function policy_versions_immutable();

-- The privacy office's working draft of the next version: prose overrides and the declarations only a person can make
-- (ownership change, high-risk impact assessment). One row.
create table policy_drafts (
  id integer primary key check (id = 1),
  prose jsonb not null default '{}'::jsonb,
  ownership_change boolean not null default false,
  high_risk_pia boolean not null default false,
  updated_at timestamptz not null
);
