-- Personal data at rest: the 快申快享 bank account and the 12345 caller's name and phone are sealed with the
-- platform's personal-data cipher (platform/crypto/pii.ts) in *_enc columns; new rows never write the clear
-- columns. SQL cannot seal (the key is not in the database), so rows written before this migration keep
-- their clear value until `yiwang pii reencrypt` seals it and clears the old column; until then reads fall
-- back to the clear column, so every existing row still reads.
alter table policies_entitlements add column bank_account_enc bytea;
alter table hotline_requests add column caller_name_enc bytea;
alter table hotline_requests add column caller_phone_enc bytea;
