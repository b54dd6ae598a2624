/**
 * The hall: check-in by the booking's QR (a queue number for the booked window type), walk-in numbers,
 * calling the next number at a window, the clerk's queue and the public hall screen. A call announces
 * itself with pg_notify in its transaction, so every node's open hall screens refresh once it commits.
 */
import type { HallScreen, Queue, Ticket } from "@yiwang/contracts";
import { type Kysely, sql } from "kysely";
import { assertCan } from "../../platform/auth/guard.js";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { type AppointmentDeps, NO_SHOW_GRACE_MINUTES, NO_SHOW_JOB, REMIND_JOB, SCREEN_CHANNEL } from "./context.js";
import { AppointmentErrors } from "./errors.js";
import type { TicketRow, WindowTypeRow } from "./repository.js";
import { looksLikeToken, tokenHash } from "./tokens.js";

/** How many recent calls the hall screen shows. */
const SCREEN_CALLS = 8;

export function ticketView(t: TicketRow): Ticket {
  return {
    id: t.id,
    hallId: t.hall_id,
    windowTypeId: t.window_type_id,
    label: t.label,
    status: t.status as Ticket["status"],
    booked: t.booking_id !== null,
    window: t.window_label,
    issuedAt: t.issued_at.toISOString(),
    calledAt: t.called_at?.toISOString() ?? null,
  };
}

export class HallService {
  constructor(private readonly d: AppointmentDeps) {}

  async #today(): Promise<string> {
    return (await this.d.calendar.calendar()).localDate(this.d.clock.now());
  }

  async #servedWindowType(principal: Principal, id: string, trx?: Kysely<DB>): Promise<WindowTypeRow> {
    const w = await this.d.repo.windowType(id, trx);
    if (!w) throw AppointmentErrors.APPOINTMENT_WINDOW_TYPE_NOT_FOUND({ id });
    assertCan(principal, "appointments.serve", w.department_id);
    return w;
  }

  async #issue(w: WindowTypeRow, date: string, bookingId: string | null, trx: Kysely<DB>): Promise<TicketRow> {
    const number = await this.d.repo.nextNumber(w.id, date, trx);
    return this.d.repo.insertTicket(
      {
        hall_id: w.hall_id,
        window_type_id: w.id,
        service_date: date,
        number,
        label: `${w.prefix}${String(number).padStart(3, "0")}`,
        booking_id: bookingId,
        issued_at: this.d.clock.now(),
      },
      trx,
    );
  }

  /** Check-in by the QR's code: on the booking's day, until its no-show time; issues the queue number. */
  async checkIn(principal: Principal, token: string): Promise<Ticket> {
    if (!looksLikeToken(token)) throw AppointmentErrors.APPOINTMENT_CODE_INVALID();
    const calendar = await this.d.calendar.calendar();
    const now = this.d.clock.now();
    const today = calendar.localDate(now);
    const ticket = await this.d.db.transaction().execute(async (trx) => {
      const b = await this.d.repo.bookingByToken(tokenHash(token), trx);
      if (!b) throw AppointmentErrors.APPOINTMENT_CODE_INVALID();
      const w = await this.#servedWindowType(principal, b.window_type_id, trx);
      if (b.status !== "booked") throw AppointmentErrors.APPOINTMENT_NOT_ACTIVE({ id: b.id, status: b.status });
      const late = now.getTime() > b.ends_at.getTime() + NO_SHOW_GRACE_MINUTES * 60_000;
      if (b.slot_date !== today || late) throw AppointmentErrors.APPOINTMENT_CHECKIN_DAY({ date: b.slot_date });
      await this.d.repo.setStatus(b.id, "checked_in", now, trx);
      await this.d.jobs.cancel(trx, NO_SHOW_JOB, b.id);
      await this.d.jobs.cancel(trx, REMIND_JOB, b.id);
      const t = await this.#issue(w, today, b.id, trx);
      await this.d.audit.append(
        {
          type: "appointments.checked_in",
          actor: `staff:${principal.id}`,
          subject: `appointment:${b.id}`,
          payload: { ticket: t.label },
        },
        trx,
      );
      await this.#announce(w.hall_id, trx);
      return t;
    });
    return ticketView(ticket);
  }

  /** A number for someone who came without a booking (现场取号). */
  async walkIn(principal: Principal, windowTypeId: string): Promise<Ticket> {
    const today = await this.#today();
    const ticket = await this.d.db.transaction().execute(async (trx) => {
      const w = await this.#servedWindowType(principal, windowTypeId, trx);
      const t = await this.#issue(w, today, null, trx);
      await this.d.audit.append(
        {
          type: "appointments.walk_in",
          actor: `staff:${principal.id}`,
          subject: `ticket:${t.id}`,
          payload: { ticket: t.label },
        },
        trx,
      );
      await this.#announce(w.hall_id, trx);
      return t;
    });
    return ticketView(ticket);
  }

  /** Calls the first waiting number of the window type to the clerk's window. */
  async callNext(principal: Principal, windowTypeId: string, window: string): Promise<Ticket> {
    const today = await this.#today();
    const ticket = await this.d.db.transaction().execute(async (trx) => {
      const w = await this.#servedWindowType(principal, windowTypeId, trx);
      const next = await this.d.repo.firstWaiting(w.id, today, trx);
      if (!next) throw AppointmentErrors.APPOINTMENT_QUEUE_EMPTY({ windowTypeId });
      const called = await this.d.repo.call(next.id, window, principal.id, this.d.clock.now(), trx);
      await this.d.audit.append(
        {
          type: "appointments.called",
          actor: `staff:${principal.id}`,
          subject: `ticket:${called.id}`,
          payload: { ticket: called.label, window },
        },
        trx,
      );
      await this.#announce(w.hall_id, trx);
      return called;
    });
    return ticketView(ticket);
  }

  async queue(principal: Principal, windowTypeId: string): Promise<Queue> {
    const w = await this.#servedWindowType(principal, windowTypeId);
    const tickets = (await this.d.repo.ticketsOfDay(w.id, await this.#today())).map(ticketView);
    return {
      waiting: tickets.filter((t) => t.status === "waiting"),
      called: tickets.filter((t) => t.status === "called").reverse(),
    };
  }

  async screen(hallId: string): Promise<HallScreen> {
    const hall = await this.d.repo.hall(hallId);
    if (!hall?.active) throw AppointmentErrors.APPOINTMENT_HALL_NOT_FOUND({ hallId });
    const today = await this.#today();
    const [called, waiting, types] = await Promise.all([
      this.d.repo.calledInHall(hall.id, today, SCREEN_CALLS),
      this.d.repo.waitingCounts(hall.id, today),
      this.d.repo.windowTypes([hall.id]),
    ]);
    return {
      hallId: hall.id,
      name: hall.name,
      nameEn: hall.name_en,
      date: today,
      called: called.map((t) => ({
        label: t.label,
        window: t.window_label ?? "",
        calledAt: (t.called_at as Date).toISOString(),
      })),
      waiting: types
        .filter((w) => w.active)
        .map((w) => ({ windowTypeId: w.id, name: w.name, nameEn: w.name_en, count: waiting.get(w.id) ?? 0 })),
    };
  }

  async #announce(hallId: string, trx: Kysely<DB>): Promise<void> {
    await sql`select pg_notify(${SCREEN_CHANNEL}, ${hallId})`.execute(trx);
  }
}
