-- 一网统管 rollups (indicators) sum 好差评 and 12345 requests over a range of local days by created_at
-- (evaluation/measures-source.ts, hotline/measures-source.ts); without these indexes each rollup read the
-- whole table. Partial, with the measure sources' own predicates, so the planner can use them for exactly
-- those queries and they stay small.
create index evaluations_created on evaluations (created_at) where kind = 'initial';
create index hotline_requests_created on hotline_requests (created_at) where merged_into is null;
