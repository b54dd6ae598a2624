-- Data exchange, step 2 (issue 8): resources served by a provider's own HTTP API through the gateway
-- (proxied, with a timeout per resource), and keyed query hashes in the call log.
alter table exchange_resources add column endpoint_url text;
alter table exchange_resources add column timeout_ms integer;
alter table exchange_resources add constraint exchange_resources_source check (
  source in ('registry.population', 'registry.business', 'provider.http'));
alter table exchange_resources add constraint exchange_resources_endpoint check (
  (source = 'provider.http') = (endpoint_url is not null));
alter table exchange_resources add constraint exchange_resources_timeout check (
  timeout_ms is null or timeout_ms between 50 and 60000);

-- A plain SHA-256 of a lookup by ID number can be reversed by trying every ID number; calls from now on
-- carry an HMAC-SHA256 under a key derived from the PII index key instead. Earlier rows keep their SHA-256.
alter table exchange_calls add column query_hmac text;
alter table exchange_calls alter column query_sha256 drop not null;
alter table exchange_calls add constraint exchange_calls_query_hash check (
  query_sha256 is not null or query_hmac is not null);

-- Data quality objections (数据异议): a consumer flags a record it received (by the call that returned it)
-- as wrong; the provider answers within a deadline in working days; an overdue objection is escalated.
create table exchange_objections (
  id                     uuid primary key default gen_random_uuid(),
  call_id                uuid not null references exchange_calls (id) on delete restrict,
  resource_code          text not null,
  consumer_department_id uuid not null references departments (id) on delete restrict,
  provider_department_id uuid not null references departments (id) on delete restrict,
  fields                 jsonb not null,
  description            text not null,
  status                 text not null default 'open',
  raised_by              text not null,
  raised_at              timestamptz not null,
  due_date               date not null,
  due_at                 timestamptz not null,
  escalated_at           timestamptz,
  result                 text,
  answer                 text,
  answered_by            text,
  answered_at            timestamptz,
  constraint exchange_objections_status check (status in ('open', 'answered')),
  constraint exchange_objections_result check (result is null or result in ('corrected', 'confirmed')),
  constraint exchange_objections_answered check ((status = 'answered') = (answered_at is not null))
);
create index exchange_objections_consumer_idx on exchange_objections (consumer_department_id, raised_at);
create index exchange_objections_provider_idx on exchange_objections (provider_department_id, status, due_at);
