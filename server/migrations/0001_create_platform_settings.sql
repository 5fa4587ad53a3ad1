-- Platform-wide key/value settings (e.g. whether demo data was seeded). Nothing personal.
create table platform_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
