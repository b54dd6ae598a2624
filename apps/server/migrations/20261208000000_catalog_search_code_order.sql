-- Catalog search ties by code in byte order (collate "C") on every server, whatever the database's default
-- collation. Under en_US.UTF-8 for instance the hyphens in 990100-XK-001 weigh less than letters, so the
-- order of equally ranked items depended on how the database was created. The in-process ranking index
-- (apps/server/src/modules/catalog/search/ranking-index.ts) answers exactly what this function answers,
-- and it orders codes by their bytes; now both do. Otherwise the function is unchanged (20261123008000).
create or replace function catalog_search(
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
    select m.code, m.tier, m.len from m order by m.tier desc, m.len, m.code collate "C" limit p_limit offset p_offset
  ),
  b as (
    select cb.code, cb.name, cb.name_en, cb.description
    from catalog_bundles cb
    where p_bundles > 0 and cb.status = 'published' and cb.search @@ p_all
    order by ts_rank('{0.1, 0.2, 0.4, 1.0}', cb.search, p_all) desc, cb.code collate "C"
    limit p_bundles
  )
  select
    (select json_agg(c.hit order by page.tier desc, page.len, page.code collate "C")
       from page join catalog_items c on c.code = page.code),
    (select count(*) from m),
    (select json_agg(b) from b)
  into hits, total, bundles;
end
$fn$;
