-- Service catalog (政务服务事项): items with immutable published versions, bundles (一件事), search.
--
-- catalog_item_versions holds every version's full content (jsonb, validated by the service against the
-- contract in packages/contracts/src/catalog.ts). A published version is never changed again: an edit of
-- a published item writes a new draft version, and publishing it supersedes the previous one. Cases refer
-- to (code, version).
--
-- catalog_items is one row per item: its lifecycle status, the version pointers, and a projection of the
-- current published version used by search (filter columns, the search vector, a small hit summary).
-- The search vector is built in Node (jieba segmentation, see modules/catalog/search/) and stored as a
-- tsvector literal, so search runs the same on PostgreSQL and on PGlite without a Chinese parser extension.

create table catalog_license_types (
  code       text primary key,
  name       text not null,
  name_en    text,
  issuer     text not null,
  holder     text not null,
  constraint catalog_license_types_code_format check (code ~ '^[A-Z][A-Z0-9_]{0,15}$'),
  constraint catalog_license_types_holder check (holder in ('natural_person', 'legal_person', 'any'))
);

create table catalog_items (
  code              text primary key,
  status            text not null default 'draft',
  published_version integer,
  latest_version    integer not null,
  -- projection of the published version (or of the first draft until one is published)
  name              text not null,
  name_norm         text not null, -- NFKC + lower case, for exact-name ranking
  kind              text not null,
  dept              text not null,
  co_depts          text[] not null default '{}',
  audience          text not null,
  online_depth      integer not null,
  topics            text[] not null default '{}',
  hit               jsonb not null,
  search            tsvector not null default ''::tsvector,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  constraint catalog_items_code_format check (code ~ '^[0-9A-Z][0-9A-Z-]{2,63}$'),
  constraint catalog_items_status check (status in ('draft', 'published', 'retired')),
  constraint catalog_items_published_has_version check (status = 'draft' or published_version is not null),
  constraint catalog_items_versions_order check (published_version is null or published_version <= latest_version),
  constraint catalog_items_audience check (audience in ('natural_person', 'legal_person', 'any')),
  constraint catalog_items_depth check (online_depth between 1 and 4)
);
create index catalog_items_search_idx on catalog_items using gin (search);
create index catalog_items_topics_idx on catalog_items using gin (topics);
create index catalog_items_dept_idx on catalog_items (dept);
create index catalog_items_status_idx on catalog_items (status, code);

create table catalog_item_versions (
  code         text not null references catalog_items (code) on delete restrict,
  version      integer not null,
  status       text not null default 'draft',
  name         text not null,
  content      jsonb not null,
  created_by   text not null,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  published_at timestamptz,
  primary key (code, version),
  constraint catalog_item_versions_version check (version >= 1),
  constraint catalog_item_versions_status check (status in ('draft', 'published', 'superseded')),
  constraint catalog_item_versions_published_at check (status = 'draft' or published_at is not null)
);
-- At most one published and at most one draft version per item.
create unique index catalog_item_versions_one_published on catalog_item_versions (code) where status = 'published';
create unique index catalog_item_versions_one_draft on catalog_item_versions (code) where status = 'draft';

create table catalog_bundles (
  code         text primary key,
  status       text not null default 'draft',
  name         text not null,
  name_en      text,
  description  text,
  items        jsonb not null,
  topics       text[] not null default '{}',
  search       tsvector not null default ''::tsvector,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  published_at timestamptz,
  constraint catalog_bundles_code_format check (code ~ '^[0-9A-Z][0-9A-Z-]{2,63}$'),
  constraint catalog_bundles_status check (status in ('draft', 'published', 'retired'))
);
create index catalog_bundles_search_idx on catalog_bundles using gin (search);

-- Synonyms and topic words for search: a query word → phrases it also means (开餐馆 → 食品经营许可).
create table catalog_synonyms (
  term       text primary key,
  expansions text[] not null,
  constraint catalog_synonyms_term check (length(term) between 1 and 50),
  constraint catalog_synonyms_expansions check (cardinality(expansions) between 1 and 20)
);

-- Blank forms and samples of materials, downloadable from the guide.
create table catalog_files (
  id           uuid primary key default gen_random_uuid(),
  name         text not null,
  content_type text not null,
  size         integer not null,
  sha256       text not null,
  bytes        bytea not null,
  created_by   text not null,
  created_at   timestamptz not null default now(),
  constraint catalog_files_size check (size = length(bytes))
);
