-- 惠企政策 and 免申即享 (issue 24, module policies).

-- The business registry's demo facts for policy matching (一企一档: market regulation, tax, social security,
-- credit). Additive and nullable: a registry without a fact answers "unknown", and a condition on it fails.
alter table business_registry
  add column registered_capital integer,
  add column industry_code text,
  add column district text,
  add column employees_insured integer,
  add column tax_paid integer,
  add column credit_grade text;

-- A policy document (政策文件): what the benefits cite.
create table policies_documents (
  id            uuid primary key default gen_random_uuid(),
  department_id uuid not null,
  title         text not null,
  issuer        text not null,
  issued_on     date not null,
  full_text     text not null,
  legal_basis   text not null,
  created_at    timestamptz not null default now()
);

-- A benefit (兑现事项): its channel, budget and period; the rules live in dated versions. budget_committed
-- only grows through a conditional UPDATE (committed + amount <= total), so concurrent confirmations never
-- overspend.
create table policies_benefits (
  id               uuid primary key default gen_random_uuid(),
  document_id      uuid not null references policies_documents (id),
  department_id    uuid not null,
  title            text not null,
  target           text not null,
  channel          text not null,
  budget_total     integer not null,
  budget_committed integer not null default 0,
  period_start     date not null,
  period_end       date not null,
  status           text not null default 'draft',
  current_version  integer not null default 1,
  published_at     timestamptz,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  constraint policies_benefits_channel check (channel in ('no_application', 'quick_application', 'on_application')),
  constraint policies_benefits_status check (status in ('draft', 'published', 'withdrawn')),
  constraint policies_benefits_budget check (budget_committed >= 0 and budget_committed <= budget_total)
);

-- Rule versions, append-only: an edit adds a version; entitlements name the one they were computed with.
create table policies_rule_versions (
  benefit_id     uuid not null references policies_benefits (id),
  version        integer not null,
  rules          jsonb not null,
  amount_formula text not null,
  valid_from     timestamptz not null,
  created_by     uuid not null,
  created_at     timestamptz not null default now(),
  primary key (benefit_id, version)
);

-- The current matches: one row per (benefit, enterprise) that the last run found eligible.
create table policies_matches (
  benefit_id   uuid not null references policies_benefits (id),
  uscc         text not null,
  rule_version integer not null,
  amount       integer,
  error        text,
  matched_at   timestamptz not null,
  primary key (benefit_id, uscc)
);

-- 免申即享 entitlements: the rule version and the facts used (their hash also in the audit log).
create table policies_entitlements (
  id             uuid primary key default gen_random_uuid(),
  benefit_id     uuid not null references policies_benefits (id),
  uscc           text not null,
  enterprise_name text not null,
  rule_version   integer not null,
  amount         integer not null,
  facts          jsonb not null,
  facts_hash     text not null,
  explanation    jsonb not null,
  status         text not null default 'pending',
  reason         text,
  decided_by     uuid,
  decided_at     timestamptz,
  payment_ref    text,
  paid_at        timestamptz,
  objection      text,
  objected_at    timestamptz,
  created_at     timestamptz not null default now(),
  constraint policies_entitlements_status check (status in ('pending', 'paid', 'excluded', 'withdrawn')),
  unique (benefit_id, uscc)
);
create index policies_entitlements_uscc on policies_entitlements (uscc);

-- The demo payment adapter's record of payment instructions (兑现指令).
create table policies_payments (
  reference      text primary key,
  entitlement_id uuid not null references policies_entitlements (id),
  uscc           text not null,
  amount         integer not null,
  recorded_at    timestamptz not null default now()
);
