-- The outbox keeps its personal information through the privacy kernel (issue #2: the foundation's own PI uses the
-- encryption, audit and erasure it offers). The address (mobile or email) is encrypted under the recipient's subject
-- key (subject = recipient_ref: the account id or pseudonym), bound to "notification_outbox.to_address"; the body of a
-- template that carries a secret or PI is encrypted too ("notification_outbox.body") while the message is pending.
-- Destroying the subject key (erasure) makes a pending message undeliverable: it ends as permanent-failure.
-- A message still pending with a plaintext address cannot be encrypted here (keys are held by the application), so
-- it is ended rather than carried over.
update notification_outbox
   set status = 'permanent-failure', last_error = 'address not migrated to encrypted storage', body = null
 where to_address is not null and status in ('pending', 'sending', 'temporary-failure');
alter table notification_outbox drop column to_address;
alter table notification_outbox add column to_address_enc bytea;
alter table notification_outbox add column body_enc bytea;
