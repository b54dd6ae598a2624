-- Service items name their departments by key (catalog_items.dept, co_depts, and the handling steps in
-- each version's content), which no foreign key can cover. Without this trigger org could delete a
-- department that a live item still sends applications to; publishing would then fail, and cases already
-- being filed would have nowhere to go. Retired items and superseded versions do not count: cases keep
-- their own snapshot of the plan they were filed under.
create function catalog_refuse_department_delete() returns trigger
language plpgsql
as $fn$
declare
  used_by text;
begin
  select i.code into used_by
  from catalog_items i
  where i.status <> 'retired'
    and (
      i.dept = old.key
      or old.key = any (i.co_depts)
      or exists (
        select 1 from catalog_item_versions v
        where v.code = i.code
          and v.status <> 'superseded'
          and jsonb_path_exists(v.content, '$.steps.** ? (@.dept == $d)', jsonb_build_object('d', old.key))
      )
    )
  order by i.code
  limit 1;
  if used_by is not null then
    raise exception 'department % is used by service item %', old.key, used_by
      using errcode = 'foreign_key_violation';
  end if;
  return old;
end
$fn$;

create trigger catalog_items_keep_departments
  before delete on departments
  for each row execute function catalog_refuse_department_delete();
