-- Photos taken on an inspection visit (issue 23: the inspector's phone page). The bytes live in the file store
-- (stored_files, by SHA-256); this row ties a photo to its visit and to the inspector who took it. Only
-- inspectors of the visit add photos, only while the visit is open; inspectors and the lead department read
-- them; they are never public. Each upload writes an audit entry in the same transaction.
create table supervision_visit_photos (
  id           uuid primary key default gen_random_uuid(),
  visit_id     uuid not null references supervision_visits (id),
  file_id      uuid not null references stored_files (id),
  sha256       text not null,
  size         integer not null,
  content_type text not null,
  name         text not null,
  uploaded_by  uuid not null,
  created_at   timestamptz not null
);
create index supervision_visit_photos_visit on supervision_visit_photos (visit_id, created_at);
