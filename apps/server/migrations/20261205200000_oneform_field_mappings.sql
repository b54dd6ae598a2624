-- 一表申请: a bundle may join differently named form fields of its items ({ field: { itemCode: property } });
-- a bundle application keeps the mappings it was started with, as its drafts keep their item version's form.
ALTER TABLE catalog_bundles ADD COLUMN field_mappings jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE case_bundle_applications ADD COLUMN field_mappings jsonb NOT NULL DEFAULT '{}'::jsonb;
