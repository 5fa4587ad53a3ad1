-- Which consent records a guardian gave for a minor (LAW-2). The consent record's own `method` says 'guardian', but a
-- citizen can write that word on their own consent too; this table is the proof that the record was made through the
-- guardian's link, by the guardian's account.
create table guardian_consents (
  consent_record_id bigint primary key,
  link_id uuid not null references guardian_links (id),
  created_at timestamptz not null
);
create index guardian_consents_link_idx on guardian_consents (link_id);
