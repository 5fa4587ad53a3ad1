-- Messaging outbox (issue #2 §7): every SMS, email and in-app message is first a row here, written in the same
-- transaction as the event that caused it; a job (carrying the row id only) delivers it. to_address is personal
-- information and is nulled once the message reaches a final state; the body is nulled too when its template carries
-- a secret (OTP) or personal information.
create table notification_outbox (
  id uuid primary key default gen_random_uuid(),
  recipient_kind text not null check (recipient_kind in ('account', 'pseudonym')),
  recipient_ref text not null,
  channel text not null check (channel in ('sms', 'email', 'inapp')),
  template text not null,
  locale text not null check (locale in ('zh-CN', 'en')),
  to_address text,
  subject text,
  body text,
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'delivered', 'temporary-failure', 'permanent-failure')),
  attempts integer not null default 0,
  last_error text,
  provider_message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  delivered_at timestamptz
);
create index notification_outbox_created_idx on notification_outbox (created_at desc);
create index notification_outbox_status_idx on notification_outbox (status, created_at desc);
create index notification_outbox_recipient_idx on notification_outbox (recipient_ref, created_at desc);

-- A citizen's in-app inbox. outbox_id makes delivery idempotent (a retried job inserts nothing twice).
create table notification_inbox (
  id uuid primary key default gen_random_uuid(),
  account_id text not null,
  outbox_id uuid unique references notification_outbox (id),
  title text not null,
  body text not null,
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index notification_inbox_account_idx on notification_inbox (account_id, created_at desc);

-- What the SMS sandbox gateway "sent" (development and test only; nothing leaves the machine).
create table sms_sandbox_messages (
  id uuid primary key default gen_random_uuid(),
  provider_message_id text not null unique,
  mobile text not null,
  body text not null,
  sent_at timestamptz not null
);
create index sms_sandbox_messages_mobile_idx on sms_sandbox_messages (mobile, sent_at desc);
