-- The inbox's counts by deadline light (issue 16): a light depends on the case's status, promised working
-- days and deadline only, so the department queue's counts are a group-by over those three. Read through a
-- join, each of a department's open tasks cost a random read of its case row (3,334 open tasks: 43 ms of
-- the inbox's 52 ms, the light groups alone, on the case-reads bench). Copied onto the task and kept in
-- step by triggers (never by application code, so no write path can forget them), the counts come from an
-- index-only scan of case_tasks_lights.
alter table case_tasks
  add column case_status        text,
  add column case_promise_days  integer,
  add column case_deadline_date date;

update case_tasks t
   set case_status = c.status, case_promise_days = c.promise_days, case_deadline_date = c.deadline_date
  from cases c
 where c.id = t.case_id;

-- A new task takes its case's values, whatever the insert says.
create function case_tasks_copy_case() returns trigger language plpgsql as $$
begin
  select c.status, c.promise_days, c.deadline_date
    into new.case_status, new.case_promise_days, new.case_deadline_date
    from cases c where c.id = new.case_id;
  return new;
end $$;
create trigger case_tasks_copy_case before insert or update of case_id, case_status, case_promise_days, case_deadline_date
  on case_tasks for each row execute function case_tasks_copy_case();

-- A case's change of status, promise or deadline reaches its tasks in the same statement.
create function cases_copy_to_tasks() returns trigger language plpgsql as $$
begin
  update case_tasks
     set case_status = new.status, case_promise_days = new.promise_days, case_deadline_date = new.deadline_date
   where case_id = new.id;
  return null;
end $$;
create trigger cases_copy_to_tasks after update of status, promise_days, deadline_date on cases for each row
  when (old.status is distinct from new.status
        or old.promise_days is distinct from new.promise_days
        or old.deadline_date is distinct from new.deadline_date)
  execute function cases_copy_to_tasks();

create index case_tasks_lights on case_tasks (dept_id, stage, case_status, case_promise_days, case_deadline_date)
  where status = 'open';

-- The page in the queue's order (oldest first) straight from an index: with the stages as a filter rather
-- than the index's second column, a department's 3,334 open tasks were sorted for every page of 50
-- (12.4 ms, a parallel worker each time); read in order, a page reads about 75 index entries.
drop index case_tasks_queue;
create index case_tasks_queue on case_tasks (dept_id, created_at, id) where status = 'open';
