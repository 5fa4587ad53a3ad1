-- Issue #3 (kernel cost): every PI write appends one audit record, and the foreign key from audit_records.chain to
-- audit_chain_heads fired a trigger and a second lookup of the chain head on every append (~20 % of the statement).
-- It guarded nothing the append statement does not already guarantee: the record is inserted only from the row of the
-- head it has just locked and advanced (audit.repository.ts `append`: no head row, no insert), and heads are never
-- deleted. Tampering is caught by the hash chain and the signed checkpoints, never by this constraint.
alter table audit_records drop constraint audit_records_chain_fkey;
