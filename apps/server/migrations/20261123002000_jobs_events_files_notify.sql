-- Platform background work, domain events, stored files and user notifications.

-- Jobs and timers (platform/jobs). One row per pending (kind, key); scheduling again replaces it (and gives it a
-- new id, so a handler that reschedules its own key is not deleted when it completes). A worker claims a due
-- row with FOR UPDATE SKIP LOCKED and runs the handler in the transaction that deletes the row.
create table jobs (
  id           uuid primary key default gen_random_uuid(),
  kind         text not null,
  key          text not null,
  run_at       timestamptz not null,
  payload      jsonb not null default '{}'::jsonb,
  attempts     integer not null default 0,
  last_error   text,
  -- reserved: the row lock is the claim; nothing sets this yet
  locked_until timestamptz,
  created_at   timestamptz not null default now(),
  constraint jobs_kind_key_unique unique (kind, key),
  constraint jobs_attempts_nonnegative check (attempts >= 0)
);
create index jobs_due_idx on jobs (run_at);

-- Transactional outbox (platform/events): written in the transaction of the change; delivery to each
-- subscriber is a job (kind 'event:<subscriber>', key = event id) scheduled in that same transaction.
create table outbox_events (
  id          uuid primary key,
  seq         bigint generated always as identity,
  type        text not null,
  subject     text not null,
  payload     jsonb not null default '{}'::jsonb,
  occurred_at timestamptz not null,
  constraint outbox_events_seq_unique unique (seq)
);
create index outbox_events_type_idx on outbox_events (type, seq);

-- Stored files (platform/files): the bytes live in the blob store under storage_key (content-addressed).
create table stored_files (
  id           uuid primary key default gen_random_uuid(),
  storage_key  text not null,
  sha256       text not null,
  size         bigint not null,
  content_type text not null,
  name         text not null,
  created_by   text not null,
  created_at   timestamptz not null default now(),
  constraint stored_files_sha256_format check (sha256 ~ '^[0-9a-f]{64}$'),
  constraint stored_files_size_nonnegative check (size >= 0)
);
create index stored_files_sha256_idx on stored_files (sha256);

-- Notifications (modules/notify): in-app messages to one account each.
create table notifications (
  id                   uuid primary key default gen_random_uuid(),
  recipient_account_id uuid not null references accounts (id) on delete cascade,
  kind                 text not null,
  title_zh             text not null,
  title_en             text not null,
  body_zh              text not null,
  body_en              text not null,
  link                 text,
  subject              text not null,
  created_at           timestamptz not null default now(),
  read_at              timestamptz
);
create index notifications_recipient_idx on notifications (recipient_account_id, created_at desc, id desc);
create index notifications_unread_idx on notifications (recipient_account_id) where read_at is null;
