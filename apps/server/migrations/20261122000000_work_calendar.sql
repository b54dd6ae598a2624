-- Work calendar: days that depart from the Monday–Friday rule (platform/calendar).
-- 'holiday' = a public holiday (法定节假日, including the days moved next to it);
-- 'workday' = a make-up working day on a weekend (调休上班).
create table work_calendar_days (
  day        date primary key,
  kind       text not null check (kind in ('holiday', 'workday')),
  name       text,
  updated_at timestamptz not null default now()
);
