-- Dead letter for jobs (platform/jobs): a job whose handler has failed its kind's maximum number of attempts
-- is no longer retried; it waits, with its last error, for a platform admin to re-run it.
--
-- A dead job stays in `jobs` with `dead_at` set, rather than moving to a `jobs_dead` table:
--  * the row keeps its id, kind, key, payload, attempts and last_error exactly as the last attempt left them,
--    with nothing copied between tables;
--  * (kind, key) stays unique across both states, so scheduling the key again has one meaning: it replaces the
--    job, dead or not (the new scheduling is the caller's current intent), and no live and dead twin can exist;
--  * a re-run is one update of one row under its row lock.
-- The price is that the claim must skip dead rows; the partial due index below keeps that free.
alter table jobs add column dead_at timestamptz;

drop index jobs_due_idx;
create index jobs_due_idx on jobs (run_at) where dead_at is null;
-- The admin list (by kind, newest first) and the jobs_dead metric read only the few dead rows.
create index jobs_dead_idx on jobs (kind, dead_at desc) where dead_at is not null;
