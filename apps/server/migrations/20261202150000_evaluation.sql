-- 好差评 (evaluation). One invitation per subject (一事一评 for a case or a 12345 request, 一次一评 for a
-- service hall visit): unique (subject_kind, subject_id). One evaluation and at most one 追评 per invitation:
-- unique (invitation_id, kind). Evaluations are immutable (a trigger refuses UPDATE and DELETE); an upheld
-- appeal (申诉复核) adds a row to evaluation_exclusions, itself append-only, so a review removed from the
-- statistics stays in history with the reason. Each 差评 opens one rectification ticket (整改工单).

-- The versioned national indicator sets (评价指标) and the reason tags offered per level.
create table evaluation_indicator_sets (
  id         text primary key,
  mode       text not null,
  version    integer not null,
  name       text not null,
  source     text not null,
  indicators jsonb not null,
  reasons    jsonb not null,
  active     boolean not null default true,
  created_at timestamptz not null default now(),
  constraint evaluation_indicator_sets_mode check (mode in ('online', 'offline')),
  constraint evaluation_indicator_sets_version unique (mode, version)
);

create table evaluation_invitations (
  id                  uuid primary key default gen_random_uuid(),
  subject_kind        text not null,
  subject_id          text not null,
  subject_label       text not null,
  -- the invitee; null for a service hall visit (the kiosk token stands for the person at the window)
  account_id          uuid,
  -- only the masked name is kept: the rectification inbox shows it, nothing needs the clear one
  invitee_name_masked text not null,
  department_id       uuid not null,
  department_name     text not null,
  item_code           text,
  item_name           text not null,
  staff_id            text,
  staff_name          text,
  indicator_set_id    text not null references evaluation_indicator_sets (id),
  -- kiosk (评价器) visits: SHA-256 of the visit's random token
  token_hash          bytea unique,
  created_at          timestamptz not null,
  expires_at          timestamptz not null,
  constraint evaluation_invitations_subject unique (subject_kind, subject_id),
  constraint evaluation_invitations_kind check (subject_kind in ('case', 'request', 'visit'))
);
create index evaluation_invitations_account on evaluation_invitations (account_id, created_at desc);

create table evaluations (
  id               uuid primary key default gen_random_uuid(),
  invitation_id    uuid not null references evaluation_invitations (id),
  kind             text not null,
  level            smallint not null,
  scores           jsonb not null,
  tags             text[] not null,
  text             text not null,
  channel          text not null,
  -- copied from the invitation: the statistics group by them without a join
  department_id    uuid not null,
  department_name  text not null,
  item_code        text,
  item_name        text not null,
  staff_id         text,
  staff_name       text,
  -- YYYY-MM in the platform's time zone, when given
  month            text not null,
  created_at       timestamptz not null,
  constraint evaluations_once unique (invitation_id, kind),
  constraint evaluations_kind check (kind in ('initial', 'follow_up')),
  constraint evaluations_level check (level between 1 and 5),
  constraint evaluations_channel check (channel in ('pc', 'mobile', 'sms', 'window', 'hotline'))
);
create index evaluations_department on evaluations (department_id, month) where kind = 'initial';

create table evaluation_rectifications (
  id                 uuid primary key default gen_random_uuid(),
  evaluation_id      uuid not null unique references evaluations (id),
  department_id      uuid not null,
  status             text not null default 'verifying',
  handling           text,
  finding            text,
  reply              text,
  replied_at         timestamptz,
  replied_on_time    boolean,
  callback_satisfied boolean,
  callback_comment   text,
  callback_at        timestamptz,
  closed_at          timestamptz,
  -- local date whose end (24:00) is the deadline, on the work calendar
  deadline_date      date not null,
  escalation_level   integer not null default 0,
  version            integer not null default 1,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  constraint evaluation_rectifications_status
    check (status in ('verifying', 'rectifying', 'replied', 'closed', 'void')),
  constraint evaluation_rectifications_handling check (handling in ('immediate', 'scheduled', 'explained'))
);
create index evaluation_rectifications_inbox on evaluation_rectifications (department_id, status, created_at);

-- One appeal per review: the department states its case once; the supervisors' decision is final here.
create table evaluation_appeals (
  id              uuid primary key default gen_random_uuid(),
  evaluation_id   uuid not null unique references evaluations (id),
  department_id   uuid not null,
  reason          text not null,
  filed_by        text not null,
  filed_by_name   text not null,
  filed_at        timestamptz not null,
  status          text not null default 'pending',
  decision_reason text,
  decided_by      text,
  decided_by_name text,
  decided_at      timestamptz,
  constraint evaluation_appeals_status check (status in ('pending', 'upheld', 'rejected'))
);
create index evaluation_appeals_status on evaluation_appeals (status, filed_at);

create table evaluation_exclusions (
  evaluation_id uuid primary key references evaluations (id),
  appeal_id     uuid not null references evaluation_appeals (id),
  reason        text not null,
  decided_by    text not null,
  decided_at    timestamptz not null
);

