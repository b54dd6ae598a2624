-- Unified identity (统一身份认证): accounts of citizens and staff, sessions, SMS codes, enterprises and
-- their agents, the demo population and business registries, and the log of unmasked personal-data reads.
--
-- Personal data (PIPL): phone and citizen ID numbers are never stored in clear. `*_enc` holds AES-256-GCM
-- ciphertext (platform/crypto/pii.ts, key version in the first bytes so keys can rotate); `*_bidx` holds
-- a keyed HMAC-SHA256 blind index used for equality lookups and uniqueness without decrypting.

create table accounts (
  id                    uuid primary key default gen_random_uuid(),
  kind                  text not null,
  -- staff sign in with a user name; citizens with their phone number
  username              text,
  display_name          text not null,
  -- the legal name, set when a registry match raises the account to L2
  real_name             text,
  phone_enc             bytea,
  phone_bidx            bytea,
  id_number_enc         bytea,
  id_number_bidx        bytea,
  password_hash         text,
  realname_level        smallint not null default 1,
  realname_verified_at  timestamptz,
  -- how the current level was reached: registry (L2), in_person / strong_factor (L3, by a staff member)
  realname_method       text,
  realname_verified_by  uuid references accounts (id) on delete set null,
  department_id         uuid references departments (id) on delete restrict,
  status                text not null default 'active',
  failed_logins         integer not null default 0,
  locked_until          timestamptz,
  totp_secret_enc       bytea,
  totp_enabled_at       timestamptz,
  -- the last accepted TOTP time step: a code is accepted once (RFC 6238 §5.2)
  totp_last_step        bigint,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  constraint accounts_kind check (kind in ('citizen', 'staff')),
  constraint accounts_status check (status in ('active', 'disabled')),
  constraint accounts_level check (realname_level between 1 and 3),
  constraint accounts_username_format check (username is null or username ~ '^[a-z][a-z0-9._-]{2,31}$'),
  constraint accounts_citizen_has_phone check (kind <> 'citizen' or phone_bidx is not null),
  constraint accounts_staff_has_username check (kind <> 'staff' or (username is not null and department_id is not null)),
  constraint accounts_l2_has_id check (realname_level = 1 or (id_number_bidx is not null and real_name is not null))
);
create unique index accounts_username_unique on accounts (username) where username is not null;
create unique index accounts_citizen_phone_unique on accounts (phone_bidx) where kind = 'citizen';
create unique index accounts_citizen_id_number_unique on accounts (id_number_bidx) where kind = 'citizen' and id_number_bidx is not null;
create index accounts_department_idx on accounts (department_id) where department_id is not null;

-- Roles of staff accounts. Department-scoped roles act within the account's department.
create table staff_roles (
  account_id  uuid not null references accounts (id) on delete cascade,
  role        text not null,
  granted_at  timestamptz not null default now(),
  granted_by  text not null,
  primary key (account_id, role),
  constraint staff_roles_role check (role in ('window_clerk', 'approver', 'dept_admin', 'platform_admin', 'auditor'))
);

create table enterprises (
  id                    uuid primary key default gen_random_uuid(),
  uscc                  text not null,
  name                  text not null,
  legal_rep_account_id  uuid not null references accounts (id) on delete restrict,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  constraint enterprises_uscc_unique unique (uscc),
  constraint enterprises_uscc_format check (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$')
);
create index enterprises_rep_idx on enterprises (legal_rep_account_id);

-- An agent (经办人) acts for an enterprise within scopes until expiry or revocation.
create table enterprise_agents (
  id             uuid primary key default gen_random_uuid(),
  enterprise_id  uuid not null references enterprises (id) on delete cascade,
  account_id     uuid not null references accounts (id) on delete cascade,
  scopes         text[] not null,
  expires_at     timestamptz not null,
  created_by     uuid not null references accounts (id) on delete restrict,
  created_at     timestamptz not null default now(),
  revoked_at     timestamptz,
  revoked_by     uuid references accounts (id) on delete set null,
  constraint enterprise_agents_scopes check (cardinality(scopes) > 0)
);
create unique index enterprise_agents_active_unique on enterprise_agents (enterprise_id, account_id) where revoked_at is null;
create index enterprise_agents_account_idx on enterprise_agents (account_id);

-- Sessions: the cookie holds a random token; only its SHA-256 is stored. `stage` = mfa_pending for a
-- staff member who passed the password but not yet the second factor (such a session authorises nothing).
create table sessions (
  id            uuid primary key default gen_random_uuid(),
  token_hash    bytea not null,
  account_id    uuid not null references accounts (id) on delete cascade,
  stage         text not null default 'active',
  acting_for    uuid references enterprises (id) on delete set null,
  auth_method   text not null,
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now(),
  expires_at    timestamptz not null,
  revoked_at    timestamptz,
  ip            text,
  user_agent    text,
  constraint sessions_token_unique unique (token_hash),
  constraint sessions_stage check (stage in ('active', 'mfa_pending'))
);
create index sessions_account_idx on sessions (account_id) where revoked_at is null;

-- One-time SMS codes: only an HMAC of the code is kept; single use, short expiry, few attempts.
create table sms_codes (
  id           uuid primary key default gen_random_uuid(),
  phone_bidx   bytea not null,
  purpose      text not null,
  code_hash    bytea not null,
  attempts     integer not null default 0,
  expires_at   timestamptz not null,
  consumed_at  timestamptz,
  created_at   timestamptz not null default now(),
  constraint sms_codes_purpose check (purpose in ('register', 'login', 'reset_password'))
);
create index sms_codes_lookup_idx on sms_codes (phone_bidx, purpose, created_at desc);

-- What the development SMS sender "sent": testers read it through GET /api/identity/dev/sms (never in
-- production). The phone is kept as its blind index and a masked form only.
create table sms_outbox (
  id            bigint generated always as identity primary key,
  phone_bidx    bytea not null,
  phone_masked  text not null,
  text          text not null,
  created_at    timestamptz not null default now()
);
create index sms_outbox_phone_idx on sms_outbox (phone_bidx, id desc);

-- Fixed-window counters shared by every server process (rate limits on login paths).
create table rate_limit_counters (
  key           text not null,
  window_start  timestamptz not null,
  count         integer not null,
  primary key (key, window_start)
);

-- Every read of a personal-data field in clear: who, when, whose, which field, why.
create table pii_access_log (
  id            bigint generated always as identity primary key,
  actor         text not null,
  account_id    uuid references accounts (id) on delete set null,
  subject       text not null,
  field         text not null,
  reason        text not null,
  request_id    text,
  created_at    timestamptz not null default now()
);
create index pii_access_log_subject_idx on pii_access_log (subject, created_at desc);

-- Demo registries hosted by the platform (later served through the data exchange, issue 8).
create table population_registry (
  id_number_bidx  bytea primary key,
  id_number_enc   bytea not null,
  name            text not null,
  gender          text not null,
  birth_date      date not null,
  region_code     text not null,
  constraint population_registry_gender check (gender in ('male', 'female'))
);

create table business_registry (
  uscc                text primary key,
  name                text not null,
  legal_rep_name      text not null,
  legal_rep_id_bidx   bytea not null,
  legal_rep_id_enc    bytea not null,
  status              text not null default 'active',
  registered_on       date not null,
  constraint business_registry_status check (status in ('active', 'revoked', 'cancelled'))
);
