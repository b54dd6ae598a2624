import type { Generated } from "kysely";

export interface AppointmentHallsTable {
  id: Generated<string>;
  key: string;
  name: string;
  name_en: string | null;
  address: string;
  department_id: string;
  active: Generated<boolean>;
  created_at: Date;
}

export interface AppointmentWindowTypesTable {
  id: Generated<string>;
  hall_id: string;
  prefix: string;
  name: string;
  name_en: string | null;
  department_id: string;
  item_codes: Generated<string[]>;
  weekdays: number[];
  periods: string[];
  slot_minutes: number;
  capacity: number;
  active: Generated<boolean>;
  created_at: Date;
}

export interface AppointmentSlotCountsTable {
  window_type_id: string;
  slot_date: string;
  slot_start: string;
  capacity: number;
  booked: Generated<number>;
}

export interface AppointmentBookingsTable {
  id: Generated<string>;
  account_id: string;
  item_code: string;
  hall_id: string;
  window_type_id: string;
  slot_date: string;
  slot_start: string;
  starts_at: Date;
  ends_at: Date;
  /** "booked" | "cancelled" | "checked_in" | "no_show" */
  status: Generated<string>;
  token_hash: string;
  token_sealed: Buffer;
  created_at: Date;
  cancelled_at: Date | null;
  checked_in_at: Date | null;
  no_show_at: Date | null;
}

export interface AppointmentTicketCountersTable {
  window_type_id: string;
  service_date: string;
  last_number: number;
}

export interface AppointmentTicketsTable {
  id: Generated<string>;
  hall_id: string;
  window_type_id: string;
  service_date: string;
  number: number;
  label: string;
  booking_id: string | null;
  /** "waiting" | "called" */
  status: Generated<string>;
  window_label: string | null;
  called_by: string | null;
  issued_at: Date;
  called_at: Date | null;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    appointment_halls: AppointmentHallsTable;
    appointment_window_types: AppointmentWindowTypesTable;
    appointment_slot_counts: AppointmentSlotCountsTable;
    appointment_bookings: AppointmentBookingsTable;
    appointment_ticket_counters: AppointmentTicketCountersTable;
    appointment_tickets: AppointmentTicketsTable;
  }
}
