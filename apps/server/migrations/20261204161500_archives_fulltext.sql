-- 电子档案 full-text search (issue 26, 利用): a tsvector literal built in Node with the catalog's jieba
-- segmentation (metadata weight A, extracted PDF text and form data weight C), so PostgreSQL and PGlite
-- index the same lexemes without a Chinese parser extension. Empty for packages archived before this.
alter table archive_packages add column search_vector tsvector not null default ''::tsvector;
create index archive_packages_search_idx on archive_packages using gin (search_vector);

-- 移交 (DA/T 93) export: a set of packages sent to a receiving archive, with the manifest's digest; the
-- receiving archive's acknowledgement must carry that digest (exported → received).
create table archive_exports (
  id               uuid primary key default gen_random_uuid(),
  receiver         text not null,
  manifest         jsonb not null,
  manifest_sha256  text not null,
  status           text not null default 'exported',
  exported_by      text not null,
  exported_at      timestamptz not null,
  received_at      timestamptz,
  receipt          jsonb,
  constraint archive_exports_status check (status in ('exported', 'received'))
);
