-- Web Push (issue 18): each person's browser subscriptions, and `webpush` as a delivery channel. The endpoint
-- (a capability URL) and the browser's keys are sealed with the platform's secret box; the endpoint's SHA-256
-- finds a repeated subscription or an unsubscribe without opening every box, and only the push service's
-- origin is kept in clear.

create table notify_push_subscriptions (
  id            uuid primary key default gen_random_uuid(),
  account_id    uuid not null references accounts (id) on delete cascade,
  endpoint_hash bytea not null unique,
  sealed        bytea not null,
  origin        text not null,
  created_at    timestamptz not null
);

create index notify_push_subscriptions_account_idx on notify_push_subscriptions (account_id);

alter table notify_deliveries drop constraint notify_deliveries_channel_check;
alter table notify_deliveries
  add constraint notify_deliveries_channel_check
  check (channel in ('inapp', 'sms', 'email', 'webhook', 'webpush'));
