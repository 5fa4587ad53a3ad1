-- Joint promotions (PP-2.4): activities 南通百通 runs with a third party (优惠券领取, 抽奖), and who takes part.
-- An activity names its co-organiser (the recipient) and the PI element categories that will be provided to it
-- (shared_elements, a subset of the inventory's 'joint-promotions' sharing category); the activity page announces
-- exactly these before anyone joins. Once published an activity's co-organiser and shared elements no longer change:
-- the participants consented to them. Dates are 'YYYY-MM-DD' (Asia/Shanghai calendar days).
create table promotions (
  id uuid primary key default gen_random_uuid(),
  title text not null check (length(title) between 1 and 60),
  description text not null check (length(description) <= 1000),
  kind text not null check (kind in ('coupon', 'lottery')),
  co_organiser_name text not null check (length(co_organiser_name) between 2 and 100),
  -- the co-organising organisation's service contact (客服电话/地址), announced with it (PIPL art. 23)
  co_organiser_contact text not null check (length(co_organiser_contact) between 2 and 120),
  shared_elements text[] not null check (cardinality(shared_elements) between 1 and 10),
  starts_on text not null check (starts_on ~ '^\d{4}-\d{2}-\d{2}$'),
  ends_on text not null check (ends_on ~ '^\d{4}-\d{2}-\d{2}$'),
  state text not null default 'draft' check (state in ('draft', 'published', 'closed')),
  created_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  published_at timestamptz,
  closed_at timestamptz,
  check (ends_on >= starts_on)
);
create index promotions_state_idx on promotions (state, starts_on);

-- One row per citizen and activity. left_at set: the citizen left (or withdrew the 'joint-promotions' consent) and is
-- never provided to the co-organiser after that. shared_at / provision_id: when and by which sharing-ledger provision
-- (sharing_provisions.id) the citizen's announced information was provided. consent_record_id is the consent given
-- by the join tap (consent_records.id; no foreign key: consent rows are removed on the erasure path).
create table promotion_participants (
  id uuid primary key default gen_random_uuid(),
  promotion_id uuid not null references promotions (id) on delete cascade,
  account_id text not null,
  consent_record_id bigint not null,
  joined_at timestamptz not null,
  left_at timestamptz,
  left_reason text check (left_reason in ('left', 'consent-withdrawn')),
  shared_at timestamptz,
  provision_id uuid,
  unique (promotion_id, account_id),
  check ((left_at is null) = (left_reason is null))
);
create index promotion_participants_account_idx on promotion_participants (account_id);
