-- Password history (GB/T 22239 level 3, 身份鉴别: passwords changed regularly, not reused). The hashes of an
-- account's earlier passwords, so a change can refuse one of the last PASSWORD_HISTORY (argon2id, like the
-- current one; never the passwords). Rows go with their account.
create table password_history (
  id           bigint generated always as identity primary key,
  account_id   uuid not null references accounts (id) on delete cascade,
  password_hash text not null,
  created_at   timestamptz not null default now()
);
create index password_history_account_idx on password_history (account_id, created_at desc);
