-- Help centre (帮助中心, issue 15): every FAQ entry of a published item's guide as a row of its own, so that a
-- question is found by its own words and its answer's and ranked per entry, not per item. The search vector
-- is written by Node (catalog/search/segment.ts: the same jieba lexemes as catalog_items.search) when the
-- item is published; rows of items published before this table existed are written by
-- `FaqRepository.indexMissing` when the catalog module starts.
create table catalog_faq (
  code text not null references catalog_items (code) on delete cascade,
  position integer not null,
  version integer not null,
  question text not null,
  answer text not null,
  -- weights: A the question, B the answer, C the item's names (Chinese, English) and topics
  search tsvector not null,
  primary key (code, position)
);
create index catalog_faq_search_idx on catalog_faq using gin (search) with (fastupdate = off);

-- The curated 常见问题 shown on the help page before anything is typed, by item and question text, so a new
-- version of the item that keeps the question keeps its place.
create table catalog_faq_popular (
  code text not null,
  question text not null,
  rank integer not null,
  primary key (code, question)
);
