-- Open data usage per dataset and day (issue 21: views, downloads and API calls per dataset; the openness
-- indicators' use figures). Each node counts in memory and adds its counts every few seconds with one upsert
-- per (dataset, day): a busy dataset's row is not locked once per request.
create table opendata_dataset_stats (
  dataset_id uuid not null references opendata_datasets (id),
  day        date not null,
  views      bigint not null default 0,
  downloads  bigint not null default 0,
  api_calls  bigint not null default 0,
  primary key (dataset_id, day)
);
