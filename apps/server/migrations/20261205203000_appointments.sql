-- 网上预约 and the service hall (大厅取号叫号). A hall hosts window types (窗口类型); each window type serves a
-- list of catalog items, belongs to the department whose clerks staff it, and carries its slot template
-- (opening weekdays, periods, slot length, capacity per slot). Holidays and make-up working days come from
-- the platform's work calendar, not from here.
create table appointment_halls (
  id            uuid primary key default gen_random_uuid(),
  key           text not null unique,
  name          text not null,
  name_en       text,
  address       text not null,
  department_id uuid not null,
  active        boolean not null default true,
  created_at    timestamptz not null
);

create table appointment_window_types (
  id            uuid primary key default gen_random_uuid(),
  hall_id       uuid not null references appointment_halls (id),
  -- The queue number's letter (A001): one per hall.
  prefix        text not null,
  name          text not null,
  name_en       text,
  department_id uuid not null,
  item_codes    text[] not null default '{}',
  -- ISO weekdays (1 = Monday … 7 = Sunday) on which the template opens; a make-up working day opens as Monday.
  weekdays      integer[] not null,
  -- Opening periods as "HH:MM-HH:MM" local times, e.g. {09:00-12:00,13:30-17:00}.
  periods       text[] not null,
  slot_minutes  integer not null,
  capacity      integer not null,
  active        boolean not null default true,
  created_at    timestamptz not null,
  unique (hall_id, prefix),
  constraint appointment_window_types_prefix check (prefix ~ '^[A-Z]$'),
  constraint appointment_window_types_slot check (slot_minutes between 5 and 240),
  constraint appointment_window_types_capacity check (capacity between 1 and 1000)
);
create index appointment_window_types_items on appointment_window_types using gin (item_codes);

-- One counter per slot that has been booked at least once. Booking is a conditional UPDATE
-- (booked < capacity) on this row: two requests racing for the last place cannot both get it.
create table appointment_slot_counts (
  window_type_id uuid not null references appointment_window_types (id),
  slot_date      date not null,
  slot_start     text not null,
  capacity       integer not null,
  booked         integer not null default 0,
  primary key (window_type_id, slot_date, slot_start),
  constraint appointment_slot_counts_booked check (booked between 0 and capacity)
);

-- A booking. The check-in token (the QR's content) is random: stored as its SHA-256 for the lookup and
-- sealed for showing it again to its owner, never in clear.
create table appointment_bookings (
  id             uuid primary key default gen_random_uuid(),
  account_id     uuid not null,
  item_code      text not null,
  hall_id        uuid not null references appointment_halls (id),
  window_type_id uuid not null references appointment_window_types (id),
  slot_date      date not null,
  slot_start     text not null,
  starts_at      timestamptz not null,
  ends_at        timestamptz not null,
  status         text not null default 'booked',
  token_hash     text not null unique,
  token_sealed   bytea not null,
  created_at     timestamptz not null,
  cancelled_at   timestamptz,
  checked_in_at  timestamptz,
  no_show_at     timestamptz,
  constraint appointment_bookings_status check (status in ('booked', 'cancelled', 'checked_in', 'no_show'))
);
-- One active booking per person per item.
create unique index appointment_bookings_active on appointment_bookings (account_id, item_code) where status = 'booked';
create index appointment_bookings_account on appointment_bookings (account_id, starts_at desc);

-- Queue numbers (取号): per window type per day, allocated from a counter row (INSERT … ON CONFLICT DO UPDATE).
create table appointment_ticket_counters (
  window_type_id uuid not null references appointment_window_types (id),
  service_date   date not null,
  last_number    integer not null,
  primary key (window_type_id, service_date)
);

create table appointment_tickets (
  id             uuid primary key default gen_random_uuid(),
  hall_id        uuid not null references appointment_halls (id),
  window_type_id uuid not null references appointment_window_types (id),
  service_date   date not null,
  number         integer not null,
  label          text not null,
  booking_id     uuid references appointment_bookings (id),
  status         text not null default 'waiting',
  window_label   text,
  called_by      uuid,
  issued_at      timestamptz not null,
  called_at      timestamptz,
  unique (window_type_id, service_date, number),
  constraint appointment_tickets_status check (status in ('waiting', 'called'))
);
create index appointment_tickets_called on appointment_tickets (hall_id, service_date, called_at desc);
