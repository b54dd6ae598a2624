import type { Kysely } from "kysely";
import type { CalendarService } from "../../platform/calendar/calendar.service.js";
import type { Clock } from "../../platform/clock/clock.js";
import type { SecretBox } from "../../platform/crypto/secret-box.js";
import type { DB } from "../../platform/db/schema.js";
import type { JobQueue } from "../../platform/jobs/index.js";
import type { AuditLog, Notifier, SmsNotifier } from "../../platform/ports.js";
import type { AppointmentRepository } from "./repository.js";

/**
 * The rules' constants (README, "Appointments"): how far ahead one may book, the cancel cut-off, the grace
 * after a slot's end before a booking not checked in becomes a no-show, and the no-show rule (NO_SHOW_LIMIT
 * no-shows within NO_SHOW_WINDOW_DAYS suspend booking for NO_SHOW_BLOCK_DAYS from the last of them).
 */
export const BOOKING_HORIZON_DAYS = 30;
export const CANCEL_CUTOFF_MINUTES = 60;
export const NO_SHOW_GRACE_MINUTES = 30;
export const NO_SHOW_LIMIT = 3;
export const NO_SHOW_WINDOW_DAYS = 30;
export const NO_SHOW_BLOCK_DAYS = 7;
/** How long before the slot the reminder goes (the day before). */
export const REMINDER_HOURS = 24;

export const REMIND_JOB = "appointments.remind";
export const NO_SHOW_JOB = "appointments.no_show";
/** pg_notify channel: a number was called in a hall (payload: the hall id); hall screens refresh. */
export const SCREEN_CHANNEL = "yiwang_hall_screen";

/** The catalog as the module needs it: a published item's name, depth and department. */
export interface ItemReader {
  getPublished(code: string): Promise<{ code: string; name: string; nameEn: string | null; onlineDepth: number }>;
}

export interface AppointmentDeps {
  db: Kysely<DB>;
  repo: AppointmentRepository;
  calendar: CalendarService;
  clock: Clock;
  audit: AuditLog;
  jobs: JobQueue;
  notify: Notifier;
  sms: SmsNotifier;
  box: SecretBox;
  items: ItemReader;
}
