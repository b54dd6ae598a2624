import { CalendarErrorCodes } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { type Cache, CacheRegistry } from "../cache/registry.js";
import type { DB } from "../db/schema.js";
import { defineErrors } from "../errors.js";
import type { AuditLog } from "../ports.js";
import { CalendarRepository } from "./calendar.repository.js";
import { type SpecialDay, WorkCalendar } from "./work-calendar.js";

export const CalendarErrors = defineErrors(CalendarErrorCodes);

/**
 * Holds the calendar in memory (a few dozen rows a year) in the platform cache (kind `calendar`): an edit
 * through any process invalidates it in its transaction, so every process re-reads it right after the
 * commit (LISTEN/NOTIFY; before, other processes kept the old calendar for up to a minute).
 */
export class CalendarService {
  readonly #repo: CalendarRepository;
  readonly #cache: Cache<WorkCalendar>;

  constructor(
    private readonly db: Kysely<DB>,
    readonly timeZone: string,
    private readonly cache: CacheRegistry = new CacheRegistry(),
    private readonly audit: AuditLog,
  ) {
    this.#repo = new CalendarRepository(db);
    this.#cache = cache.cache("calendar", { maxEntries: 1 });
  }

  /**
   * The calendar. Inside a transaction pass it as `db`: on PGlite (one connection) a load through the
   * pool would wait for that very transaction. Unlike other cached reads, one inside a transaction is
   * served and stored too (a case transition needs the calendar; re-reading it there would cost a round
   * trip per transition): no transaction that reads the calendar writes it, so what it reads is committed.
   */
  calendar(db?: Kysely<DB>): Promise<WorkCalendar> {
    return this.#cache.read(
      "all",
      async () => new WorkCalendar(await new CalendarRepository(db ?? this.db).all(), this.timeZone),
    );
  }

  listYear(year: number): Promise<SpecialDay[]> {
    return this.#repo.byYear(year);
  }

  async setDay(day: SpecialDay, actor: string): Promise<SpecialDay> {
    const saved = await this.db.transaction().execute(async (trx) => {
      const row = await this.#repo.upsert(day, trx);
      await this.cache.invalidate(trx, "calendar");
      await this.audit.append(
        { type: "calendar.day.set", actor, subject: `calendar-day:${day.date}`, payload: row },
        trx,
      );
      return row;
    });
    return saved;
  }

  async removeDay(date: string, actor: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.#repo.remove(date, trx))) throw CalendarErrors.CALENDAR_DAY_NOT_FOUND({ date });
      await this.cache.invalidate(trx, "calendar");
      await this.audit.append({ type: "calendar.day.removed", actor, subject: `calendar-day:${date}` }, trx);
    });
  }

  async addWorkingDays(from: Date, days: number) {
    return (await this.calendar()).addWorkingDays(from, days);
  }

  async countWorkingDays(from: Date, to: Date) {
    return (await this.calendar()).countWorkingDays(from, to);
  }
}
