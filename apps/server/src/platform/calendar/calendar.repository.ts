import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { SpecialDay } from "./work-calendar.js";
import "./db.js";

export class CalendarRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async all(): Promise<SpecialDay[]> {
    return this.db.selectFrom("work_calendar_days").select(["day as date", "kind", "name"]).orderBy("day").execute();
  }

  async byYear(year: number): Promise<SpecialDay[]> {
    return this.db
      .selectFrom("work_calendar_days")
      .select(["day as date", "kind", "name"])
      .where("day", ">=", `${year}-01-01`)
      .where("day", "<=", `${year}-12-31`)
      .orderBy("day")
      .execute();
  }

  async upsert(day: SpecialDay, db: Kysely<DB> = this.db): Promise<SpecialDay> {
    return db
      .insertInto("work_calendar_days")
      .values({ day: day.date, kind: day.kind, name: day.name })
      .onConflict((oc) => oc.column("day").doUpdateSet({ kind: day.kind, name: day.name, updated_at: new Date() }))
      .returning(["day as date", "kind", "name"])
      .executeTakeFirstOrThrow();
  }

  /** Inserts days that are not there yet; never overwrites an edited day. Returns how many were new. */
  async insertMissing(days: SpecialDay[], db: Kysely<DB> = this.db): Promise<number> {
    if (days.length === 0) return 0;
    const rows = await db
      .insertInto("work_calendar_days")
      .values(days.map((d) => ({ day: d.date, kind: d.kind, name: d.name })))
      .onConflict((oc) => oc.column("day").doNothing())
      .returning("day")
      .execute();
    return rows.length;
  }

  async remove(date: string, db: Kysely<DB> = this.db): Promise<boolean> {
    const r = await db.deleteFrom("work_calendar_days").where("day", "=", date).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
