-- 电子档案 (archives, issue 26). A package is a BagIt 1.0 bag stored as one tar in the file store
-- (stored_files); its catalogued metadata (著录项) is here, its bytes there. 档号 come from
-- archive_counters: one row per fonds/year/retention class, taken under a row lock in the archiving
-- transaction, so a rolled-back archiving gives its number back and numbers stay gap-free.

-- 档案管理员 (archivist): a staff role of its own.
alter table staff_roles drop constraint staff_roles_role;
alter table staff_roles add constraint staff_roles_role
  check (role in ('window_clerk', 'approver', 'dept_admin', 'platform_admin', 'auditor', 'supervisor',
                  'security_admin', 'archivist'));

create table archive_counters (
  fonds     text not null,
  year      integer not null,
  retention text not null,
  last_no   integer not null,
  primary key (fonds, year, retention)
);

create table archive_packages (
  id             uuid primary key default gen_random_uuid(),
  archive_no     text not null unique,
  fonds          text not null,
  year           integer not null,
  retention      text not null,
  seq            integer not null,
  title          text not null,
  source         text not null,
  -- the archived case (one package per case); null for a received transfer
  case_id        uuid unique,
  -- SHA-256 of the bag's own bag-info External-Identifier for transfers (a package is received once)
  external_id    text unique,
  metadata       jsonb not null,
  metadata_sha256 text not null,
  file_id        uuid,
  package_sha256 text,
  package_bytes  bigint not null,
  -- path → { size, sha256 } of every file in the bag, as archived (what the contents view lists)
  files          jsonb not null,
  status         text not null default 'archived',
  archived_at    timestamptz not null,
  destroyed_at   timestamptz,
  last_check_passed boolean,
  search_text    text not null,
  constraint archive_packages_retention check (retention in ('permanent', '30y', '10y')),
  constraint archive_packages_status check (status in ('archived', 'destroyed')),
  constraint archive_packages_source check (source in ('case', 'transfer')),
  -- the bytes are gone exactly when the package is destroyed
  constraint archive_packages_bytes check ((status = 'destroyed') = (file_id is null))
);
-- our own numbering is unique per fonds/year/class; a transfer keeps the 档号 it arrived with
create unique index archive_packages_seq on archive_packages (fonds, year, retention, seq) where source = 'case';
create index archive_packages_archived_at on archive_packages (archived_at desc);

-- 四性检测 reports, one per run and package.
create table archive_checks (
  id         uuid primary key default gen_random_uuid(),
  package_id uuid not null references archive_packages (id),
  trigger    text not null,
  at         timestamptz not null,
  passed     boolean not null,
  results    jsonb not null,
  constraint archive_checks_trigger check (trigger in ('archiving', 'receipt', 'scheduled', 'manual'))
);
create index archive_checks_package on archive_checks (package_id, at desc);

-- 保管期限 per catalog item (items without a row get the default, 30 years).
create table archive_retention_rules (
  item_code  text primary key,
  retention  text not null,
  updated_by text not null,
  updated_at timestamptz not null,
  constraint archive_retention_rules_retention check (retention in ('permanent', '30y', '10y'))
);

-- 鉴定销毁: a proposal, the archivist's and the supervisor's approvals (two different people), and the
-- destruction record whose SHA-256 the audit log carries.
create table archive_disposals (
  id                     uuid primary key default gen_random_uuid(),
  package_id             uuid not null references archive_packages (id),
  status                 text not null default 'proposed',
  reason                 text not null,
  proposed_by            text not null,
  archivist_approved_by  text,
  archivist_approved_at  timestamptz,
  supervisor_approved_by text,
  supervisor_approved_at timestamptz,
  record                 jsonb,
  created_at             timestamptz not null,
  constraint archive_disposals_status check (status in ('proposed', 'destroyed', 'rejected')),
  constraint archive_disposals_two_people check (archivist_approved_by is distinct from supervisor_approved_by
    or archivist_approved_by is null)
);
create unique index archive_disposals_open on archive_disposals (package_id) where status = 'proposed';

-- 借阅.
create table archive_loans (
  id          uuid primary key default gen_random_uuid(),
  package_id  uuid not null references archive_packages (id),
  borrower    text not null,
  borrower_name text not null,
  purpose     text not null,
  days        integer not null,
  status      text not null default 'requested',
  decided_by  text,
  due_at      timestamptz,
  created_at  timestamptz not null,
  constraint archive_loans_status check (status in ('requested', 'approved', 'rejected', 'returned'))
);
create index archive_loans_borrower on archive_loans (borrower, status);
