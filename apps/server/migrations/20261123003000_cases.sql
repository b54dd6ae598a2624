-- Cases (办件). A case is filed against one published item version and snapshots what it needs from it
-- (workflow steps, form, materials list, promised limit), so later catalog edits never change a running
-- case. Every transition appends to case_actions in the same transaction as the change to cases;
-- case_actions is append-only (a trigger refuses UPDATE and DELETE). cases.version is the optimistic
-- lock: every command states the version it saw and the update matches on it.

alter table staff_roles drop constraint staff_roles_role;
alter table staff_roles add constraint staff_roles_role
  check (role in ('window_clerk', 'approver', 'dept_admin', 'platform_admin', 'auditor', 'supervisor'));

-- 办件编号 sequences: one counter per region code and local date (prefix "990100-20260213").
create table case_number_counters (
  prefix text primary key,
  last   integer not null
);

-- One application for a bundle (一件事一次办): its cases carry bundle_application_id and their step.
create table case_bundle_applications (
  id                   uuid primary key default gen_random_uuid(),
  bundle_code          text not null,
  bundle_name          text not null,
  applicant_account_id uuid not null,
  enterprise_id        uuid,
  status               text not null default 'draft',
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  constraint case_bundle_applications_status check (status in ('draft', 'submitted', 'completed', 'failed'))
);
create index case_bundle_applications_applicant on case_bundle_applications (applicant_account_id, created_at desc);

create table cases (
  id                    uuid primary key default gen_random_uuid(),
  number                text unique,
  item_code             text not null,
  item_version          integer not null,
  item_name             text not null,
  audience              text not null,
  lead_dept             text not null,
  -- every department of the workflow (ids): who may read the case, and the supervision filter
  dept_ids              uuid[] not null,
  region_code           text not null,
  -- snapshot of the item version: workflow steps, materials, form (schema + uiSchema)
  steps                 jsonb not null,
  materials_spec        jsonb not null,
  form                  jsonb not null,
  promise_days          integer not null,
  -- the applicant: the account, and the enterprise acted for (null when applying as oneself)
  applicant_account_id  uuid not null,
  applicant_name        text not null,
  enterprise_id         uuid,
  enterprise_uscc       text,
  enterprise_name       text,
  -- form data may hold personal data: AES-256-GCM (platform/crypto/pii.ts), bound to the case id
  form_data_enc         bytea not null,
  bundle_application_id uuid references case_bundle_applications (id),
  bundle_step           integer,
  bundle_position       integer, -- the item's place in the bundle (order within a parallel step)
  status                text not null default 'draft',
  current_step          integer,
  status_before_pause   text,
  submitted_at          timestamptz,
  accepted_at           timestamptz,
  decided_at            timestamptz,
  delivered_at          timestamptz,
  outcome               text,
  decision_reason       text,
  decided_by            text,
  deadline_date         date,
  paused_working_days   integer not null default 0,
  paused_at             timestamptz,
  escalation_level      integer not null default 0,
  supplement_used       boolean not null default false,
  version               integer not null default 1,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  constraint cases_status check (status in ('draft', 'queued', 'submitted', 'accepted', 'in_review',
    'supplement_requested', 'suspended', 'refused', 'approved', 'denied', 'delivered', 'withdrawn', 'cancelled')),
  constraint cases_outcome check (outcome is null or outcome in ('approved', 'denied')),
  constraint cases_number_when_filed check (status in ('draft', 'queued', 'cancelled') or number is not null),
  constraint cases_version check (version >= 1)
);
create index cases_applicant on cases (applicant_account_id, created_at desc);
create index cases_enterprise on cases (enterprise_id, created_at desc) where enterprise_id is not null;
create index cases_bundle on cases (bundle_application_id) where bundle_application_id is not null;
create index cases_open_deadline on cases (deadline_date) where status in ('accepted', 'in_review');

-- Work items of the workflow: one per stage of the current step (several for a parallel group).
create table case_tasks (
  id                uuid primary key default gen_random_uuid(),
  case_id           uuid not null references cases (id),
  step              integer not null,
  branch            integer not null,
  stage             text not null,
  dept              text not null,
  dept_id           uuid not null,
  dept_name         text not null,
  status            text not null default 'open',
  claimed_by        uuid,
  claimed_by_name   text,
  claimed_at        timestamptz,
  outcome           text,
  comment           text,
  completed_by      uuid,
  completed_by_name text,
  completed_at      timestamptz,
  created_at        timestamptz not null default now(),
  constraint case_tasks_stage check (stage in ('accept', 'review', 'decide')),
  constraint case_tasks_status check (status in ('open', 'done', 'cancelled')),
  constraint case_tasks_unique unique (case_id, step, branch, created_at)
);
create index case_tasks_case on case_tasks (case_id);
create index case_tasks_queue on case_tasks (dept_id, stage, created_at) where status = 'open';
create index case_tasks_done on case_tasks (completed_by, completed_at desc) where status = 'done';

create table case_actions (
  case_id    uuid not null references cases (id),
  seq        integer not null,
  type       text not null,
  actor_kind text not null,
  actor_id   text,
  actor_name text not null,
  acting_for text,
  at         timestamptz not null,
  comment    text,
  payload    jsonb not null default '{}'::jsonb,
  primary key (case_id, seq),
  constraint case_actions_actor_kind check (actor_kind in ('citizen', 'staff', 'system'))
);

create function case_actions_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'case_actions is append-only' using errcode = 'P0001';
end $$;
create trigger case_actions_append_only before update or delete on case_actions
  for each row execute function case_actions_append_only();

create table case_materials (
  id           uuid primary key default gen_random_uuid(),
  case_id      uuid not null references cases (id),
  material     text not null,
  kind         text not null,
  file_id      uuid,
  file_name    text,
  content_type text,
  size         bigint,
  sha256       text,
  license_id   text,
  supplement   boolean not null default false,
  added_by     text not null,
  added_at     timestamptz not null default now(),
  constraint case_materials_kind check (kind in ('file', 'license')),
  constraint case_materials_shape check ((kind = 'file') = (file_id is not null) and (kind = 'license') = (license_id is not null))
);
create index case_materials_case on case_materials (case_id);

-- Clock stops: the supplement request (补齐补正, at most one per case) and special procedures (特别程序).
create table case_pauses (
  id           uuid primary key default gen_random_uuid(),
  case_id      uuid not null references cases (id),
  kind         text not null,
  reason       text not null,
  items        jsonb,
  step         integer,
  started_at   timestamptz not null,
  started_by   text not null,
  ended_at     timestamptz,
  result       text,
  working_days integer,
  constraint case_pauses_kind check (kind in ('supplement', 'expert_review', 'hearing', 'publicity', 'testing', 'other'))
);
create index case_pauses_case on case_pauses (case_id, started_at);
create unique index case_pauses_one_supplement on case_pauses (case_id) where kind = 'supplement';
create unique index case_pauses_one_open on case_pauses (case_id) where ended_at is null;
create index cases_dept_ids on cases using gin (dept_ids);
