-- 一码通 signing keys may be SM2 (CRYPTO_SUITE=national) beside ES256: the scheme is recorded per key
-- (modules/onecode/schemes.ts), so codes of both kinds verify while an installation changes suite.
alter table onecode_keys drop constraint onecode_keys_algorithm;
alter table onecode_keys add constraint onecode_keys_algorithm check (algorithm in ('ES256', 'SM2'));
