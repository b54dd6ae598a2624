-- 三员分立, second step (issue 14): the security administrator (安全管理员) role, dual control (双人控制) of the
-- accounts that hold a separated role, and stored security alerts.

alter table staff_roles drop constraint staff_roles_role;
alter table staff_roles add constraint staff_roles_role
  check (role in ('window_clerk', 'approver', 'dept_admin', 'platform_admin', 'auditor', 'supervisor',
                  'security_admin'));

-- Proposals to create or disable an account holding a protected role (auditor, security administrator) after
-- installation. A security administrator proposes, an auditor decides; the proposer and the account concerned
-- never decide. Nothing is created or disabled until a decision approves it, in the transaction that records
-- the decision. No password is ever stored here: the account's one-time password is generated at approval,
-- shown once to the approver and stored only as the account's argon2id hash.
create table account_proposals (
  id                 uuid primary key default gen_random_uuid(),
  action             text not null check (action in ('create', 'disable')),
  role               text not null check (role in ('auditor', 'security_admin')),
  -- create: the account to make
  username           text,
  display_name       text,
  department_id      uuid references departments (id),
  -- disable: the account to disable
  target_account_id  uuid references accounts (id),
  reason             text not null,
  status             text not null default 'pending'
                     check (status in ('pending', 'approved', 'refused', 'expired')),
  proposed_by        uuid not null references accounts (id),
  proposed_at        timestamptz not null,
  expires_at         timestamptz not null,
  decided_by         uuid references accounts (id),
  decided_at         timestamptz,
  decision_note      text,
  -- the account the approval created (create) or disabled (disable)
  account_id         uuid references accounts (id),
  constraint account_proposals_shape check (
    (action = 'create' and username is not null and display_name is not null and department_id is not null
       and target_account_id is null)
    or (action = 'disable' and target_account_id is not null and username is null)
  ),
  constraint account_proposals_decided check ((status = 'pending') = (decided_at is null))
);
-- One pending proposal per user name to create and per account to disable: a second is refused (409), so two
-- auditors cannot approve two twins of one proposal.
create unique index account_proposals_pending_username on account_proposals (username) where status = 'pending';
create unique index account_proposals_pending_target on account_proposals (target_account_id) where status = 'pending';
create index account_proposals_list_idx on account_proposals (proposed_at desc);

-- Security alerts (安全告警): raised by the detector (modules/security) and read by security administrators
-- and auditors. One open (unacknowledged) alert per kind and subject: a further detection while it is open
-- adds to its count instead of raising another one.
create table security_alerts (
  id               uuid primary key default gen_random_uuid(),
  kind             text not null check (kind in ('lockouts', 'permission_denied', 'audit_verify_failed')),
  subject          text not null,
  occurrences      integer not null,
  detections       integer not null default 1,
  details          jsonb not null default '{}',
  first_seen_at    timestamptz not null,
  last_seen_at     timestamptz not null,
  acknowledged_by  uuid references accounts (id),
  acknowledged_at  timestamptz,
  acknowledge_note text,
  constraint security_alerts_ack check ((acknowledged_by is null) = (acknowledged_at is null))
);
create unique index security_alerts_open on security_alerts (kind, subject) where acknowledged_at is null;
create index security_alerts_list_idx on security_alerts (last_seen_at desc);

-- Signals the detector counts in a sliding window (account lockouts). Rows older than the longest window
-- are deleted by the detector as it writes; nothing else reads them.
create table security_signals (
  id          bigint generated always as identity primary key,
  kind        text not null,
  subject     text not null,
  occurred_at timestamptz not null
);
create index security_signals_window_idx on security_signals (kind, occurred_at);
