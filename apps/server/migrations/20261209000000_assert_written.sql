-- A change written as ONE statement (a case's update with its history entry, audit entry, event and other
-- rows as data-modifying CTEs, outside any transaction) must write nothing when its guarded update matched
-- no row (the version the caller read is no longer current). The CTEs' inserts run whatever the update
-- found, so the statement's main query calls this on whether it did: raising aborts the whole statement,
-- and the caller maps SQLSTATE YW409 to its 409. Volatile, so it is evaluated at run time, once.
-- (The flag is not called `found`: that is PL/pgSQL's own variable, false until a query sets it.)
create function assert_written(matched boolean, what text) returns boolean language plpgsql volatile as $$
begin
  if not matched then
    raise exception 'nothing written: %', what using errcode = 'YW409';
  end if;
  return true;
end $$;
