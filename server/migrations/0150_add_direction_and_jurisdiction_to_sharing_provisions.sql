-- PP-1.17 / PP-3.3: the sharing ledger records PI received from partners (direction 'inbound', counterparty in
-- recipient_id) as well as PI provided to them, the counterparty's jurisdiction ('CN' = PRC mainland), and the consent
-- record the movement rested on (the citizen's authorisation to the source, or the separate cross-border consent).
-- Rows before this migration were all provisions to declared recipients inside the PRC.
alter table sharing_provisions add column direction text not null default 'outbound' check (direction in ('outbound', 'inbound'));
alter table sharing_provisions add column jurisdiction text not null default 'CN' check (jurisdiction ~ '^[A-Z]{2}$');
alter table sharing_provisions add column authorisation_ref text;
