-- Notices on channels (issue 18): templates per event type and language (versioned, append-only), each
-- person's settings and per-event channel choices, department group webhooks, and the delivery log that is
-- also the outbox (one row per notice and channel; a `notify.deliver` job per queued row drives it).

create table notify_templates (
  id              uuid primary key default gen_random_uuid(),
  event_type      text not null,
  language        text not null check (language in ('zh-CN', 'en')),
  version         integer not null check (version > 0),
  title           text not null,
  body            text not null,
  sms_text        text,
  sms_sign        text,
  sms_template_id text,
  created_by      uuid references accounts (id),
  created_at      timestamptz not null,
  unique (event_type, language, version),
  -- an SMS template is approved as a whole (正文 + 签名 + 模板 ID) or not at all
  check ((sms_text is null) = (sms_sign is null) and (sms_text is null) = (sms_template_id is null))
);

create table notify_settings (
  account_id  uuid primary key references accounts (id) on delete cascade,
  email       text,
  -- quiet hours as local minutes of day; start > end spans midnight (22:00–07:00)
  quiet_start integer check (quiet_start between 0 and 1439),
  quiet_end   integer check (quiet_end between 0 and 1439),
  updated_at  timestamptz not null,
  check ((quiet_start is null) = (quiet_end is null))
);

create table notify_preferences (
  account_id uuid not null references accounts (id) on delete cascade,
  event_type text not null,
  channels   text[] not null,
  updated_at timestamptz not null,
  primary key (account_id, event_type)
);

create table notify_webhooks (
  id            uuid primary key default gen_random_uuid(),
  department_id uuid not null references departments (id),
  kind          text not null check (kind in ('wecom', 'dingtalk')),
  -- the URL carries the robot's key: sealed with the platform's secret box, only the host in clear
  url_sealed    bytea not null,
  host          text not null,
  created_by    uuid references accounts (id),
  created_at    timestamptz not null
);
create index notify_webhooks_department_idx on notify_webhooks (department_id);

create table notify_deliveries (
  id                   uuid primary key default gen_random_uuid(),
  -- notice + channel: a notice is queued once per channel however often its sender retries
  idempotency_key      text not null unique,
  notification_id      uuid references notifications (id) on delete cascade,
  recipient_account_id uuid references accounts (id) on delete cascade,
  webhook_id           uuid references notify_webhooks (id) on delete cascade,
  channel              text not null check (channel in ('inapp', 'sms', 'email', 'webhook')),
  event_type           text not null,
  subject              text not null,
  legal                boolean not null default false,
  language             text not null default 'zh-CN',
  template_version     integer,
  -- rendered content {title, body, smsText?, smsSign?, smsTemplateId?, link?}; no address (resolved at send)
  content              jsonb not null,
  status               text not null check (status in ('queued', 'sent', 'delivered', 'failed')),
  attempts             integer not null default 0,
  last_error           text,
  next_attempt_at      timestamptz,
  created_at           timestamptz not null,
  sent_at              timestamptz,
  failed_at            timestamptz
);
create index notify_deliveries_status_idx on notify_deliveries (status, created_at desc);
create index notify_deliveries_recipient_idx on notify_deliveries (recipient_account_id, channel, sent_at);
