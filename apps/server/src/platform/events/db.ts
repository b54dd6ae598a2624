import type { ColumnType, Generated } from "kysely";

export interface OutboxEventsTable {
  id: string;
  seq: Generated<number>;
  type: string;
  subject: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  occurred_at: Date;
}

declare module "../db/schema.js" {
  interface DB {
    outbox_events: OutboxEventsTable;
  }
}
