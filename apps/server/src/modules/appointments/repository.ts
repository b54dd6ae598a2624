import { type Insertable, type Kysely, type Selectable, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type {
  AppointmentBookingsTable,
  AppointmentHallsTable,
  AppointmentTicketsTable,
  AppointmentWindowTypesTable,
} from "./db.js";

export type HallRow = Selectable<AppointmentHallsTable>;
export type WindowTypeRow = Selectable<AppointmentWindowTypesTable>;
export type BookingRow = Selectable<AppointmentBookingsTable>;
export type TicketRow = Selectable<AppointmentTicketsTable>;

/** The appointments tables (SQL only, no rules). */
export class AppointmentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  halls(trx: Kysely<DB> = this.db): Promise<HallRow[]> {
    return trx.selectFrom("appointment_halls").selectAll().where("active", "=", true).orderBy("name").execute();
  }

  hall(id: string, trx: Kysely<DB> = this.db): Promise<HallRow | undefined> {
    return trx.selectFrom("appointment_halls").selectAll().where("id", "=", id).executeTakeFirst();
  }

  insertHall(row: Insertable<AppointmentHallsTable>, trx: Kysely<DB>): Promise<HallRow | undefined> {
    return trx
      .insertInto("appointment_halls")
      .values(row)
      .onConflict((oc) => oc.column("key").doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  windowTypes(hallIds: string[], trx: Kysely<DB> = this.db): Promise<WindowTypeRow[]> {
    if (hallIds.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom("appointment_window_types")
      .selectAll()
      .where("hall_id", "in", hallIds)
      .orderBy("prefix")
      .execute();
  }

  windowType(id: string, trx: Kysely<DB> = this.db): Promise<WindowTypeRow | undefined> {
    return trx.selectFrom("appointment_window_types").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** Active window types (of active halls) that serve an item. */
  windowTypesFor(itemCode: string, trx: Kysely<DB> = this.db): Promise<WindowTypeRow[]> {
    return trx
      .selectFrom("appointment_window_types as w")
      .innerJoin("appointment_halls as h", "h.id", "w.hall_id")
      .selectAll("w")
      .where("w.active", "=", true)
      .where("h.active", "=", true)
      .where(sql<boolean>`${itemCode} = any(w.item_codes)`)
      .orderBy("w.prefix")
      .execute();
  }

  insertWindowType(row: Insertable<AppointmentWindowTypesTable>, trx: Kysely<DB>): Promise<WindowTypeRow | undefined> {
    return trx
      .insertInto("appointment_window_types")
      .values(row)
      .onConflict((oc) => oc.columns(["hall_id", "prefix"]).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  updateWindowType(
    id: string,
    values: Partial<Insertable<AppointmentWindowTypesTable>>,
    trx: Kysely<DB>,
  ): Promise<WindowTypeRow | undefined> {
    return trx
      .updateTable("appointment_window_types")
      .set(values)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Booked counts of a window type's slots over a date range, keyed "date|start". */
  async bookedCounts(windowTypeIds: string[], from: string, to: string, trx: Kysely<DB> = this.db) {
    if (windowTypeIds.length === 0) return new Map<string, number>();
    const rows = await trx
      .selectFrom("appointment_slot_counts")
      .select(["window_type_id", "slot_date", "slot_start", "booked"])
      .where("window_type_id", "in", windowTypeIds)
      .where("slot_date", ">=", from)
      .where("slot_date", "<=", to)
      .execute();
    return new Map(rows.map((r) => [`${r.window_type_id}|${r.slot_date}|${r.slot_start}`, r.booked]));
  }

  /**
   * Takes one place of a slot: creates its counter row if needed, then a conditional UPDATE that only
   * succeeds while places are left. Concurrent takers queue on the row lock and re-check the condition, so
   * exactly as many succeed as there were places. False: the slot is full.
   */
  async takePlace(windowTypeId: string, date: string, start: string, capacity: number, trx: Kysely<DB>) {
    await trx
      .insertInto("appointment_slot_counts")
      .values({ window_type_id: windowTypeId, slot_date: date, slot_start: start, capacity, booked: 0 })
      .onConflict((oc) => oc.columns(["window_type_id", "slot_date", "slot_start"]).doNothing())
      .execute();
    const row = await trx
      .updateTable("appointment_slot_counts")
      .set((eb) => ({ booked: eb("booked", "+", 1) }))
      .where("window_type_id", "=", windowTypeId)
      .where("slot_date", "=", date)
      .where("slot_start", "=", start)
      .whereRef("booked", "<", "capacity")
      .returning("booked")
      .executeTakeFirst();
    return row !== undefined;
  }

  async releasePlace(windowTypeId: string, date: string, start: string, trx: Kysely<DB>): Promise<void> {
    await trx
      .updateTable("appointment_slot_counts")
      .set((eb) => ({ booked: eb("booked", "-", 1) }))
      .where("window_type_id", "=", windowTypeId)
      .where("slot_date", "=", date)
      .where("slot_start", "=", start)
      .where("booked", ">", 0)
      .execute();
  }

  activeBooking(accountId: string, itemCode: string, trx: Kysely<DB>): Promise<BookingRow | undefined> {
    return trx
      .selectFrom("appointment_bookings")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("item_code", "=", itemCode)
      .where("status", "=", "booked")
      .executeTakeFirst();
  }

  insertBooking(row: Insertable<AppointmentBookingsTable>, trx: Kysely<DB>): Promise<BookingRow> {
    return trx.insertInto("appointment_bookings").values(row).returningAll().executeTakeFirstOrThrow();
  }

  booking(id: string, trx: Kysely<DB> = this.db, lock = false): Promise<BookingRow | undefined> {
    const q = trx.selectFrom("appointment_bookings").selectAll().where("id", "=", id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  }

  bookingByToken(tokenHash: string, trx: Kysely<DB>): Promise<BookingRow | undefined> {
    return trx
      .selectFrom("appointment_bookings")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .forUpdate()
      .executeTakeFirst();
  }

  bookingsOf(accountId: string, limit: number, trx: Kysely<DB> = this.db): Promise<BookingRow[]> {
    return trx
      .selectFrom("appointment_bookings")
      .selectAll()
      .where("account_id", "=", accountId)
      .orderBy("starts_at", "desc")
      .limit(limit)
      .execute();
  }

  /** When the account's no-shows were marked, since `since` (the no-show rule reads these). */
  async noShowsSince(accountId: string, since: Date, trx: Kysely<DB> = this.db): Promise<Date[]> {
    const rows = await trx
      .selectFrom("appointment_bookings")
      .select("no_show_at")
      .where("account_id", "=", accountId)
      .where("status", "=", "no_show")
      .where("no_show_at", ">", since)
      .orderBy("no_show_at")
      .execute();
    return rows.map((r) => r.no_show_at as Date);
  }

  /** Moves an active booking to a final status; undefined when it was no longer active. */
  setStatus(
    id: string,
    status: "cancelled" | "checked_in" | "no_show",
    at: Date,
    trx: Kysely<DB>,
  ): Promise<BookingRow | undefined> {
    const column = status === "cancelled" ? "cancelled_at" : status === "checked_in" ? "checked_in_at" : "no_show_at";
    return trx
      .updateTable("appointment_bookings")
      .set({ status, [column]: at })
      .where("id", "=", id)
      .where("status", "=", "booked")
      .returningAll()
      .executeTakeFirst();
  }

  /** The next queue number of a window type on a day (a counter row: concurrent takers get distinct ones). */
  async nextNumber(windowTypeId: string, date: string, trx: Kysely<DB>): Promise<number> {
    const row = await trx
      .insertInto("appointment_ticket_counters")
      .values({ window_type_id: windowTypeId, service_date: date, last_number: 1 })
      .onConflict((oc) =>
        oc
          .columns(["window_type_id", "service_date"])
          .doUpdateSet((eb) => ({ last_number: eb("appointment_ticket_counters.last_number", "+", 1) })),
      )
      .returning("last_number")
      .executeTakeFirstOrThrow();
    return row.last_number;
  }

  insertTicket(row: Insertable<AppointmentTicketsTable>, trx: Kysely<DB>): Promise<TicketRow> {
    return trx.insertInto("appointment_tickets").values(row).returningAll().executeTakeFirstOrThrow();
  }

  ticketOfBooking(bookingIds: string[], trx: Kysely<DB> = this.db): Promise<TicketRow[]> {
    if (bookingIds.length === 0) return Promise.resolve([]);
    return trx.selectFrom("appointment_tickets").selectAll().where("booking_id", "in", bookingIds).execute();
  }

  /** The first waiting ticket of a window type's day, locked (booked ones and walk-ins in order of issue). */
  firstWaiting(windowTypeId: string, date: string, trx: Kysely<DB>): Promise<TicketRow | undefined> {
    return trx
      .selectFrom("appointment_tickets")
      .selectAll()
      .where("window_type_id", "=", windowTypeId)
      .where("service_date", "=", date)
      .where("status", "=", "waiting")
      .orderBy("number")
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
  }

  call(id: string, window: string, by: string, at: Date, trx: Kysely<DB>): Promise<TicketRow> {
    return trx
      .updateTable("appointment_tickets")
      .set({ status: "called", window_label: window, called_by: by, called_at: at })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  ticketsOfDay(windowTypeId: string, date: string, trx: Kysely<DB> = this.db): Promise<TicketRow[]> {
    return trx
      .selectFrom("appointment_tickets")
      .selectAll()
      .where("window_type_id", "=", windowTypeId)
      .where("service_date", "=", date)
      .orderBy("number")
      .execute();
  }

  calledInHall(hallId: string, date: string, limit: number, trx: Kysely<DB> = this.db): Promise<TicketRow[]> {
    return trx
      .selectFrom("appointment_tickets")
      .selectAll()
      .where("hall_id", "=", hallId)
      .where("service_date", "=", date)
      .where("status", "=", "called")
      .orderBy("called_at", "desc")
      .limit(limit)
      .execute();
  }

  async waitingCounts(hallId: string, date: string, trx: Kysely<DB> = this.db): Promise<Map<string, number>> {
    const rows = await trx
      .selectFrom("appointment_tickets")
      .select(["window_type_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("hall_id", "=", hallId)
      .where("service_date", "=", date)
      .where("status", "=", "waiting")
      .groupBy("window_type_id")
      .execute();
    return new Map(rows.map((r) => [r.window_type_id, Number(r.n)]));
  }
}
