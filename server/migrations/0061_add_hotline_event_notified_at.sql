-- The citizen is told about a visible step by a job (hotline.notify-citizen) enqueued in the step's transaction; the
-- job marks the step so that a retried job never sends the same message twice.
alter table hotline_events add column notified_at timestamptz;
