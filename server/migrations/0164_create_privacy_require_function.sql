-- The purpose guard inside a write's own statement (issue #3; PP-4.4, LAW-3). A write that rests on consent can carry
-- the consent test in the statement that writes it — `... where privacy_require(<consent in force>, 'consent-required')`
-- — instead of asking the database first and writing after: one round trip fewer on every such write, and the test runs
-- in the very snapshot the write commits from, so a withdrawal committed a moment before refuses the write (no window
-- between check and write). Refusing raises, which undoes the whole statement and its transaction; the application maps
-- SQLSTATE NT001 back to the named problem (privacy guard `within`).
create function privacy_require(ok boolean, problem text) returns boolean language plpgsql as $$
begin
  if ok is not true then
    raise exception using errcode = 'NT001', message = problem;
  end if;
  return true;
end
$$;
