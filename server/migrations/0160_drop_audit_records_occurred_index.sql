-- Issue #3 (kernel cost): every PI write appends one audit record, and each append also maintained an index on
-- occurred_at that no query uses — the trail is read by chain and sequence (audit:verify, sealing) and by subject
-- pseudonym (a citizen's "who used my data" and rights exports), and records are never deleted, so no retention sweep
-- scans by time either. One index fewer on the platform's most frequent insert.
drop index if exists audit_records_occurred;
