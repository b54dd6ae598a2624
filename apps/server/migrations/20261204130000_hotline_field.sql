-- 12345 field forces (网格化管理, issue 19 acceptance 4): a roster of field staff per department (existing staff
-- accounts; no new role), field reports as requests of channel 'field', and patrol positions stored as tracks.
-- Each position batch's contents are hashed into the audit log (hotline.field.positions), so an edited,
-- added or deleted position no longer matches its entry: the track verifier names the batch.

alter table hotline_requests drop constraint hotline_requests_channel_check;
alter table hotline_requests add constraint hotline_requests_channel_check
  check (channel in ('phone', 'web', 'open311', 'field'));
-- The field staff member who reported it (上报人), for their own list; null for other channels.
alter table hotline_requests add column field_reporter_id uuid references accounts (id);
create index hotline_requests_field on hotline_requests (channel, status) where channel = 'field';

create table hotline_field_staff (
  account_id     uuid primary key references accounts (id),
  department_id  uuid not null references departments (id),
  kind           text not null check (kind in ('grid_worker', 'city_inspector', 'security_guard')),
  call_sign      text not null,
  -- The staff member's name as at enrolment (the map names people without reading identity's tables).
  name           text not null,
  added_by       text not null,
  added_at       timestamptz not null
);
create index hotline_field_staff_department on hotline_field_staff (department_id);

-- One row per upload from the field page; its positions' hash is in the audit entry about it.
create table hotline_position_batches (
  id           uuid primary key default gen_random_uuid(),
  account_id   uuid not null references accounts (id),
  received_at  timestamptz not null,
  points       integer not null
);
create index hotline_position_batches_received on hotline_position_batches (received_at);

create table hotline_positions (
  id          bigint generated always as identity primary key,
  batch_id    uuid not null references hotline_position_batches (id),
  account_id  uuid not null references accounts (id),
  at          timestamptz not null,
  lat         double precision not null,
  long        double precision not null,
  accuracy    double precision
);
create index hotline_positions_track on hotline_positions (account_id, at);
create index hotline_positions_batch on hotline_positions (batch_id, id);

-- 延期 (extension): the department asks once, with a reason, for more time in the request's own unit; the
-- dispatch desk approves (the deadline moves on the work calendar) or refuses.
alter table hotline_requests add column extension_status text
  check (extension_status in ('requested', 'approved', 'refused'));
alter table hotline_requests add column extension_value integer;
alter table hotline_requests add column extension_reason text;
