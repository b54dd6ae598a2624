-- Data sharing and exchange (数据共享交换, issue 8): the resource catalog (政务信息资源目录) of provider
-- departments, consumer departments' access applications with the provider's decision, and the gateway's
-- call log. The call log holds hashes of queries and responses, never the data itself.
create table exchange_resources (
  id                     uuid primary key default gen_random_uuid(),
  code                   text not null,
  name                   text not null,
  description            text not null default '',
  provider_department_id uuid not null references departments (id) on delete restrict,
  -- [{name, type, description, sensitivity}], checked against the source by the service
  fields                 jsonb not null,
  sharing_type           text not null,
  update_cycle           text not null,
  source                 text not null,
  key_field              text not null,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now(),
  constraint exchange_resources_code_unique unique (code),
  constraint exchange_resources_code_format check (code ~ '^[a-z][a-z0-9.-]{1,63}$'),
  constraint exchange_resources_sharing_type check (sharing_type in ('unconditional', 'conditional', 'not_shared')),
  constraint exchange_resources_update_cycle check (
    update_cycle in ('realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular')),
  constraint exchange_resources_fields_array check (jsonb_typeof(fields) = 'array')
);
create index exchange_resources_provider_idx on exchange_resources (provider_department_id);

create table exchange_applications (
  id                     uuid primary key default gen_random_uuid(),
  resource_id            uuid not null references exchange_resources (id) on delete restrict,
  consumer_department_id uuid not null references departments (id) on delete restrict,
  purpose                text not null,
  fields                 jsonb not null,
  clear_fields           jsonb not null default '[]',
  query_pattern          text not null,
  valid_from             timestamptz not null,
  valid_to               timestamptz not null,
  status                 text not null default 'pending',
  applied_by             text not null,
  decided_by             text,
  decision_reason        text,
  decided_at             timestamptz,
  revoked_by             text,
  revoked_at             timestamptz,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now(),
  constraint exchange_applications_pattern check (query_pattern in ('lookup_by_key', 'list')),
  constraint exchange_applications_status check (status in ('pending', 'approved', 'rejected', 'revoked')),
  constraint exchange_applications_validity check (valid_from < valid_to)
);
create index exchange_applications_grant_idx
  on exchange_applications (consumer_department_id, resource_id, status);
create index exchange_applications_resource_idx on exchange_applications (resource_id);

create table exchange_calls (
  id                     uuid primary key default gen_random_uuid(),
  at                     timestamptz not null default now(),
  client_id              text not null,
  consumer_department_id uuid,
  resource_code          text not null,
  application_id         uuid,
  purpose                text,
  query_pattern          text not null,
  query_sha256           text not null,
  record_count           integer not null default 0,
  response_sha256        text,
  latency_ms             integer not null,
  -- 'ok' or the refusal's error code
  outcome                text not null,
  request_id             text
);
create index exchange_calls_consumer_idx on exchange_calls (consumer_department_id, at);
create index exchange_calls_resource_idx on exchange_calls (resource_code, at);
