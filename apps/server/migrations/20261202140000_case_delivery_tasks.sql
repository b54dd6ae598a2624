-- 送达 is a task: a decided case (approved or denied) waits in the lead department's window queue until it
-- is delivered. Until now a decided case had no open task, so no inbox showed it (issue 15).
alter table case_tasks drop constraint case_tasks_stage;
alter table case_tasks add constraint case_tasks_stage check (stage in ('accept', 'review', 'decide', 'deliver'));

-- Cases decided before this migration get their missing deliver task: after the plan's last step, for the
-- lead department stored with the case (cases.steps = {lead: {key, id, name}, steps: [...]}).
insert into case_tasks (case_id, step, branch, stage, dept, dept_id, dept_name, created_at)
select c.id,
       jsonb_array_length(c.steps -> 'steps'),
       0,
       'deliver',
       c.steps -> 'lead' ->> 'key',
       (c.steps -> 'lead' ->> 'id')::uuid,
       c.steps -> 'lead' ->> 'name',
       coalesce(c.decided_at, now())
  from cases c
 where c.status in ('approved', 'denied')
   and c.delivered_at is null
   and not exists (select 1 from case_tasks t where t.case_id = c.id and t.stage = 'deliver' and t.status = 'open');
