-- OIDC artefacts are now stored under an HMAC of their identifier, never the identifier itself (an access or
-- refresh token, an authorization code, a session cookie works as a credential when read from the table).
-- Rows written before this migration hold identifiers in clear and can no longer be found by the new key:
-- delete them. Signed-in relying parties sign in again; machine clients fetch a new token.
delete from oidc_payloads;
