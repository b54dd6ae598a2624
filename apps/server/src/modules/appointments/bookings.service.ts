/**
 * 网上预约, the citizen's side: free slots of an item over the next working days, booking (capacity taken
 * by a conditional UPDATE, one active booking per person and item, the no-show rule), cancelling before the
 * cut-off, my bookings with the check-in QR; the reminder and no-show jobs.
 */
import type { Booking, BookingList, BookRequest, Slot, SlotList } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import { shiftDate, type WorkCalendar } from "../../platform/calendar/work-calendar.js";
import { uniqueViolation } from "../../platform/db/pg-errors.js";
import type { DB } from "../../platform/db/schema.js";
import type { Job } from "../../platform/jobs/index.js";
import {
  type AppointmentDeps,
  BOOKING_HORIZON_DAYS,
  CANCEL_CUTOFF_MINUTES,
  NO_SHOW_BLOCK_DAYS,
  NO_SHOW_GRACE_MINUTES,
  NO_SHOW_JOB,
  NO_SHOW_LIMIT,
  NO_SHOW_WINDOW_DAYS,
  REMIND_JOB,
  REMINDER_HOURS,
} from "./context.js";
import { AppointmentErrors } from "./errors.js";
import type { BookingRow, HallRow, WindowTypeRow } from "./repository.js";
import { daySlots, instantOf, opensOn } from "./slots.js";
import { newToken, qrPng, tokenHash } from "./tokens.js";

const DAY_MS = 86_400_000;
const template = (w: WindowTypeRow) => ({ weekdays: w.weekdays, periods: w.periods, slotMinutes: w.slot_minutes });

/**
 * The end of the no-show block, or null: the person is blocked for NO_SHOW_BLOCK_DAYS after any no-show that
 * was the NO_SHOW_LIMIT-th within NO_SHOW_WINDOW_DAYS. `marks` are the no-show times, oldest first.
 */
export function blockedUntil(marks: Date[], now: Date): Date | null {
  let until: Date | null = null;
  marks.forEach((at, i) => {
    const first = marks[i - (NO_SHOW_LIMIT - 1)];
    if (first && at.getTime() - first.getTime() <= NO_SHOW_WINDOW_DAYS * DAY_MS) {
      const end = new Date(at.getTime() + NO_SHOW_BLOCK_DAYS * DAY_MS);
      if (end > now && (!until || end > until)) until = end;
    }
  });
  return until;
}

export class BookingService {
  constructor(private readonly d: AppointmentDeps) {}

