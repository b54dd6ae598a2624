-- 责令整改 follow-up and 一公开 publication of inspection results (issue 23, second part).
--
-- A visit finished with 责令整改 opens one rectification: a deadline in working days on the work calendar (a
-- timer flags it overdue), the enterprise (or an inspector of the visit) reports what was done with evidence,
-- an inspector of the visit re-checks: passed closes it; not passed either sets another deadline (a new round)
-- or turns it into a case (立案). Every step writes a history row and an audit entry in its transaction.

-- Publication (一公开): a finished visit is published by its lead department, or at the latest by the timer
-- at the end of its publish_by day; the public list shows published visits only.
alter table supervision_visits add column published_at timestamptz;
create index supervision_visits_published on supervision_visits (published_at desc) where published_at is not null;

create table supervision_rectifications (
  id             uuid primary key default gen_random_uuid(),
  visit_id       uuid not null unique references supervision_visits (id),
  target_uscc    text not null,
  -- the plan's lead department: its managers follow the rectification
  department_id  uuid not null references departments (id),
  status         text not null default 'open',
  round          integer not null default 1,
  deadline_date  date not null,
  overdue        boolean not null default false,
  -- the latest report: what was done, with evidence [{title, description}]
  report         text,
  evidence       jsonb,
  reported_by    text,
  reported_at    timestamptz,
  recheck_note   text,
  rechecked_by   uuid,
  rechecked_at   timestamptz,
  created_at     timestamptz not null,
  updated_at     timestamptz not null,
  constraint supervision_rectifications_status check (status in ('open', 'reported', 'passed', 'case'))
);
create index supervision_rectifications_uscc on supervision_rectifications (target_uscc);
create index supervision_rectifications_department on supervision_rectifications (department_id, status);

create table supervision_rectification_history (
  id                uuid primary key default gen_random_uuid(),
  rectification_id  uuid not null references supervision_rectifications (id),
  type              text not null,
  actor             text not null,
  payload           jsonb not null,
  created_at        timestamptz not null
);
create index supervision_rectification_history_rect on supervision_rectification_history (rectification_id, created_at);

-- Both inspectors sign the result on the phone (两人执法): [{accountId, image (PNG data URL), signedAt}]. Small
-- hand-drawn PNGs (≤ 100 kB each), kept with the visit they attest; a changed check list clears them.
alter table supervision_visits add column signatures jsonb not null default '[]';
