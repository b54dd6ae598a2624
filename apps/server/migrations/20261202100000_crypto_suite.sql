-- The national crypto suite (CRYPTO_SUITE=national, 商用密码): SM2 seal keys and an SM2 seal root CA beside
-- the ECDSA P-256 ones. Each key, CA and seal records its algorithm, so seals, PDFs and credentials made
-- under either suite keep verifying after the configuration changes.
alter table seal_keys drop constraint seal_keys_algorithm_check;
alter table seal_keys add constraint seal_keys_algorithm_check check (algorithm in ('ECDSA-P256', 'SM2'));

-- One active CA per algorithm (was: one active CA).
alter table seal_cas add column algorithm text not null default 'ECDSA-P256';
alter table seal_cas add constraint seal_cas_algorithm_check check (algorithm in ('ECDSA-P256', 'SM2'));
drop index seal_cas_one_active;
create unique index seal_cas_one_active on seal_cas (algorithm) where active;

alter table seals add constraint seals_algorithm_check check (algorithm in ('ECDSA-P256', 'SM2'));
