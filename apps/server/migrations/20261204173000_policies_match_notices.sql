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
