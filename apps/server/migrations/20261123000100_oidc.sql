-- OpenID Connect provider (oidc-provider) storage, shared by every server process.
--
-- oidc_payloads: the provider's own artefacts (sessions, interactions, authorization codes, access and
-- refresh tokens, client-credentials tokens, grants, …), one row per (model, id) with the JSON payload.
-- Rows are looked up by id, by interaction uid (sessions), by user code (device flow) and revoked by
-- grant id; expired rows are deleted by a periodic clean-up.
create table oidc_payloads (
  model        text not null,
  id           text not null,
  payload      jsonb not null,
  grant_id     text,
  uid          text,
  user_code    text,
  expires_at   timestamptz,
  consumed_at  timestamptz,
  primary key (model, id)
);
create index oidc_payloads_grant_idx on oidc_payloads (grant_id) where grant_id is not null;
create index oidc_payloads_uid_idx on oidc_payloads (uid) where uid is not null;
create index oidc_payloads_user_code_idx on oidc_payloads (user_code) where user_code is not null;
create index oidc_payloads_expires_idx on oidc_payloads (expires_at) where expires_at is not null;

-- Relying parties registered by platform administrators. The secret is sealed with AES-256-GCM under
-- DATA_ENCRYPTION_KEY (the provider compares it in clear); it is shown once, at creation and rotation.
create table oidc_clients (
  client_id                  text primary key,
  name                       text not null,
  kind                       text not null,
  department_id              uuid not null references departments (id) on delete restrict,
  redirect_uris              text[] not null default '{}',
  post_logout_redirect_uris  text[] not null default '{}',
  grant_types                text[] not null,
  scopes                     text[] not null,
  secret_enc                 bytea not null,
  status                     text not null default 'active',
  created_by                 text not null,
  created_at                 timestamptz not null default now(),
  updated_at                 timestamptz not null default now(),
  revoked_at                 timestamptz,
  secret_rotated_at          timestamptz,
  constraint oidc_clients_kind check (kind in ('web', 'machine')),
  constraint oidc_clients_status check (status in ('active', 'revoked')),
  constraint oidc_clients_id_format check (client_id ~ '^[a-z0-9][a-z0-9._-]{2,63}$')
);
create index oidc_clients_department_idx on oidc_clients (department_id);

-- Signing keys (JWK, private part sealed). The newest unretired key signs; every key not yet retired is
-- published at /oidc/jwks so tokens signed before a rotation keep verifying.
create table oidc_signing_keys (
  kid          text primary key,
  alg          text not null,
  public_jwk   jsonb not null,
  private_enc  bytea not null,
  created_at   timestamptz not null default now(),
  superseded_at timestamptz,
  retired_at   timestamptz,
  constraint oidc_signing_keys_alg check (alg in ('RS256', 'ES256'))
);
