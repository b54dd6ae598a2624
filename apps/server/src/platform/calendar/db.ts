import type { Generated } from "kysely";

export interface WorkCalendarDaysTable {
  day: string;
  kind: "holiday" | "workday";
  name: string | null;
  updated_at: Generated<Date>;
}

declare module "../db/schema.js" {
  interface DB {
    work_calendar_days: WorkCalendarDaysTable;
  }
}
