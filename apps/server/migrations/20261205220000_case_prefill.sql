-- 免填 (issue 15): the catalog checks `license:<type>.<field>` prefill sources against the license types'
-- fields, so its read view of license types gains them (added at the end: create or replace keeps the rest).
create or replace view catalog_license_types as
  select code, name, name_en, issuer, holder, fields from license_types;

-- What a draft was prefilled with, by field: {source, label, labelEn, digest}. The digest is a keyed hash
-- of the value (never the value: form data is personal and stored sealed), so the detail shows the source
-- only while the field still holds the prefilled value.
alter table cases add column prefilled jsonb not null default '{}';
