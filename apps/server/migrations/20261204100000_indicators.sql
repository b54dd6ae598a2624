-- 一网统管 (issue 22): the indicator registry (versioned definitions), the daily case rollups maintained from
-- case events (with each case's last counted contribution, so a later event replaces it exactly), alert
-- rules with their history, and the drift reports of the recompute job.

create table indicator_definitions (
  code text not null,
  version integer not null,
  name text not null,
  name_en text not null,
  definition text not null,
  unit text not null,
  formula text not null,
  dimensions text[] not null,
  direction text not null check (direction in ('higher', 'lower')),
  target double precision,
  warning double precision,
  critical double precision,
  source_module text not null,
  owner_department_id uuid,
  created_by text not null,
  created_at timestamptz not null,
  primary key (code, version)
);

-- One row per filed case: the key it is counted under and what it adds to that row's measures.
create table indicator_case_facts (
  case_id uuid primary key,
  number text,
  item_code text not null,
  item_name text not null,
  department_id text not null,
  region_code text not null,
  channel text not null,
  day date not null,
  status text not null,
  submitted_at timestamptz not null,
  decided_at timestamptz,
  deadline_date date,
  volume integer not null,
  online integer not null,
  decided integer not null,
  immediate integer not null,
  overdue integer not null,
  open integer not null,
  elapsed_minutes bigint not null,
  promised_days integer not null,
  updated_at timestamptz not null
);
create index indicator_case_facts_drill on indicator_case_facts (day, department_id);

create table indicator_case_rollups (
  day date not null,
  department_id text not null,
  region_code text not null,
  item_code text not null,
  channel text not null,
  volume bigint not null default 0,
  online bigint not null default 0,
  decided bigint not null default 0,
  immediate bigint not null default 0,
  overdue bigint not null default 0,
  open bigint not null default 0,
  elapsed_minutes bigint not null default 0,
  promised_days bigint not null default 0,
  updated_at timestamptz not null,
  primary key (day, department_id, region_code, item_code, channel)
);
create index indicator_case_rollups_department on indicator_case_rollups (department_id, day);
-- The open-cases snapshot sums every day's rows that still hold open cases: few, and found by this index.
create index indicator_case_rollups_open on indicator_case_rollups (department_id) where open <> 0;

create table indicator_alert_rules (
  id uuid primary key,
  indicator_code text not null,
  department_id uuid,
  comparison text not null check (comparison in ('above', 'below')),
  threshold double precision not null,
  window_days integer not null,
  interval_seconds integer not null,
  pending_seconds integer not null,
  state text not null default 'ok' check (state in ('ok', 'pending', 'firing')),
  state_since timestamptz not null,
  last_value double precision,
  last_evaluated_at timestamptz,
  silenced_until timestamptz,
  created_by text not null,
  created_at timestamptz not null
);

create table indicator_alert_history (
  id bigint generated always as identity primary key,
  rule_id uuid not null references indicator_alert_rules (id),
  at timestamptz not null,
  from_state text not null,
  to_state text not null,
  value double precision,
  notified boolean not null
);
create index indicator_alert_history_rule on indicator_alert_history (rule_id, id);

create table indicator_recompute_runs (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  rollup_rows integer not null,
  raw_rows integer not null,
  drift jsonb not null
);
