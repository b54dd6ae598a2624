-- 互联网+监管 (supervision) and 信用 (credit), issue 23. One module owns both: the credit grade reads inspection
-- results and the joint-punishment check reads credit lists, so the two share rules and a transaction.
-- 双随机一公开: a supervision item catalogue (一单), target and inspector rosters (两库), plans whose draw is
-- committed in the audit log before its seed exists (RFC 3797 style), immutable draw records, inspection visits.

create table supervision_items (
  id                 uuid primary key default gen_random_uuid(),
  code               text not null unique,
  department_id      uuid not null references departments (id),
  name               text not null,
  legal_basis        text not null,
  method             text not null,
  -- 检查要点: [{key, text}]
  checklist          jsonb not null,
  -- linked 事前审批 catalog items (事中事后监管)
  catalog_item_codes text[] not null default '{}',
  created_at         timestamptz not null default now()
);

-- The target roster (检查对象名录库): enterprises of the business registry with their supervision attributes.
create table supervision_targets (
  uscc       text primary key,
  name       text not null,
  industry   text not null,
  district   text not null,
  risk_grade text not null,
  created_at timestamptz not null default now(),
  constraint supervision_targets_risk check (risk_grade in ('A', 'B', 'C', 'D'))
);

-- The inspector roster (执法检查人员名录库): one row per staff account, so one person is in one place only.
create table supervision_inspectors (
  account_id     uuid primary key,
  department_id  uuid not null references departments (id),
  certificate_no text not null unique,
  district       text not null,
  -- USCCs of enterprises the inspector has a relationship with (recusal)
  relations      text[] not null default '{}',
  created_at     timestamptz not null default now()
);

create table supervision_plans (
  id                   uuid primary key default gen_random_uuid(),
  name                 text not null,
  lead_department_id   uuid not null references departments (id),
  department_ids       uuid[] not null,
  item_ids             uuid[] not null,
  -- {industry?, district?}
  filter               jsonb not null,
  -- per risk grade: {"A": {"ratio": 0.05}, "D": {"count": 3}}
  quota                jsonb not null,
  inspectors_per_dept  integer not null,
  status               text not null default 'draft',
  created_by           uuid not null,
  created_at           timestamptz not null default now(),
  constraint supervision_plans_status check (status in ('draft', 'committed', 'drawn')),
  constraint supervision_plans_inspectors check (inspectors_per_dept >= 2)
);

-- The draw record: rosters and parameters frozen at commitment, the seed and result once drawn. Immutable:
-- the trigger below refuses any change to what was committed and any change after the result.
create table supervision_draws (
  id               uuid primary key default gen_random_uuid(),
  plan_id          uuid not null unique references supervision_plans (id),
  algorithm        text not null,
  params           jsonb not null,
  targets_roster   jsonb not null,
  inspectors_roster jsonb not null,
  roster_hash      text not null,
  commitment_hash  text not null,
  beacon_tree_size integer,
  seed             text,
  result           jsonb,
  committed_at     timestamptz not null default now(),
  drawn_at         timestamptz
);

create function supervision_draws_immutable() returns trigger language plpgsql as $$
begin
  if old.result is not null then
    raise exception 'supervision draw % is final', old.id using errcode = '55000';
  end if;
  if new.params is distinct from old.params or new.targets_roster is distinct from old.targets_roster
     or new.inspectors_roster is distinct from old.inspectors_roster or new.roster_hash is distinct from old.roster_hash
     or new.commitment_hash is distinct from old.commitment_hash or new.algorithm is distinct from old.algorithm then
    raise exception 'supervision draw % commitment cannot change', old.id using errcode = '55000';
  end if;
  return new;
end $$;
create trigger supervision_draws_immutable before update on supervision_draws
  for each row execute function supervision_draws_immutable();
create trigger supervision_draws_no_delete before delete on supervision_draws
  for each row execute function supervision_draws_immutable();

-- One visit per drawn target (进一次门，查多项事): every department's check items and inspectors.
create table supervision_visits (
  id             uuid primary key default gen_random_uuid(),
  plan_id        uuid not null references supervision_plans (id),
  target_uscc    text not null,
  target_name    text not null,
  inspector_ids  uuid[] not null,
  -- [{itemId, departmentId, key, text, outcome: pass|fail|na|null, note}]
  checklist      jsonb not null,
  status         text not null default 'assigned',
  -- {lat, lng} where the visit started
  position       jsonb,
  started_at     timestamptz,
  started_by     uuid,
  confirmations  uuid[] not null default '{}',
  result         text,
  finished_at    timestamptz,
  publish_by     date,
  created_at     timestamptz not null default now(),
  constraint supervision_visits_status check (status in ('assigned', 'in_progress', 'finished')),
  constraint supervision_visits_result check (result is null or result in ('qualified', 'rectify', 'case')),
  unique (plan_id, target_uscc)
);
create index supervision_visits_inspectors on supervision_visits using gin (inspector_ids);

-- 信用记录 (GB/T 39441 classes, simplified): licences, penalties, inspection results, honours, red/black lists.
create table credit_records (
  id             uuid primary key default gen_random_uuid(),
  uscc           text not null,
  kind           text not null,
  title          text not null,
  legal_basis    text not null,
  department_id  uuid references departments (id),
  decided_on     date not null,
  -- the end of the publication period (公示期); null: no limit
  publish_until  date,
  status         text not null default 'active',
  created_at     timestamptz not null default now(),
  constraint credit_records_kind check (kind in ('license', 'penalty', 'inspection', 'honour', 'redlist', 'blacklist')),
  constraint credit_records_status check (status in ('active', 'repaired'))
);
create index credit_records_uscc on credit_records (uscc);

-- 信用修复 applications: evidence required, reviewed; an approved one stops publication of its record.
create table credit_repairs (
  id           uuid primary key default gen_random_uuid(),
  record_id    uuid not null references credit_records (id),
  uscc         text not null,
  applicant_id uuid not null,
  reason       text not null,
  -- [{title, description}]
  evidence     jsonb not null,
  status       text not null default 'pending',
  decided_by   uuid,
  decided_at   timestamptz,
  note         text,
  created_at   timestamptz not null default now(),
  constraint credit_repairs_status check (status in ('pending', 'approved', 'rejected'))
);

-- 联合惩戒 by list and law: an item whose application by a black-listed enterprise is blocked (or flagged).
create table credit_punishment_rules (
  item_code   text primary key,
  measure     text not null,
  legal_basis text not null,
  created_at  timestamptz not null default now(),
  constraint credit_punishment_rules_measure check (measure in ('block', 'flag'))
);
