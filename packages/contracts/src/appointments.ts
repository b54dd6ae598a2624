import { z } from "zod";
import { isoDate, uuid } from "./common.js";

/**
 * 网上预约 and the service hall (大厅): halls, window types with their slot templates, free slots, bookings
 * with a check-in QR, queue numbers (取号) and the calls shown on the hall screen.
 */

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");
const PERIOD = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "HH:MM-HH:MM");
const name = (max: number) => z.string().trim().min(1).max(max);

export const BOOKING_STATUSES = ["booked", "cancelled", "checked_in", "no_show"] as const;
export const BookingStatus = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof BookingStatus>;

export const SlotTemplate = z.object({
  /** ISO weekdays 1 (Monday) … 7 (Sunday). */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  periods: z.array(PERIOD).min(1).max(6),
  slotMinutes: z.number().int().min(5).max(240),
  capacity: z.number().int().min(1).max(1000),
});
export type SlotTemplate = z.infer<typeof SlotTemplate>;

export const WindowTypeInput = SlotTemplate.extend({
  prefix: z.string().regex(/^[A-Z]$/),
  name: name(100),
  nameEn: name(200).nullish(),
  departmentId: uuid,
  itemCodes: z.array(z.string().trim().min(1).max(50)).max(200).default([]),
  active: z.boolean().default(true),
});
export type WindowTypeInput = z.infer<typeof WindowTypeInput>;

export const WindowType = z.object({
  id: z.string(),
  hallId: z.string(),
  prefix: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  departmentId: z.string(),
  itemCodes: z.array(z.string()),
  weekdays: z.array(z.number().int()),
  periods: z.array(z.string()),
  slotMinutes: z.number().int(),
  capacity: z.number().int(),
  active: z.boolean(),
});
export type WindowType = z.infer<typeof WindowType>;

export const HallInput = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,49}$/),
  name: name(100),
  nameEn: name(200).nullish(),
  address: name(300),
  departmentId: uuid,
});
export type HallInput = z.infer<typeof HallInput>;

export const Hall = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  address: z.string(),
  departmentId: z.string(),
  windowTypes: z.array(WindowType),
});
export type Hall = z.infer<typeof Hall>;
export const HallList = z.object({ items: z.array(Hall) });
export type HallList = z.infer<typeof HallList>;

export const SlotQuery = z.object({
  itemCode: z.string().trim().min(1).max(50),
  /** Working days ahead to list (today included when it is one). */
  days: z.coerce.number().int().min(1).max(30).default(10),
});
export const Slot = z.object({
  windowTypeId: z.string(),
  date: z.string(),
  start: z.string(),
  end: z.string(),
  free: z.number().int(),
});
export type Slot = z.infer<typeof Slot>;
export const SlotList = z.object({
  itemCode: z.string(),
  halls: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable(), address: z.string() })),
  windowTypes: z.array(
    z.object({ id: z.string(), hallId: z.string(), name: z.string(), nameEn: z.string().nullable() }),
  ),
  slots: z.array(Slot),
  /** Set while the no-show rule blocks new bookings. */
  blockedUntil: z.string().nullable(),
});
export type SlotList = z.infer<typeof SlotList>;

export const BookRequest = z.object({
  itemCode: z.string().trim().min(1).max(50),
  windowTypeId: uuid,
  date: isoDate,
  start: HHMM,
});
export type BookRequest = z.infer<typeof BookRequest>;

export const Booking = z.object({
  id: z.string(),
  itemCode: z.string(),
  itemName: z.string().nullable(),
  hallId: z.string(),
  hallName: z.string(),
  hallAddress: z.string(),
  windowTypeName: z.string(),
  date: z.string(),
  start: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: BookingStatus,
  /** The check-in code (only for an active booking, only to its owner) and its QR as a PNG data URL. */
  token: z.string().nullable(),
  qrPng: z.string().nullable(),
  ticket: z.string().nullable(),
  cancellableUntil: z.string(),
});
export type Booking = z.infer<typeof Booking>;
export const BookingList = z.object({ items: z.array(Booking), blockedUntil: z.string().nullable() });
export type BookingList = z.infer<typeof BookingList>;

export const CheckInRequest = z.object({ token: z.string().trim().min(1).max(200) });
export const CallRequest = z.object({ window: z.string().trim().min(1).max(20) });

export const TICKET_STATUSES = ["waiting", "called"] as const;
export const Ticket = z.object({
  id: z.string(),
  hallId: z.string(),
  windowTypeId: z.string(),
  label: z.string(),
  status: z.enum(TICKET_STATUSES),
  booked: z.boolean(),
  window: z.string().nullable(),
  issuedAt: z.string(),
  calledAt: z.string().nullable(),
});
export type Ticket = z.infer<typeof Ticket>;
export const Queue = z.object({ waiting: z.array(Ticket), called: z.array(Ticket) });
export type Queue = z.infer<typeof Queue>;

/** What the hall screen shows (public: queue labels and windows only, nobody's name). */
export const HallScreen = z.object({
  hallId: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  date: z.string(),
  called: z.array(z.object({ label: z.string(), window: z.string(), calledAt: z.string() })),
  waiting: z.array(
    z.object({ windowTypeId: z.string(), name: z.string(), nameEn: z.string().nullable(), count: z.number().int() }),
  ),
});
export type HallScreen = z.infer<typeof HallScreen>;
