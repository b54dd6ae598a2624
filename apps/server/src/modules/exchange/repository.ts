import { type Insertable, type Kysely, type QueryCreator, type Selectable, sql, type Updateable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { AuditEntryCte } from "../../platform/ports.js";
import type { ExchangeApplicationsTable, ExchangeCallsTable, ExchangeResourcesTable } from "./db.js";

export type ResourceRow = Selectable<ExchangeResourcesTable>;
export type ApplicationRow = Selectable<ExchangeApplicationsTable> & {
  resource_code: string;
  provider_department_id: string;
};

export type GrantRow = ApplicationRow &
  Pick<ResourceRow, "source" | "endpoint_url" | "timeout_ms"> & {
    resource_fields: ResourceRow["fields"];
    /** The application's and the resource's `updated_at` in whole microseconds: what a grant hint is checked against. */
    application_version: string;
    resource_version: string;
  };

/**
 * A row's `updated_at` as an exact integer (microseconds): a JavaScript Date would drop the last three digits.
 * `alias` is one of this file's own table aliases (the text goes in as it is).
 */
const version = (alias: "a" | "r") =>
  sql.raw<string>(`(extract(epoch from ${alias}.updated_at) * 1000000)::bigint::text`);

/** The call-log columns a conditional insert fills (all but the legacy `query_sha256`). */
const CALL_COLUMNS = [
  "id",
  "at",
  "client_id",
  "consumer_department_id",
  "resource_code",
  "application_id",
  "purpose",
  "query_pattern",
  "query_hmac",
  "record_count",
  "response_sha256",
  "latency_ms",
  "outcome",
  "request_id",
] as const;
// Fixed texts rather than identifier references: compiling 28 references on every gateway call took ~20 µs
// (of a ~650 µs call's CPU) on the exchange bench, 2026-12-06. The names are this file's constants.
const CALL_COLUMN_LIST = sql.raw(CALL_COLUMNS.map((c) => `"${c}"`).join(", "));
const CALL_VALUE_LIST = sql.raw(CALL_COLUMNS.map((c) => `v."${c}"`).join(", "));

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
        version("a").as("application_version"),
        version("r").as("resource_version"),
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

  /**
   * `insertCallAudited`, but only if `grant` is still the consumer's current grant exactly as it was read:
   * approved, in force at `now`, neither it nor its resource changed since (versions), and no later
   * approval for the same resource in force. Checked and written in ONE statement, so a revocation that
   * commits before it is seen, and one that commits after it is too late for this call. `auditEntry` must
   * be conditional on the CTE named "call" (`AuditLog.entryCte(event, { onlyWith: "call" })`).
   * Returns false when nothing was written (the grant changed).
   */
  async insertCallAuditedIfCurrent(
    values: Insertable<ExchangeCallsTable> & { id: string },
    auditEntry: AuditEntryCte,
    grant: GrantRow,
    now: Date,
  ): Promise<boolean> {
    // Written as one SQL text rather than with the query builder: building and compiling the builder's
    // version of this statement was 16 % of a gateway call's CPU (about 145 µs) on the exchange bench
    // (2026-12-06); the text compiles in a few µs and the statement it sends is the same.
    // decided_at comes back to JavaScript cut to milliseconds, so a later approval within the same
    // millisecond also counts as later: the hint then falls back, which is always safe.
    const r = await sql<{ id: string }>`
      with granted as (
        select 1 as ok
          from exchange_applications a
          join exchange_resources r on r.id = a.resource_id
         where a.id = ${grant.id}
           and a.status = 'approved'
           and a.valid_from <= ${now}
           and a.valid_to > ${now}
           and ${version("a")} = ${grant.application_version}
           and ${version("r")} = ${grant.resource_version}
           and not exists (
             select 1 from exchange_applications b
              where b.consumer_department_id = ${grant.consumer_department_id}
                and b.resource_id = ${grant.resource_id}
                and b.id <> ${grant.id}
                and b.status = 'approved'
                and b.valid_from <= ${now}
                and b.valid_to > ${now}
                and b.decided_at >= ${grant.decided_at ?? now})
      ),
      call as (
        -- The row's values typed by the table itself (jsonb_populate_record), selected only if granted.
        insert into exchange_calls (${CALL_COLUMN_LIST})
        select ${CALL_VALUE_LIST}
          from jsonb_populate_record(null::exchange_calls, ${JSON.stringify(values)}::jsonb) as v
         where exists (select 1 from granted)
        returning id
      ),
      audit as ${auditEntry(this.db as unknown as QueryCreator<DB>)}
      select id from call`.execute(this.db);
    return r.rows.length > 0;
  }
}
