-- Staff messaging (会商, 部门频道, 私信; issue 18). A thread is a case's 会商 thread (one per case; its
-- departments are the case's workflow departments, copied for listing — access is re-checked against the
-- case on every read), a department channel (one per department) or a direct conversation between two staff.
-- `key` makes each one unique: case:<case id>, department:<department id>, direct:<id>:<id> (sorted).
-- Messages carry a global sequence number, the SSE event id for reconnection (Last-Event-ID). Posting locks the thread row first, so within a thread
-- the sequence order is the commit order. Read receipts: the last sequence each reader has seen.
create table messaging_threads (
  id              uuid primary key default gen_random_uuid(),
  kind            text not null,
  case_id         uuid,
  case_number     text,
  department_ids  uuid[] not null default '{}',
  member_ids      uuid[] not null default '{}',
  key             text not null unique,
  title           text not null,
  created_at      timestamptz not null,
  last_message_at timestamptz,
  last_seq        bigint not null default 0,
  -- when the retention job for this thread is due (null: no messages to expire)
  purge_at        timestamptz,
  constraint messaging_threads_kind check (kind in ('case', 'department', 'direct')),
  constraint messaging_threads_shape check (
    (kind = 'case' and case_id is not null)
    or (kind = 'department' and case_id is null and cardinality(department_ids) = 1)
    or (kind = 'direct' and case_id is null and cardinality(member_ids) = 2)
  )
);
create index messaging_threads_departments_idx on messaging_threads using gin (department_ids);
create index messaging_threads_members_idx on messaging_threads using gin (member_ids);

create table messaging_messages (
  seq                 bigint generated always as identity primary key,
  id                  uuid not null default gen_random_uuid() unique,
  thread_id           uuid not null references messaging_threads (id),
  author_id           uuid not null,
  author_name         text not null,
  body                text not null,
  body_sha256         text not null,
  mentions            uuid[] not null default '{}',
  attachment_file_id  uuid,
  attachment_name     text,
  attachment_type     text,
  attachment_size     bigint,
  attachment_sha256   text,
  created_at          timestamptz not null,
  constraint messaging_messages_body_length check (char_length(body) <= 4000)
);
create index messaging_messages_thread_idx on messaging_messages (thread_id, seq);
create index messaging_messages_created_idx on messaging_messages (thread_id, created_at);

create table messaging_reads (
  thread_id     uuid not null references messaging_threads (id),
  account_id    uuid not null,
  account_name  text not null,
  last_read_seq bigint not null,
  read_at       timestamptz not null,
  primary key (thread_id, account_id)
);
