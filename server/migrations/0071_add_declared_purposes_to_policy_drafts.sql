-- PP-6.2 item 1 also covers a change in *how* PI is used for a purpose, which the inventory cannot see: the publisher
-- declares those purposes in the draft, and the published version records them like any other changed purpose.
alter table policy_drafts add column declared_purposes text[] not null default '{}';