  async #blockedUntil(accountId: string, trx?: Kysely<DB>): Promise<Date | null> {
    const now = this.d.clock.now();
    const since = new Date(now.getTime() - (NO_SHOW_WINDOW_DAYS + NO_SHOW_BLOCK_DAYS) * DAY_MS);
    return blockedUntil(await this.d.repo.noShowsSince(accountId, since, trx), now);
  }

  /** The item's window types and their halls; an unknown item or one no hall serves cannot be booked. */
  async #bookable(itemCode: string) {
    const item = await this.d.items.getPublished(itemCode).catch(() => {
      throw AppointmentErrors.APPOINTMENT_NOT_BOOKABLE({ itemCode });
    });
    const windowTypes = await this.d.repo.windowTypesFor(itemCode);
    if (windowTypes.length === 0) throw AppointmentErrors.APPOINTMENT_NOT_BOOKABLE({ itemCode });
    const halls = (await this.d.repo.halls()).filter((h) => windowTypes.some((w) => w.hall_id === h.id));
    return { item, windowTypes, halls };
  }

  async slots(principal: Principal | null, itemCode: string, days: number): Promise<SlotList> {
    const { windowTypes, halls } = await this.#bookable(itemCode);
    const calendar = await this.d.calendar.calendar();
    const now = this.d.clock.now();
    const dates: string[] = [];
    for (let d = calendar.localDate(now), i = 0; dates.length < days && i < BOOKING_HORIZON_DAYS; i++) {
      if (calendar.isWorkingDay(d)) dates.push(d);
      d = shiftDate(d, 1);
    }
    const booked = await this.d.repo.bookedCounts(
      windowTypes.map((w) => w.id),
      dates[0] ?? "",
      dates[dates.length - 1] ?? "",
    );
    const slots: Slot[] = [];
    for (const w of windowTypes)
      for (const date of dates) {
        if (!opensOn(template(w), calendar, date)) continue;
        for (const s of daySlots(template(w))) {
          if (instantOf(calendar, date, s.startMinute) <= now) continue;
          const free = w.capacity - (booked.get(`${w.id}|${date}|${s.start}`) ?? 0);
          slots.push({ windowTypeId: w.id, date, start: s.start, end: s.end, free: Math.max(0, free) });
        }
      }
    const until = principal?.kind === "citizen" ? await this.#blockedUntil(principal.id) : null;
    return {
      itemCode,
      halls: halls.map((h) => ({ id: h.id, name: h.name, nameEn: h.name_en, address: h.address })),
      windowTypes: windowTypes.map((w) => ({ id: w.id, hallId: w.hall_id, name: w.name, nameEn: w.name_en })),
      slots,
      blockedUntil: until?.toISOString() ?? null,
    };
  }

  /** Checks the request against the template and the calendar; the slot's instants. */
  #slotOf(w: WindowTypeRow, calendar: WorkCalendar, date: string, start: string) {
    const now = this.d.clock.now();
    const today = calendar.localDate(now);
    if (date < today) throw AppointmentErrors.APPOINTMENT_PAST({ date });
    if (date > shiftDate(today, BOOKING_HORIZON_DAYS)) throw AppointmentErrors.APPOINTMENT_TOO_FAR({ date });
    if (!opensOn(template(w), calendar, date)) {
      const info = calendar.dayInfo(date);
      throw AppointmentErrors.APPOINTMENT_HOLIDAY({ date, kind: info.kind, name: info.name });
    }
    const slot = daySlots(template(w)).find((s) => s.start === start);
    if (!slot) throw AppointmentErrors.APPOINTMENT_SLOT_INVALID({ start });
    const startsAt = instantOf(calendar, date, slot.startMinute);
    if (startsAt <= now) throw AppointmentErrors.APPOINTMENT_PAST({ date, start });
    return { startsAt, endsAt: instantOf(calendar, date, slot.endMinute) };
  }

  async book(principal: Principal, input: BookRequest): Promise<Booking> {
    const { item, windowTypes, halls } = await this.#bookable(input.itemCode);
    const w = windowTypes.find((x) => x.id === input.windowTypeId);
    if (!w) throw AppointmentErrors.APPOINTMENT_WINDOW_TYPE_NOT_FOUND({ windowTypeId: input.windowTypeId });
    const hall = halls.find((h) => h.id === w.hall_id) as HallRow;
    const calendar = await this.d.calendar.calendar();
    const { startsAt, endsAt } = this.#slotOf(w, calendar, input.date, input.start);
    const until = await this.#blockedUntil(principal.id);
    if (until) throw AppointmentErrors.APPOINTMENT_BLOCKED({ until: until.toISOString() });
    const token = newToken();
    const now = this.d.clock.now();
    const row = await this.#bookIn(item.code, async (trx) => {
      if (await this.d.repo.activeBooking(principal.id, item.code, trx))
        throw AppointmentErrors.APPOINTMENT_ALREADY_BOOKED({ itemCode: item.code });
      if (!(await this.d.repo.takePlace(w.id, input.date, input.start, w.capacity, trx)))
        throw AppointmentErrors.APPOINTMENT_SLOT_FULL({ date: input.date, start: input.start });
      const id = crypto.randomUUID();
      const booking = await this.d.repo.insertBooking(
        {
          id,
          account_id: principal.id,
          item_code: item.code,
          hall_id: hall.id,
          window_type_id: w.id,
          slot_date: input.date,
          slot_start: input.start,
          starts_at: startsAt,
          ends_at: endsAt,
          token_hash: tokenHash(token),
          token_sealed: this.d.box.seal(Buffer.from(token), `appointment:${id}`),
          created_at: now,
        },
        trx,
      );
      const remindAt = new Date(startsAt.getTime() - REMINDER_HOURS * 3_600_000);
      if (remindAt > now) await this.d.jobs.schedule(trx, { kind: REMIND_JOB, key: id, runAt: remindAt });
      await this.d.jobs.schedule(trx, {
        kind: NO_SHOW_JOB,
        key: id,
        runAt: new Date(endsAt.getTime() + NO_SHOW_GRACE_MINUTES * 60_000),
      });
      await this.d.audit.append(
        {
          type: "appointments.booked",
          actor: `citizen:${principal.id}`,
          subject: `appointment:${id}`,
          payload: { itemCode: item.code, windowTypeId: w.id, date: input.date, start: input.start },
        },
        trx,
      );
      return booking;
    });
    return this.#view(row, hall, w, item.name, null);
  }

  /**
   * Runs the booking's transaction. Two requests of one person for the same item racing past the check above
   * meet at the unique index on active bookings: the loser gets the same stable code, not a generic conflict.
   */
  async #bookIn(itemCode: string, write: (trx: Kysely<DB>) => Promise<BookingRow>) {
    try {
      return await this.d.db.transaction().execute(write);
    } catch (error) {
      if (uniqueViolation(error) === "appointment_bookings_active")
        throw AppointmentErrors.APPOINTMENT_ALREADY_BOOKED({ itemCode });
      throw error;
    }
  }

  async cancel(principal: Principal, id: string): Promise<Booking> {
    const now = this.d.clock.now();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const b = await this.d.repo.booking(id, trx, true);
      if (!b || b.account_id !== principal.id) throw AppointmentErrors.APPOINTMENT_NOT_FOUND({ id });
      if (b.status !== "booked") throw AppointmentErrors.APPOINTMENT_NOT_ACTIVE({ id, status: b.status });
      if (now.getTime() > b.starts_at.getTime() - CANCEL_CUTOFF_MINUTES * 60_000)
        throw AppointmentErrors.APPOINTMENT_CANCEL_CLOSED({ id });
      const done = (await this.d.repo.setStatus(id, "cancelled", now, trx)) as BookingRow;
      await this.d.repo.releasePlace(b.window_type_id, b.slot_date, b.slot_start, trx);
      await this.d.jobs.cancel(trx, REMIND_JOB, id);
      await this.d.jobs.cancel(trx, NO_SHOW_JOB, id);
      await this.d.audit.append(
        { type: "appointments.cancelled", actor: `citizen:${principal.id}`, subject: `appointment:${id}` },
        trx,
      );
      return done;
    });
    return (await this.#views([row]))[0] as Booking;
  }

  async mine(principal: Principal): Promise<BookingList> {
    const rows = await this.d.repo.bookingsOf(principal.id, 50);
    const until = await this.#blockedUntil(principal.id);
    return { items: await this.#views(rows), blockedUntil: until?.toISOString() ?? null };
  }

  async #views(rows: BookingRow[]): Promise<Booking[]> {
    const halls = new Map((await this.d.repo.halls()).map((h) => [h.id, h]));
    const types = new Map((await this.d.repo.windowTypes([...halls.keys()])).map((w) => [w.id, w]));
    const tickets = new Map((await this.d.repo.ticketOfBooking(rows.map((r) => r.id))).map((t) => [t.booking_id, t]));
    const names = new Map<string, string | null>();
    for (const code of new Set(rows.map((r) => r.item_code)))
      names.set(
        code,
        await this.d.items.getPublished(code).then(
          (i) => i.name,
          () => null,
        ),
      );
    return Promise.all(
      rows.map((r) => {
        const hall = halls.get(r.hall_id);
        const w = types.get(r.window_type_id);
        return this.#view(r, hall, w, names.get(r.item_code) ?? null, tickets.get(r.id)?.label ?? null);
      }),
    );
  }

  async #view(
    r: BookingRow,
    hall: HallRow | undefined,
    w: WindowTypeRow | undefined,
    itemName: string | null,
    ticket: string | null,
  ): Promise<Booking> {
    const active = r.status === "booked";
    const token = active ? this.d.box.open(r.token_sealed, `appointment:${r.id}`).toString() : null;
    return {
      id: r.id,
      itemCode: r.item_code,
      itemName,
      hallId: r.hall_id,
      hallName: hall?.name ?? "",
      hallAddress: hall?.address ?? "",
      windowTypeName: w?.name ?? "",
      date: r.slot_date,
      start: r.slot_start,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      status: r.status as Booking["status"],
      token,
      qrPng: token ? await qrPng(token) : null,
      ticket,
      cancellableUntil: new Date(r.starts_at.getTime() - CANCEL_CUTOFF_MINUTES * 60_000).toISOString(),
    };
  }

  /** The day-before reminder, in-app and by SMS; nothing for a booking no longer active. */
  async remind(job: Job, trx: Kysely<DB>): Promise<void> {
    const b = await this.d.repo.booking(job.key, trx);
    if (b?.status !== "booked") return;
    const hall = await this.d.repo.hall(b.hall_id, trx);
    const when = `${b.slot_date} ${b.slot_start}`;
    const place = hall?.name ?? "";
    await this.d.notify.send(trx, {
      recipients: [b.account_id],
      kind: REMIND_JOB,
      title: { zh: "预约办事提醒", en: "Appointment reminder" },
      body: {
        zh: `您预约了 ${when} 到${place}办事，请凭“我的预约”中的二维码签到取号。`,
        en: `You have an appointment at ${hall?.name_en ?? place} on ${when}. Check in with the QR code under My bookings.`,
      },
      link: "/appointments/mine",
      subject: `appointment:${b.id}`,
    });
    await this.d.sms.sms(trx, {
      recipient: b.account_id,
      eventType: REMIND_JOB,
      subject: `appointment:${b.id}`,
      variables: {
        title: "预约办事提醒",
        body: `您预约了${when}到${place}办事，请按时到场签到。`,
        link: "/appointments/mine",
      },
    });
  }

  /** A booking not checked in by the slot's end plus the grace becomes a no-show (the no-show rule counts it). */
  async markNoShow(job: Job, trx: Kysely<DB>): Promise<void> {
    const now = this.d.clock.now();
    const b = await this.d.repo.booking(job.key, trx, true);
    if (b?.status !== "booked") return;
    await this.d.repo.setStatus(b.id, "no_show", now, trx);
    await this.d.audit.append(
      { type: "appointments.no_show", actor: "system", subject: `appointment:${b.id}`, time: now },
      trx,
    );
  }
}
