-- Electronic licenses (电子证照): license types (now owned by this module; the catalog keeps a read-only
-- view for its references), issued licenses with their GB/T 36904 identifiers, status list indexes,
-- and authorised uses (授权用证) of a license for a case.

create table license_types (
  code        text primary key,
  name        text not null,
  name_en     text,
  -- The issuing department's key (departments.key).
  issuer      text not null,
  holder      text not null,
  -- Null: valid without an end date.
  valid_years integer,
  -- [{key, label, labelEn, formKey?}]: the fields a license of this type carries, and where an
  -- application's form supplies them.
  fields      jsonb not null default '[]',
  updated_at  timestamptz not null default now(),
  constraint license_types_code_format check (code ~ '^[A-Z][A-Z0-9_]{0,15}$'),
  constraint license_types_holder check (holder in ('natural_person', 'legal_person', 'any')),
  constraint license_types_valid_years check (valid_years is null or valid_years between 1 and 100)
);
insert into license_types (code, name, name_en, issuer, holder)
  select code, name, name_en, issuer, holder from catalog_license_types;
drop table catalog_license_types;
-- An auto-updatable view: the catalog (and its seed) keep reading and inserting the columns it knows.
create view catalog_license_types as
  select code, name, name_en, issuer, holder from license_types;

-- Serial numbers per license type and issuer (the <serial> of the identifier).
create table license_serials (
  type_code     text not null references license_types (code),
  department_id uuid not null references departments (id),
  last          bigint not null,
  primary key (type_code, department_id)
);

-- Bitstring Status List positions per issuing department (one list per department and purpose; an
-- index is never reused).
create table license_status_lists (
  department_id uuid primary key references departments (id),
  next_index    integer not null default 0,
  size          integer not null default 131072
);

create table licenses (
  id                 uuid primary key default gen_random_uuid(),
  identifier         text not null,
  type_code          text not null references license_types (code),
  department_id      uuid not null references departments (id),
  serial             bigint not null,
  version            integer not null default 1,
  holder_kind        text not null,
  holder_name        text not null,
  -- Enterprise: its USCC (public by law). Person: the ID number, AES-256-GCM sealed, with a blind index.
  holder_uscc        text,
  holder_id_enc      bytea,
  holder_id_bidx     bytea,
  holder_enterprise_id uuid references enterprises (id),
  holder_account_id  uuid references accounts (id),
  fields             jsonb not null default '{}',
  issued_at          timestamptz not null,
  valid_from         date not null,
  valid_until        date,
  status             text not null default 'valid',
  status_reason      text,
  status_changed_at  timestamptz,
  status_index       integer not null,
  source             text not null,
  case_id            uuid,
  seal_id            uuid not null references seals (id),
  pdf_file_id        uuid references stored_files (id),
  pdf_sha256         text,
  credential         text not null,
  qr_token           text not null,
  issued_by          text not null,
  created_at         timestamptz not null default now(),
  constraint licenses_identifier_unique unique (identifier),
  constraint licenses_status_check check (status in ('valid', 'suspended', 'revoked')),
  constraint licenses_holder_kind_check check (holder_kind in ('person', 'enterprise')),
  constraint licenses_holder_check check (
    (holder_kind = 'person' and holder_id_enc is not null and holder_id_bidx is not null)
    or (holder_kind = 'enterprise' and holder_uscc is not null)),
  constraint licenses_source_check check (source in ('case', 'import')),
  constraint licenses_status_index_unique unique (department_id, status_index)
);
-- One license per decided case.
create unique index licenses_case_unique on licenses (case_id) where case_id is not null;
create index licenses_person_idx on licenses (holder_id_bidx) where holder_id_bidx is not null;
create index licenses_enterprise_idx on licenses (holder_uscc) where holder_uscc is not null;
create index licenses_pdf_idx on licenses (pdf_sha256);

-- 授权用证: the holder consented that the departments handling one case read this license.
create table license_uses (
  id            uuid primary key default gen_random_uuid(),
  license_id    uuid not null references licenses (id),
  case_id       uuid not null,
  material      text not null,
  consented_by  text not null,
  consented_at  timestamptz not null,
  -- Set when the license is revoked or suspended after the use: the case is marked.
  flagged_at    timestamptz,
  flagged_status text,
  constraint license_uses_unique unique (license_id, case_id, material)
);
create index license_uses_case_idx on license_uses (case_id);
