-- 惠企政策 (issue 24): the enterprises told of a match, one row per benefit and enterprise. A notice is sent
-- only when the row is new, so a match that lapses and comes back on a later night is not pushed again.
create table policies_match_notices (
  benefit_id  uuid not null references policies_benefits (id),
  uscc        text not null,
  notified_at timestamptz not null,
  primary key (benefit_id, uscc)
);

-- Matches found before this table existed were already pushed.
insert into policies_match_notices (benefit_id, uscc, notified_at)
select benefit_id, uscc, matched_at from policies_matches;

-- 快申快享: the enterprise applies with its facts pre-filled and confirms its bank account; the department
-- decides within decision_days working days (due_on, from the work calendar) through the same batch review.
alter table policies_benefits add column decision_days integer not null default 5;
alter table policies_entitlements add column applied_at timestamptz;
alter table policies_entitlements add column due_on date;
alter table policies_entitlements add column bank_account text;
