-- Data exchange, step 2 (issue 8): resources served by a provider's own HTTP API through the gateway
-- (proxied, with a timeout per resource), and keyed query hashes in the call log.
alter table exchange_resources add column endpoint_url text;
alter table exchange_resources add column timeout_ms integer;
alter table exchange_resources add constraint exchange_resources_source check (
  source in ('registry.population', 'registry.business', 'provider.http'));
alter table exchange_resources add constraint exchange_resources_endpoint check (
  (source = 'provider.http') = (endpoint_url is not null));
alter table exchange_resources add constraint exchange_resources_timeout check (
  timeout_ms is null or timeout_ms between 50 and 60000);

-- A plain SHA-256 of a lookup by ID number can be reversed by trying every ID number; calls from now on
-- carry an HMAC-SHA256 under a key derived from the PII index key instead. Earlier rows keep their SHA-256.
alter table exchange_calls add column query_hmac text;
alter table exchange_calls alter column query_sha256 drop not null;
alter table exchange_calls add constraint exchange_calls_query_hash check (
  query_sha256 is not null or query_hmac is not null);