-- Everything that happened to an invitation, in order: invited, evaluated, 追评, ticket steps, appeal.
create table evaluation_history (
  id            bigint generated always as identity primary key,
  invitation_id uuid not null references evaluation_invitations (id),
  evaluation_id uuid references evaluations (id),
  type          text not null,
  actor         text not null,
  actor_name    text not null,
  at            timestamptz not null,
  comment       text,
  payload       jsonb not null default '{}'
);
create index evaluation_history_invitation on evaluation_history (invitation_id, id);

create function evaluation_refuse_change() returns trigger
  language plpgsql as $$
begin
  raise exception 'evaluations are immutable: % on % refused', tg_op, tg_table_name
    using errcode = '42501'; -- insufficient_privilege
end
$$;
create trigger evaluations_immutable before update or delete on evaluations
  for each row execute function evaluation_refuse_change();
create trigger evaluation_exclusions_immutable before update or delete on evaluation_exclusions
  for each row execute function evaluation_refuse_change();
create trigger evaluation_history_append_only before update or delete on evaluation_history
  for each row execute function evaluation_refuse_change();

-- The national indicator sets, version 1. Indicator names as issue 20 lists them from the national rules
-- (国办发〔2019〕51号《关于建立政务服务"好差评"制度提高政务服务水平的意见》; GB/T 39734-2020 and
-- GB/T 39735-2020, 政务服务评价): online 整体满意度, 办事效率, 办事指南精确度, 办事便捷度, 平台操作性; in person
-- 整体满意度, 服务效率, 服务水平, 服务态度. 整体满意度 is the evaluation's level itself. The reason tags are the
-- platform's own starting list (not national), versioned with the set; a new list is a new version.
insert into evaluation_indicator_sets (id, mode, version, name, source, indicators, reasons) values
('online-v1', 'online', 1, '线上政务服务评价指标',
 '国办发〔2019〕51号; GB/T 39734-2020; GB/T 39735-2020',
 '[{"code":"overall","zh":"整体满意度","en":"Overall satisfaction"},
   {"code":"efficiency","zh":"办事效率","en":"Efficiency"},
   {"code":"guide_accuracy","zh":"办事指南精确度","en":"Accuracy of the guide"},
   {"code":"convenience","zh":"办事便捷度","en":"Convenience"},
   {"code":"usability","zh":"平台操作性","en":"Ease of use of the platform"}]',
 '[{"code":"one_visit","zh":"一次办好","en":"Done in one go","levels":[4,5]},
   {"code":"fast","zh":"办理快捷","en":"Fast","levels":[4,5]},
   {"code":"clear_guide","zh":"指南清晰","en":"Clear guide","levels":[4,5]},
   {"code":"easy_to_use","zh":"操作便捷","en":"Easy to use","levels":[3,4,5]},
   {"code":"acceptable","zh":"总体可以，仍有改进空间","en":"Acceptable, room to improve","levels":[3]},
   {"code":"slow","zh":"办理时间长","en":"Took too long","levels":[1,2,3]},
   {"code":"guide_inaccurate","zh":"办事指南不准确","en":"The guide was inaccurate","levels":[1,2,3]},
   {"code":"extra_materials","zh":"要求额外材料","en":"Extra materials demanded","levels":[1,2]},
   {"code":"repeat_submission","zh":"重复提交材料","en":"Materials asked for again","levels":[1,2]},
   {"code":"system_trouble","zh":"系统操作不便或故障","en":"System hard to use or failing","levels":[1,2,3]},
   {"code":"no_reply","zh":"咨询无人答复","en":"Questions unanswered","levels":[1,2]},
   {"code":"overdue","zh":"超期办理","en":"Past the promised time","levels":[1,2]}]'),
('offline-v1', 'offline', 1, '线下政务服务评价指标',
 '国办发〔2019〕51号; GB/T 39734-2020; GB/T 39735-2020',
 '[{"code":"overall","zh":"整体满意度","en":"Overall satisfaction"},
   {"code":"efficiency","zh":"服务效率","en":"Efficiency"},
   {"code":"competence","zh":"服务水平","en":"Competence"},
   {"code":"attitude","zh":"服务态度","en":"Attitude"}]',
 '[{"code":"one_visit","zh":"一次办好","en":"Done in one visit","levels":[4,5]},
   {"code":"friendly","zh":"服务热情","en":"Friendly","levels":[4,5]},
   {"code":"professional","zh":"业务熟练","en":"Knew the business","levels":[4,5]},
   {"code":"short_wait","zh":"等候时间短","en":"Short wait","levels":[3,4,5]},
   {"code":"acceptable","zh":"总体可以，仍有改进空间","en":"Acceptable, room to improve","levels":[3]},
   {"code":"long_wait","zh":"等候时间长","en":"Long wait","levels":[1,2,3]},
   {"code":"poor_attitude","zh":"服务态度差","en":"Unfriendly service","levels":[1,2]},
   {"code":"unprofessional","zh":"业务不熟练","en":"Did not know the business","levels":[1,2,3]},
   {"code":"several_visits","zh":"多次跑动","en":"Had to come several times","levels":[1,2]},
   {"code":"extra_materials","zh":"要求额外材料","en":"Extra materials demanded","levels":[1,2]}]');
