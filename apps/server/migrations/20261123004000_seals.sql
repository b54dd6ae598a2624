-- Electronic seals (电子签章): key pairs behind the SealKeyStore seam, the platform's seal CA and the
-- departments' seals with their X.509 certificates.

-- Keys of the software SealKeyStore: the private key (PKCS#8 DER) sealed with DATA_ENCRYPTION_KEY
-- (AES-256-GCM, associated data "seal-key:<id>"); never stored in clear. An HSM/KMS store keeps only a
-- reference elsewhere.
create table seal_keys (
  id          uuid primary key default gen_random_uuid(),
  algorithm   text not null,
  public_key  bytea not null,
  private_key bytea not null,
  created_at  timestamptz not null default now(),
  constraint seal_keys_algorithm_check check (algorithm in ('ECDSA-P256'))
);

-- The platform's seal CA (one active row; created on first use).
create table seal_cas (
  id              uuid primary key default gen_random_uuid(),
  key_id          uuid not null references seal_keys (id),
  subject         text not null,
  certificate_pem text not null,
  serial          text not null,
  valid_from      timestamptz not null,
  valid_to        timestamptz not null,
  active          boolean not null default true,
  created_at      timestamptz not null default now()
);
create unique index seal_cas_one_active on seal_cas (active) where active;

create table seals (
  id              uuid primary key default gen_random_uuid(),
  department_id   uuid not null references departments (id),
  name            text not null,
  algorithm       text not null,
  key_id          uuid not null references seal_keys (id),
  ca_id           uuid not null references seal_cas (id),
  certificate_pem text not null,
  serial          text not null,
  valid_from      timestamptz not null,
  valid_to        timestamptz not null,
  status          text not null default 'active',
  revoked_at      timestamptz,
  revoked_reason  text,
  created_by      text not null,
  created_at      timestamptz not null default now(),
  constraint seals_status_check check (status in ('active', 'revoked')),
  constraint seals_revoked_check check ((status = 'revoked') = (revoked_at is not null)),
  constraint seals_serial_unique unique (serial)
);
create index seals_department_idx on seals (department_id, created_at);
