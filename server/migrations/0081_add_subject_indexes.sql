-- Rights centre (issue #6 bench): export and erasure cost must follow the subject's data, not the table size, so every
-- subject column the rights declarations query has an index (those that lacked one).
create index if not exists catalogue_usage_logs_subject_idx on catalogue_usage_logs (subject_pseudonym);
create index if not exists step_up_proofs_account_idx on step_up_proofs (account_id);
create index if not exists otp_challenges_account_idx on otp_challenges (account_id);
create index if not exists guardian_links_guardian_all_idx on guardian_links (guardian_account_id);
create index if not exists sharing_provisions_account_idx on sharing_provisions (subject_account_id);
