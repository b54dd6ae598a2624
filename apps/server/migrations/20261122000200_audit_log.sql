-- Tamper-evident audit log (modules/audit): an append-only Merkle tree per RFC 9162 with signed tree heads.
--
-- Writers append to audit_queue inside their own transaction (so an audit entry exists exactly when the
-- change it describes was committed). The sequencer moves queued entries into the tree in batches,
-- assigning contiguous leaf indexes under an advisory lock, and stores every complete (perfect,
-- aligned) subtree hash in audit_nodes, so any proof needs O(log n) lookups.
create table audit_queue (
  id          bigserial primary key,
  entry       bytea not null,
  enqueued_at timestamptz not null default now()
);

create table audit_entries (
  leaf_index   bigint primary key check (leaf_index >= 0),
  entry        bytea not null,          -- canonical JSON (RFC 8785), the leaf input
  event_type   text not null,           -- the fields below are copies from entry, for search only
  actor        text not null,
  acting_for   text,
  subject      text,
  occurred_at  timestamptz not null,
  sequenced_at timestamptz not null default now()
);
create index audit_entries_type_time_idx on audit_entries (event_type, occurred_at);
create index audit_entries_actor_time_idx on audit_entries (actor, occurred_at);
create index audit_entries_subject_idx on audit_entries (subject);
create index audit_entries_time_idx on audit_entries (occurred_at);

-- Hash of the perfect subtree covering leaves [idx * 2^level, (idx + 1) * 2^level); level 0 = leaf hashes.
create table audit_nodes (
  level smallint not null check (level >= 0 and level < 64),
  idx   bigint not null check (idx >= 0),
  hash  bytea not null check (length(hash) = 32),
  primary key (level, idx)
);
create index audit_leaf_hash_idx on audit_nodes (hash) where level = 0;

-- The current tree: exactly one row.
create table audit_tree (
  singleton  boolean primary key default true check (singleton),
  size       bigint not null,
  root       bytea not null,
  updated_at timestamptz not null default now()
);
insert into audit_tree (size, root) values (0, decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'));

-- Ed25519 signing keys of the log. Private keys are encrypted with DATA_ENCRYPTION_KEY (AES-256-GCM).
create table audit_keys (
  kid         text primary key,
  public_jwk  jsonb not null,
  private_key bytea not null,
  created_at  timestamptz not null default now(),
  retired_at  timestamptz
);
create unique index audit_keys_one_active on audit_keys ((true)) where retired_at is null;

-- Signed tree heads: the signature covers RFC 6962 §3.5 TreeHeadSignature (50 bytes).
create table audit_tree_heads (
  id           bigserial primary key,
  tree_size    bigint not null,
  timestamp_ms bigint not null,
  root_hash    bytea not null check (length(root_hash) = 32),
  signature    bytea not null,
  key_id       text not null references audit_keys (kid)
);
create index audit_tree_heads_size_idx on audit_tree_heads (tree_size, timestamp_ms);
