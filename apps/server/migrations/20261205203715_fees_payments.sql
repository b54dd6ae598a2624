-- 缴费 (issue 15): payment orders (缴款通知书) raised when an approved case's item charges fees (先审后缴),
-- paid through a payment adapter; the receipt (电子缴款凭证) is a sealed PDF in the file store.
create table payment_orders (
  id                 uuid primary key default gen_random_uuid(),
  -- One order per case: the fees are charged once, with the approval.
  case_id            uuid not null unique,
  case_number        text,
  -- 缴款码: region (6) + year (2) + serial (11) + check digit (1).
  code               text not null unique check (code ~ '^[0-9]{20}$'),
  item_code          text not null,
  item_name          text not null,
  department_id      uuid not null,
  department_name    text not null,
  payer_account_id   uuid not null,
  payer_name         text not null,
  lines              jsonb not null,
  -- Fen (分), integers: no floating point near money.
  amount_fen         integer not null check (amount_fen > 0),
  due_date           date not null,
  status             text not null default 'unpaid' check (status in ('unpaid', 'paid')),
  created_at         timestamptz not null,
  paid_at            timestamptz,
  transaction_id     text unique,
  channel            text,
  receipt_number     text unique,
  receipt_file_id    uuid,
  receipt_sha256     text,
  overdue_flagged_at timestamptz,
  check ((status = 'paid') = (paid_at is not null and transaction_id is not null and receipt_file_id is not null))
);
create index payment_orders_unpaid on payment_orders (due_date) where status = 'unpaid';

-- The 缴款码 serial, per department region and year.
create table payment_code_counters (
  prefix text primary key,
  last   integer not null
);

-- The demo adapter's own record of payments (what a real non-tax payment system would keep).
create table payment_demo_ledger (
  code           text primary key,
  transaction_id text not null unique,
  amount_fen     integer not null,
  paid_at        timestamptz not null
);
