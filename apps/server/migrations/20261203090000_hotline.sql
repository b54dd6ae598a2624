-- 12345 hotline (接诉即办, issue 19): requests from the phone desk, the portal and Open311, their append-only
-- actions, photos and the Open311 API keys (hashed). The hotline operator (话务员/派单员) is a platform-wide role.

alter table staff_roles drop constraint staff_roles_role;
alter table staff_roles add constraint staff_roles_role
  check (role in ('window_clerk', 'approver', 'dept_admin', 'platform_admin', 'auditor', 'supervisor',
                  'security_admin', 'archivist', 'hotline_operator')); -- archivist: 20261203090000_archives.sql runs first

create sequence hotline_request_numbers;

create table hotline_requests (
  id                  uuid primary key default gen_random_uuid(),
  number              text not null unique,
  kind                text not null check (kind in ('consult', 'help', 'complaint', 'report', 'suggestion', 'praise')),
  channel             text not null check (channel in ('phone', 'web', 'open311')),
  status              text not null check (status in ('dispatching', 'assigned', 'answered', 'closed', 'merged')),
  category_code       text not null,
  description         text not null,
  address             text not null,
  district_code       text not null,
  lat                 double precision,
  long                double precision,
  urgent              boolean not null,
  anonymous           boolean not null,
  confidential        boolean not null,
  caller_account_id   uuid,
  caller_name         text,
  caller_phone        text,
  department_id       uuid references departments (id),
  limit_unit          text not null check (limit_unit in ('hours', 'days')),
  limit_value         integer not null,
  assigned_at         timestamptz,
  deadline_at         timestamptz,
  escalation_level    integer not null default 0,
  answer              text,
  answered_at         timestamptz,
  callback_resolved   boolean,
  callback_satisfied  boolean,
  callback_at         timestamptz,
  merged_into         uuid references hotline_requests (id),
  -- Open311's service_request token: sha-256 of the random token handed to the client.
  token_hash          bytea unique,
  media_url           text,
  created_at          timestamptz not null,
  updated_at          timestamptz not null,
  version             integer not null default 1
);
create index hotline_requests_department on hotline_requests (department_id, status);
create index hotline_requests_status on hotline_requests (status, created_at);
create index hotline_requests_caller on hotline_requests (caller_account_id);
create index hotline_requests_category on hotline_requests (category_code, status);

-- Append-only: what happened to a request, in order (the timeline).
create table hotline_actions (
  id          bigint generated always as identity primary key,
  request_id  uuid not null references hotline_requests (id),
  type        text not null,
  actor       text not null,
  actor_name  text not null,
  at          timestamptz not null,
  comment     text,
  payload     jsonb not null default '{}'
);
create index hotline_actions_request on hotline_actions (request_id, id);

create table hotline_photos (
  request_id  uuid not null references hotline_requests (id),
  file_id     uuid not null references stored_files (id),
  name        text not null,
  primary key (request_id, file_id)
);

create table hotline_open311_keys (
  id          uuid primary key default gen_random_uuid(),
  name        text not null,
  key_hash    bytea not null unique,
  created_by  text not null,
  created_at  timestamptz not null,
  revoked_at  timestamptz
);
