-- Search history (PP-1.9): kept only for a signed-in citizen who consented to the 'search-history' purpose. The
-- keyword or the clicked item is encrypted under the account's subject key (FieldCipher); value_hash is a blind index
-- (HMAC) so that searching the same words again moves the entry up instead of adding a copy. Nothing here is readable
-- without the account's key, and crypto-shredding the key erases it.
create table search_history (
  id uuid primary key default gen_random_uuid(),
  account_id text not null,
  kind text not null check (kind in ('query', 'click')),
  value_enc bytea not null,
  value_hash bytea not null,
  created_at timestamptz not null
);
create index search_history_account_idx on search_history (account_id, created_at desc);
create unique index search_history_dedup_idx on search_history (account_id, kind, value_hash);

-- 热门搜索: an anonymous aggregate — how many times a normalised query found something on a day, with no link to who
-- searched (guests included). Shown only from k = 5 searches on (small counts could single a person out).
create table search_hot_counts (
  query text not null,
  day date not null,
  count integer not null check (count > 0),
  primary key (query, day)
);
