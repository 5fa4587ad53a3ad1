-- "My sessions" in the console (issue #4): a staff member sees their own active sessions and ends the ones they do
-- not recognise. The session keeps a coarse device label (browser and OS family, derived from the User-Agent at
-- sign-in) — no address, no hardware identifier (PP-1.10).
alter table staff_sessions add column device text;
