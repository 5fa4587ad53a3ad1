-- 电子卡证 (PP-1.16): a citizen's electronic cards, kept only under the 'ecard-reminders' consent and only with the
-- card's non-sensitive data — its number and its validity — for quick display and expiry reminders. The number is
-- encrypted under the account's subject key (FieldCipher, aad 'ecards.card_number'); number_masked is what lists
-- show. Validity dates are 'YYYY-MM-DD' (Asia/Shanghai calendar days); valid_until null means 长期 (no expiry).
-- reminded_30_at / reminded_7_at make each expiry reminder go once per card per threshold.
create table ecards (
  id uuid primary key default gen_random_uuid(),
  account_id text not null,
  kind text not null,
  number_enc bytea not null,
  number_masked text not null,
  valid_from text check (valid_from ~ '^\d{4}-\d{2}-\d{2}$'),
  valid_until text check (valid_until ~ '^\d{4}-\d{2}-\d{2}$'),
  created_at timestamptz not null,
  reminded_30_at timestamptz,
  reminded_7_at timestamptz,
  unique (account_id, kind)
);
create index ecards_valid_until_idx on ecards (valid_until) where valid_until is not null;
