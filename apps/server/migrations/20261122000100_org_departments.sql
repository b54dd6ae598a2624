-- Departments (组织机构): government departments identified by their unified social credit code.
-- The USCC check character and region code are validated by the service (packages/contracts); the
-- database keeps the structural rules so that no code path can store a malformed row.
create table departments (
  id          uuid primary key default gen_random_uuid(),
  key         text not null,
  code        text not null,
  name        text not null,
  name_en     text,
  region_code text not null,
  parent_id   uuid references departments (id) on delete restrict,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  constraint departments_key_unique unique (key),
  constraint departments_code_unique unique (code),
  constraint departments_key_format check (key ~ '^[a-z][a-z0-9-]{1,31}$'),
  constraint departments_code_format check (code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
  constraint departments_region_format check (region_code ~ '^[0-9]{6}$'),
  constraint departments_not_own_parent check (parent_id is null or parent_id <> id)
);
create index departments_parent_idx on departments (parent_id);
create index departments_region_idx on departments (region_code);
