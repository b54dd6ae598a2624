-- 公共数据开放 (opendata): datasets published by departments, their resources (distributions) whose rows
-- live in one jsonb table, and conditional-access applications whose API keys are stored only as SHA-256.
-- Open levels (GB/T 38664, 《公共数据开放暂行办法》): open 无条件开放, conditional 有条件开放, closed 不予开放.

create table opendata_datasets (
  id             uuid primary key default gen_random_uuid(),
  -- the CKAN name (URL slug)
  name           text not null unique,
  title          text not null,
  description    text not null,
  department_id  uuid not null references departments (id),
  open_level     text not null,
  themes         text[] not null default '{}',
  keywords       text[] not null default '{}',
  -- formats of its resources (CSV …), kept here for the res_format facet
  formats        text[] not null default '{}',
  license_id     text not null,
  frequency      text not null,
  spatial        text,
  temporal_start date,
  temporal_end   date,
  contact_name   text not null,
  contact_email  text not null,
  version        integer not null default 1,
  -- lower-cased name, title, description, keywords and themes: what package_search's q matches
  search_text    text not null,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  constraint opendata_datasets_open_level check (open_level in ('open', 'conditional', 'closed'))
);
create index opendata_datasets_department on opendata_datasets (department_id);
create index opendata_datasets_updated on opendata_datasets (updated_at desc);

create table opendata_resources (
  id          uuid primary key default gen_random_uuid(),
  dataset_id  uuid not null references opendata_datasets (id),
  name        text not null,
  description text not null default '',
  format      text not null,
  -- the published columns: [{id, label, type}] (columns not marked public are not kept)
  fields      jsonb not null,
  row_count   integer not null,
  size_bytes  integer not null,
  sha256      text not null,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
create index opendata_resources_dataset on opendata_resources (dataset_id);

-- The datastore: one row per record. row_no is CKAN's _id, 1..row_count without gaps within a resource, so
-- an unfiltered page in _id order is a primary-key range (keyset), whatever the offset. Filters are jsonb
-- containment (GIN, jsonb_path_ops); q matches `search`, a tsvector of the row's values built in Node (the
-- same lexemes on PostgreSQL and PGlite).
create table opendata_rows (
  resource_id uuid not null references opendata_resources (id),
  row_no      integer not null,
  data        jsonb not null,
  search      tsvector not null,
  primary key (resource_id, row_no)
);
create index opendata_rows_data on opendata_rows using gin (data jsonb_path_ops);
create index opendata_rows_search on opendata_rows using gin (search);

-- 有条件开放: an application by a real-name person (or an enterprise acted for); the publishing department's
-- staff approve it with an agreement and a validity; the applicant then takes an API key (shown once, stored
-- as SHA-256). Revocation sets status 'revoked', which the next call reads.
create table opendata_applications (
  id            uuid primary key default gen_random_uuid(),
  dataset_id    uuid not null references opendata_datasets (id),
  account_id    uuid not null,
  acting_for    text,
  purpose       text not null,
  scenario      text not null,
  status        text not null default 'pending',
  agreement     text,
  valid_until   date,
  decided_by    uuid,
  decided_at    timestamptz,
  reason        text,
  key_hash      bytea unique,
  key_prefix    text,
  created_at    timestamptz not null default now(),
  constraint opendata_applications_status check (status in ('pending', 'approved', 'refused', 'revoked'))
);
create index opendata_applications_dataset on opendata_applications (dataset_id, status);
create index opendata_applications_account on opendata_applications (account_id);
