import type { Insertable, Kysely, Selectable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { NotifyTemplatesTable } from "./db.js";

export type TemplateRow = Selectable<NotifyTemplatesTable>;

export class TemplateRepository {
  async list(db: Kysely<DB>): Promise<TemplateRow[]> {
    return db
      .selectFrom("notify_templates")
      .selectAll()
      .orderBy("event_type")
      .orderBy("language")
      .orderBy("version", "desc")
      .execute();
  }

  async current(db: Kysely<DB>, eventType: string, language: string): Promise<TemplateRow | undefined> {
    return db
      .selectFrom("notify_templates")
      .selectAll()
      .where("event_type", "=", eventType)
      .where("language", "=", language)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** Adds the next version (the unique key refuses a concurrent save of the same number: 409). */
  async insertNext(trx: Kysely<DB>, row: Omit<Insertable<NotifyTemplatesTable>, "version">): Promise<TemplateRow> {
    const last = await this.current(trx, row.event_type, row.language);
    return trx
      .insertInto("notify_templates")
      .values({ ...row, version: (last?.version ?? 0) + 1 })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
