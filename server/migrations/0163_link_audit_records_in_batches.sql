-- Issue #3 (kernel cost) and LAW-9: an audit record is written by ONE plain insert; the sealing job links records into
-- their hash chains afterwards, in batches (ADR 0002, "batched linking").
--
-- Until now every append locked its chain's head row, advanced it and inserted the linked record in one statement: on
-- every PI write in the platform an UPDATE and a row lock that concurrent writers of the same chain queued behind
-- (measured: the head update was ~60 % of an append on PGlite, ~20 % on PostgreSQL). Linking later loses nothing:
-- a record written but not yet covered by a signed checkpoint could be rewritten together with the hashes after it
-- in the old scheme as well — what makes the trail tamper-evident is the Ed25519 checkpoint, and the job that signs it
-- now links first, then signs.
--
-- The links move to their own append-only table (records stay immutable: no UPDATE is ever needed), and each record
-- carries the id of the transaction that wrote it. The linker takes only records of transactions that have finished
-- (txid below the oldest transaction still running, pg_snapshot_xmin), so a record is never linked before it commits
-- and none committed later can land before the linker's horizon and be missed.
create table audit_links (
  chain int not null,
  seq bigint not null,
  record_id uuid not null unique,
  prev_hash bytea not null,
  hash bytea not null,
  primary key (chain, seq)
);
insert into audit_links (chain, seq, record_id, prev_hash, hash)
select chain, seq, id, prev_hash, hash from audit_records;

-- Records written before this migration are linked already; '0' keeps them below every horizon.
alter table audit_records add column txid xid8 not null default '0';
alter table audit_records alter column txid set default pg_current_xact_id();
alter table audit_records drop column seq, drop column prev_hash, drop column hash;
create index audit_records_txid on audit_records (txid);

-- How far the linker got: every record with txid below this is linked (1 is below the first normal transaction id).
alter table audit_chain_heads add column linked_below xid8 not null default '1';

create trigger audit_links_append_only before update or delete on audit_links
  for each row execute function audit_reject_change();
create trigger audit_links_no_truncate before truncate on audit_links
  for each statement execute function audit_reject_change();
