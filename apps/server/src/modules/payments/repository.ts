/** SQL of the payments module: payment orders and the 缴款码 counters. No rules. */
import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { PaymentOrdersTable } from "./db.js";
import "./db.js";

export type PaymentOrderRow = Selectable<PaymentOrdersTable>;

export class PaymentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insert(row: Insertable<PaymentOrdersTable>, trx: Kysely<DB>): Promise<PaymentOrderRow> {
    return trx.insertInto("payment_orders").values(row).returningAll().executeTakeFirstOrThrow();
  }

  byId(id: string, db: Kysely<DB> = this.db): Promise<PaymentOrderRow | undefined> {
    return db.selectFrom("payment_orders").selectAll().where("id", "=", id).executeTakeFirst();
  }

  byCase(caseId: string, db: Kysely<DB> = this.db): Promise<PaymentOrderRow | undefined> {
    return db.selectFrom("payment_orders").selectAll().where("case_id", "=", caseId).executeTakeFirst();
  }

  /** The order row locked for the rest of `trx`: parallel notifications for one order queue here. */
  lockByCode(code: string, trx: Kysely<DB>): Promise<PaymentOrderRow | undefined> {
    return trx.selectFrom("payment_orders").selectAll().where("code", "=", code).forUpdate().executeTakeFirst();
  }

  lockById(id: string, trx: Kysely<DB>): Promise<PaymentOrderRow | undefined> {
    return trx.selectFrom("payment_orders").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  update(id: string, set: Updateable<PaymentOrdersTable>, trx: Kysely<DB>): Promise<PaymentOrderRow> {
    return trx.updateTable("payment_orders").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
  }

  /** The next serial for a 缴款码 prefix (region + year); atomic under concurrent approvals. */
  async nextSerial(prefix: string, trx: Kysely<DB>): Promise<number> {
    const row = await trx
      .insertInto("payment_code_counters")
      .values({ prefix, last: 1 })
      .onConflict((oc) => oc.column("prefix").doUpdateSet((eb) => ({ last: eb("payment_code_counters.last", "+", 1) })))
      .returning("last")
      .executeTakeFirstOrThrow();
    return row.last;
  }
}
