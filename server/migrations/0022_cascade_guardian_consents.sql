-- A guardian link erased with an account (rights centre, PP-4.5) takes its guardian-consent proofs with it.
alter table guardian_consents drop constraint guardian_consents_link_id_fkey;
alter table guardian_consents add constraint guardian_consents_link_id_fkey
  foreign key (link_id) references guardian_links (id) on delete cascade;
