-- Reference data: the administrative divisions of 南通市 (county level and township level, current codes) and the
-- organisations that work is routed to (city departments, county governments, the 12345 hotline). Nothing personal.
-- Rows are seeded at boot by the reference module (idempotent upsert), not here, so corrections ship as code.
create table divisions (
  code text primary key check (code ~ '^[0-9]{6}([0-9]{3})?$'),
  name text not null,
  level text not null check (level in ('county', 'township')),
  parent_code text references divisions (code),
  -- county: district | county | city (县级市) | functional-zone (统计用, not GB/T 2260); township: subdistrict | town | township
  kind text not null,
  check ((level = 'county') = (parent_code is null))
);
create index divisions_parent_code_idx on divisions (parent_code);

create table organisations (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]*$'),
  name text not null unique,
  short_name text not null,
  kind text not null check (kind in ('department', 'county', 'hotline')),
  division_code text references divisions (code)
);
