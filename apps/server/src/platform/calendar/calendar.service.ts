import { CalendarErrorCodes } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { AuditLog } from "../../modules/audit/index.js";
import type { DB } from "../db/schema.js";
import { defineErrors } from "../errors.js";
import { CalendarRepository } from "./calendar.repository.js";
import { type SpecialDay, WorkCalendar } from "./work-calendar.js";

export const CalendarErrors = defineErrors(CalendarErrorCodes);

/**
 * Holds the calendar in memory (a few dozen rows a year) and reloads it after `cacheSeconds`, or at once
 * after an edit through this process. Other processes pick up an edit within `cacheSeconds`; deadlines
 * are computed when a case changes state, so a one-minute window is acceptable, and it is documented.
 */
export class CalendarService {
  readonly #repo: CalendarRepository;
  #cached?: { calendar: WorkCalendar; loadedAt: number };
  #loading?: Promise<WorkCalendar>;

  constructor(
    private readonly db: Kysely<DB>,
    readonly timeZone: string,
    private readonly cacheSeconds: number,
    private readonly audit: AuditLog,
  ) {
    this.#repo = new CalendarRepository(db);
  }

  /**
   * The cached calendar, reloaded when older than the cache period. Inside a transaction pass it as `db`:
   * on PGlite (one connection) a load through the pool would wait for that very transaction.
   */
  async calendar(db?: Kysely<DB>): Promise<WorkCalendar> {
    const c = this.#cached;
    if (c && Date.now() - c.loadedAt < this.cacheSeconds * 1000) return c.calendar;
    if (db) {
      const calendar = new WorkCalendar(await new CalendarRepository(db).all(), this.timeZone);
      this.#cached = { calendar, loadedAt: Date.now() };
      return calendar;
    }
    this.#loading ??= this.#repo
      .all()
      .then((days) => {
        const calendar = new WorkCalendar(days, this.timeZone);
        this.#cached = { calendar, loadedAt: Date.now() };
        return calendar;
      })
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  invalidate() {
    this.#cached = undefined;
  }

  listYear(year: number): Promise<SpecialDay[]> {
    return this.#repo.byYear(year);
  }

  async setDay(day: SpecialDay, actor: string): Promise<SpecialDay> {
    const saved = await this.db.transaction().execute(async (trx) => {
      const row = await this.#repo.upsert(day, trx);
      await this.audit.append(
        { type: "calendar.day.set", actor, subject: `calendar-day:${day.date}`, payload: row },
        trx,
      );
      return row;
    });
    this.invalidate();
    return saved;
  }

  async removeDay(date: string, actor: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.#repo.remove(date, trx))) throw CalendarErrors.CALENDAR_DAY_NOT_FOUND({ date });
      await this.audit.append({ type: "calendar.day.removed", actor, subject: `calendar-day:${date}` }, trx);
    });
    this.invalidate();
  }

  async addWorkingDays(from: Date, days: number) {
    return (await this.calendar()).addWorkingDays(from, days);
  }

  async countWorkingDays(from: Date, to: Date) {
    return (await this.calendar()).countWorkingDays(from, to);
  }
}
