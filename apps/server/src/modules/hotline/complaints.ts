/**
 * The supervision module's narrow reader of 12345 complaints (信用记录: 12345 投诉次数): how many complaint
 * requests named an enterprise by its 统一社会信用代码 since a time. A merged request is the same matter as the
 * one it was merged into, so it is not counted twice. Nothing else of the requests leaves the module.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";

export interface ComplaintCounter {
  countAbout(uscc: string, since: Date): Promise<number>;
}

export function complaintCounter(db: Kysely<DB>): ComplaintCounter {
  return {
    async countAbout(uscc, since) {
      const row = await db
        .selectFrom("hotline_requests")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("subject_uscc", "=", uscc)
        .where("kind", "=", "complaint")
        .where("status", "!=", "merged")
        .where("created_at", ">=", since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
