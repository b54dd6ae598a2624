import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { AuditEntryCte } from "../../platform/ports.js";
import type { ExchangeApplicationsTable, ExchangeCallsTable, ExchangeResourcesTable } from "./db.js";

export type ResourceRow = Selectable<ExchangeResourcesTable>;
export type ApplicationRow = Selectable<ExchangeApplicationsTable> & {
  resource_code: string;
  provider_department_id: string;
};

export type GrantRow = ApplicationRow &
  Pick<ResourceRow, "source" | "endpoint_url" | "timeout_ms"> & { resource_fields: ResourceRow["fields"] };

export class ExchangeRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async listResources(limit: number, offset: number) {
    const rows = await this.db
      .selectFrom("exchange_resources")
      .selectAll()
      .orderBy("code")
      .limit(limit)
      .offset(offset)
      .execute();
    const { n } = await this.db
      .selectFrom("exchange_resources")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return { rows, total: Number(n) };
  }

  findResource(code: string, db: Kysely<DB> = this.db): Promise<ResourceRow | undefined> {
    return db.selectFrom("exchange_resources").selectAll().where("code", "=", code).executeTakeFirst();
  }

  insertResource(values: Insertable<ExchangeResourcesTable>, db: Kysely<DB> = this.db): Promise<ResourceRow> {
    return db.insertInto("exchange_resources").values(values).returningAll().executeTakeFirstOrThrow();
  }

  async insertMissingResources(values: Insertable<ExchangeResourcesTable>[], db: Kysely<DB> = this.db) {
    if (values.length === 0) return 0;
    const r = await db
      .insertInto("exchange_resources")
      .values(values)
      .onConflict((oc) => oc.column("code").doNothing())
      .returning("id")
      .execute();
    return r.length;
  }

  updateResource(id: string, values: Updateable<ExchangeResourcesTable>, db: Kysely<DB> = this.db) {
    return db
      .updateTable("exchange_resources")
      .set({ ...values, updated_at: new Date() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  #applications(db: Kysely<DB>) {
    return db
      .selectFrom("exchange_applications as a")
      .innerJoin("exchange_resources as r", "r.id", "a.resource_id")
      .selectAll("a")
      .select(["r.code as resource_code", "r.provider_department_id"]);
  }

  insertApplication(values: Insertable<ExchangeApplicationsTable>, db: Kysely<DB> = this.db) {
    return db.insertInto("exchange_applications").values(values).returning("id").executeTakeFirstOrThrow();
  }

  findApplication(id: string, db: Kysely<DB> = this.db, lock = false): Promise<ApplicationRow | undefined> {
    let q = this.#applications(db).where("a.id", "=", id);
    if (lock) q = q.forUpdate("a");
    return q.executeTakeFirst();
  }

  /** Applications where the department is the consumer or the provider (all of them without one). */
  async listApplications(filter: { departmentId?: string; status?: string; limit: number; offset: number }) {
    let q = this.#applications(this.db);
    if (filter.departmentId) {
      const d = filter.departmentId;
      q = q.where((eb) => eb.or([eb("a.consumer_department_id", "=", d), eb("r.provider_department_id", "=", d)]));
    }
    if (filter.status) q = q.where("a.status", "=", filter.status as ApplicationRow["status"]);
    const rows = await q
      .orderBy("a.created_at", "desc")
      .orderBy("a.id")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const { n } = await q
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return { rows, total: Number(n) };
  }

  updateApplication(id: string, values: Updateable<ExchangeApplicationsTable>, db: Kysely<DB> = this.db) {
    return db
      .updateTable("exchange_applications")
      .set({ ...values, updated_at: new Date() })
      .where("id", "=", id)
      .execute();
  }

  /** The latest approval of this consumer for this resource that is valid at `now`. */
  currentApproval(
    consumerDepartmentId: string,
    resourceId: string,
    now: Date,
    db: Kysely<DB> = this.db,
  ): Promise<ApplicationRow | undefined> {
    return this.#applications(db)
      .where("a.consumer_department_id", "=", consumerDepartmentId)
      .where("a.resource_id", "=", resourceId)
      .where("a.status", "=", "approved")
      .where("a.valid_from", "<=", now)
      .where("a.valid_to", ">", now)
      .orderBy("a.decided_at", "desc")
      .executeTakeFirst();
  }

  /**
   * The gateway's one read per call: the latest approval of this consumer for the resource with this code
   * that is valid at `now`, with the resource's serving details.
   */
  currentGrant(consumerDepartmentId: string, resourceCode: string, now: Date): Promise<GrantRow | undefined> {
    return this.db
      .selectFrom("exchange_applications as a")
      .innerJoin("exchange_resources as r", "r.id", "a.resource_id")
      .selectAll("a")
      .select([
        "r.code as resource_code",
        "r.provider_department_id",
        "r.fields as resource_fields",
        "r.source",
        "r.endpoint_url",
        "r.timeout_ms",
      ])
      .where("r.code", "=", resourceCode)
      .where("a.consumer_department_id", "=", consumerDepartmentId)
      .where("a.status", "=", "approved")
      .where("a.valid_from", "<=", now)
      .where("a.valid_to", ">", now)
      .orderBy("a.decided_at", "desc")
      .executeTakeFirst();
  }

  insertCall(values: Insertable<ExchangeCallsTable>, db: Kysely<DB> = this.db) {
    return db.insertInto("exchange_calls").values(values).returning("id").executeTakeFirstOrThrow();
  }

  /**
   * The call-log row and its audit entry in ONE statement (a data-modifying CTE is atomic): both or
   * neither, in one round trip instead of BEGIN, two inserts and COMMIT on the gateway's hot path. The
   * entry comes from the audit log as a CTE (`AuditLog.entryCte`): this module never names its tables.
   */
  async insertCallAudited(values: Insertable<ExchangeCallsTable> & { id: string }, auditEntry: AuditEntryCte) {
    await this.db
      .with("audit", auditEntry)
      .with("call", (db) => db.insertInto("exchange_calls").values(values).returning("id"))
      .selectFrom("call")
      .select("id")
      .executeTakeFirstOrThrow();
  }
}
