-- Catalog search, part 2: faster uncached searches on a large catalog (measured on 10,000 items).
--
-- 1. GIN indexes without fastupdate. Catalog search reads far more than the catalog changes. With GIN's
--    default fastupdate, new and edited items wait in the index's pending list until a vacuum, and every
--    search scans that list sequentially: after seeding 10,000 items the list held 1,129 entries on 127
--    pages and a five-word search spent 2.5 ms there instead of 0.16 ms in the index proper. Writing
--    straight into the index costs an edit or an import a little more; searches never pay for it.
select gin_clean_pending_list('catalog_items_search_idx'::regclass);
select gin_clean_pending_list('catalog_items_topics_idx'::regclass);
select gin_clean_pending_list('catalog_bundles_search_idx'::regclass);
alter index catalog_items_search_idx set (fastupdate = off);
alter index catalog_items_topics_idx set (fastupdate = off);
alter index catalog_bundles_search_idx set (fastupdate = off);

-- 2. The search statement as a function with a cached generic plan. Parsing and planning the statement
--    cost PostgreSQL more than running it (0.4-0.9 ms against 0.2-0.3 ms for a typical query). A PL/pgSQL
--    function keeps its plan for the life of the connection, and force_generic_plan makes that plan the
--    one for every call. The plan is the same for any query (a bitmap scan of the GIN index: no other
--    access path can answer `search @@ tsquery`), so nothing is lost by not re-planning per query.
--
-- Ranking tiers, best first: the name equals the query (5); the name contains it (4); the name contains a
-- synonym phrase (3); every word matches in the name, weight A (2); in the name or topics, A or B (1);
-- anywhere: conditions, materials, FAQ (0). Within a tier shorter names first, then the code. Only the
-- narrow (code, tier, length) rows are ranked and counted; the page's hits are fetched after, so a broad
-- query (3,000 matches) does not carry every hit through the sort.
--
-- One call answers the page, the total and, when p_bundles > 0, the best matching bundles: an uncached
-- search is one round trip. Filters are optional (null = not filtered).
create function catalog_search(
  p_text text,
  p_phrases text[],
  p_in_name tsquery,
  p_in_name_or_topics tsquery,
  p_all tsquery,
  p_audience text,
  p_dept text,
  p_topic text,
  p_online_depth integer,
  p_limit integer,
  p_offset integer,
  p_bundles integer,
  out hits json,
  out total bigint,
  out bundles json
)
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $fn$
begin
  with m as (
    select i.code, length(i.name_norm) as len,
      case
        when i.name_norm = p_text then 5
        when strpos(i.name_norm, p_text) > 0 then 4
        when exists (select 1 from unnest(p_phrases) p where strpos(i.name_norm, p) > 0) then 3
        when i.search @@ p_in_name then 2
        when i.search @@ p_in_name_or_topics then 1
        else 0
      end as tier
    from catalog_items i
    where i.status = 'published'
      and i.search @@ p_all
      and (p_audience is null or i.audience = p_audience or i.audience = 'any')
      and (p_dept is null or i.dept = p_dept or p_dept = any (i.co_depts))
      and (p_topic is null or i.topics @> array[p_topic])
      and (p_online_depth is null or i.online_depth >= p_online_depth)
  ),
  page as (
    select m.code, m.tier, m.len from m order by m.tier desc, m.len, m.code limit p_limit offset p_offset
  ),
  b as (
    select cb.code, cb.name, cb.name_en, cb.description
    from catalog_bundles cb
    where p_bundles > 0 and cb.status = 'published' and cb.search @@ p_all
    order by ts_rank('{0.1, 0.2, 0.4, 1.0}', cb.search, p_all) desc, cb.code
    limit p_bundles
  )
  select
    (select json_agg(c.hit order by page.tier desc, page.len, page.code)
       from page join catalog_items c on c.code = page.code),
    (select count(*) from m),
    (select json_agg(b) from b)
  into hits, total, bundles;
end
$fn$;
