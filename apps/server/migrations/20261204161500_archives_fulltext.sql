-- 电子档案 full-text search (issue 26, 利用): a tsvector literal built in Node with the catalog's jieba
-- segmentation (metadata weight A, extracted PDF text and form data weight C), so PostgreSQL and PGlite
-- index the same lexemes without a Chinese parser extension. Empty for packages archived before this.
alter table archive_packages add column search_vector tsvector not null default ''::tsvector;
create index archive_packages_search_idx on archive_packages using gin (search_vector);
