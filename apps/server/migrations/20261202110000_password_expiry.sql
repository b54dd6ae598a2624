-- Staff password expiry and forced changes (GB/T 22239 level 3, 身份鉴别: passwords changed regularly).
--
-- password_set_at: when the account's current password was set (every account; only staff passwords expire,
-- STAFF_PASSWORD_MAX_AGE_DAYS). Existing rows count as set now, at migration time: nothing recorded when
-- their passwords were set (updated_at moves with any change of the row, password_history only began in
-- the previous migration), and guessing an older date would expire every staff password on the same
-- morning — every administrator and auditor held at the login at once. Counting from now gives each a full
-- period and the warning before it; no password outlives the policy by more than one period.
--
-- password_must_change: the current password was issued by someone else (an administrator's reset or
-- create, `yiwang staff create`) and must be replaced at the next login. Existing rows: false — nothing
-- recorded which passwords were one-time; they expire with the rest.
alter table accounts
  add column password_set_at timestamptz not null default now(),
  add column password_must_change boolean not null default false;

-- A session that passed both factors but must change the password first (it authorises nothing else).
alter table sessions drop constraint sessions_stage;
alter table sessions
  add constraint sessions_stage check (stage in ('active', 'mfa_pending', 'password_change'));
