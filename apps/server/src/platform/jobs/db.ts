import type { ColumnType, Generated } from "kysely";

export interface JobsTable {
  id: Generated<string>;
  kind: string;
  key: string;
  run_at: Date;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  attempts: Generated<number>;
  last_error: string | null;
  locked_until: Date | null;
  /** Set when the job failed its kind's last attempt: it is not claimed again until re-run. */
  dead_at: Date | null;
  created_at: Generated<Date>;
}

declare module "../db/schema.js" {
  interface DB {
    jobs: JobsTable;
  }
}
