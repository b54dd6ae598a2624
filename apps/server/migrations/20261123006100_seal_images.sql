-- A seal's image may be uploaded (a scan of the physical seal, PNG with transparency) instead of the
-- round red seal drawn from the department's name.
alter table seals add column image_file_id uuid references stored_files (id);
