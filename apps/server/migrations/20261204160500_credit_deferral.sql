-- Issue 23, credit in approvals and draw-record privacy.
-- 容缺受理 (accept now, materials later): the supervision module's rule per catalog item (which credit grades
-- qualify, which required materials may be deferred, how many working days to hand them in) and the cases
-- module's record of a case accepted that way (the commitment, the deferred materials, the due date).
create table credit_deferral_rules (
  item_code    text primary key,
  grades       text[] not null,
  materials    text[] not null default '{}',
  working_days integer not null,
  legal_basis  text not null,
  created_at   timestamptz not null default now(),
  constraint credit_deferral_rules_days check (working_days between 1 and 60),
  constraint credit_deferral_rules_grades check (grades <@ array['A', 'B', 'C', 'D'] and cardinality(grades) > 0)
);

create table case_deferrals (
  case_id     uuid primary key references cases (id),
  commitment  text not null,
  materials   text[] not null,
  due_date    date not null,
  -- the credit grade that qualified, as read at acceptance
  grade       text not null,
  accepted_by uuid not null,
  created_at  timestamptz not null default now(),
  cleared_at  timestamptz
);

-- Draw records publish no inspector's district or relationships (personal data): each inspector's recusal
-- attributes are committed as SHA-256 over them with this per-draw secret salt, revealed only to auditors.
alter table supervision_draws add column recusal_salt text;

create or replace function supervision_draws_immutable() returns trigger language plpgsql as $$
begin
  if old.result is not null then
    raise exception 'supervision draw % is final', old.id using errcode = '55000';
  end if;
  if new.params is distinct from old.params or new.targets_roster is distinct from old.targets_roster
     or new.inspectors_roster is distinct from old.inspectors_roster or new.roster_hash is distinct from old.roster_hash
     or new.commitment_hash is distinct from old.commitment_hash or new.algorithm is distinct from old.algorithm
     or new.recusal_salt is distinct from old.recusal_salt then
    raise exception 'supervision draw % commitment cannot change', old.id using errcode = '55000';
  end if;
  return new;
end $$;
