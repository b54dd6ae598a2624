-- 一网统管 (indicators), issue 22.
--
-- Alert rules are edited (PATCH: each edit a new version, the one before kept in indicator_alert_rule_versions)
-- and a firing alert is acknowledged with a note (who, when, why; cleared when the state next changes). An
-- acknowledgement is a history entry too (from = to = 'firing', with the note and the actor).
alter table indicator_alert_rules
  add column version integer not null default 1,
  add column updated_by text,
  add column updated_at timestamptz,
  add column acknowledged_by text,
  add column acknowledged_at timestamptz,
  add column ack_note text;

create table indicator_alert_rule_versions (
  rule_id uuid not null references indicator_alert_rules (id),
  version integer not null,
  department_id uuid,
  comparison text not null,
  threshold double precision not null,
  window_days integer not null,
  interval_seconds integer not null,
  pending_seconds integer not null,
  -- Who made this version, and when (the first version: the rule's creator).
  saved_by text not null,
  saved_at timestamptz not null,
  primary key (rule_id, version)
);
-- The rules made before: their first version.
insert into indicator_alert_rule_versions
  (rule_id, version, department_id, comparison, threshold, window_days, interval_seconds, pending_seconds,
   saved_by, saved_at)
select id, 1, department_id, comparison, threshold, window_days, interval_seconds, pending_seconds,
  created_by, created_at
from indicator_alert_rules;

alter table indicator_alert_history
  add column actor text,
  add column note text;

-- The exchange and licenses measures (exchange/measures-source.ts, licenses/measures-source.ts) sum a range
-- of local days; without these each dashboard view read the whole table (exchange_calls grows by one row per
-- gateway call). The department filters use the existing (consumer_department_id, at) index.
create index exchange_calls_at on exchange_calls (at);
create index licenses_issued_at on licenses (issued_at);
create index license_uses_consented_at on license_uses (consented_at);
