-- 一码通 (personal one-code). Signing keys: `code` keys sign the personal codes and rotate on a schedule
-- (retired_at: no longer signs, still in the key list for a grace period); one `list` key signs the key
-- list that verifiers pin. A removed key (removed_at, after a compromise) leaves the list at once. Private
-- keys are sealed with the data encryption key (SecretBox), never stored in clear.
create table onecode_keys (
  kid          text primary key,
  purpose      text not null,
  algorithm    text not null,
  public_jwk   jsonb not null,
  private_key  bytea not null,
  created_at   timestamptz not null,
  retired_at   timestamptz,
  removed_at   timestamptz,
  removed_by   text,
  removed_reason text,
  constraint onecode_keys_purpose check (purpose in ('code', 'list')),
  constraint onecode_keys_algorithm check (algorithm in ('ES256'))
);

-- One row per scan at a window (亮码办事): the verification event the holder sees (who scanned, when), the
-- holder's answer and the licenses consented for this visit. The nonce is unique: a code scanned twice is
-- refused (replay) by the constraint itself, so two windows racing on one screenshot cannot both win.
create table onecode_scans (
  id            uuid primary key default gen_random_uuid(),
  nonce         text not null unique,
  kid           text not null references onecode_keys (kid),
  account_id    uuid not null,
  department_id uuid not null,
  clerk_id      uuid not null,
  status        text not null default 'pending',
  license_ids   uuid[] not null default '{}',
  scanned_at    timestamptz not null,
  expires_at    timestamptz not null,
  decided_at    timestamptz,
  constraint onecode_scans_status check (status in ('pending', 'consented', 'declined'))
);
create index onecode_scans_account on onecode_scans (account_id, scanned_at desc);
