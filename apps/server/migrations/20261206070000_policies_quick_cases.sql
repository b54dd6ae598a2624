-- 惠企政策 (issue 24): 快申快享 as a real 办件, answered objections, statistics from indexed reads.

-- The catalog item generated for a 快申快享 benefit when it is published (POLICY-<benefit id>).
alter table policies_benefits add column item_code text;

-- A 快申快享 entitlement is the policies side of a case in the cases module: decided there, mirrored here.
-- An objection (异议) to an entitlement or an exclusion is answered by the department: upheld or not.
alter table policies_entitlements
  add column case_id uuid,
  add column case_number text,
  add column objection_answer text,
  add column objection_upheld boolean,
  add column objection_answered_by uuid,
  add column objection_answered_at timestamptz;
create unique index policies_entitlements_case on policies_entitlements (case_id) where case_id is not null;
-- The department's open objections, oldest first.
create index policies_entitlements_open_objections on policies_entitlements (benefit_id, objected_at)
  where objection is not null and objection_answered_at is null;
-- Statistics: the paid entitlements of a benefit in payment order (median and p90 days to payment).
create index policies_entitlements_paid on policies_entitlements (benefit_id, paid_at) include (amount)
  where status = 'paid';
