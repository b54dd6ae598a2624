/**
 * SQL of the opendata module (no rules). Every identifier that reaches SQL is either a literal of this file
 * or a column name the caller has whitelisted against the resource's fields — and even those travel as bound
 * parameters (`data ->> $1`), never spliced into the statement text.
 */
import { type Expression, type Kysely, type Selectable, type SqlBool, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { StoredField } from "./db.js";

export type DatasetRow = Selectable<DB["opendata_datasets"]>;
export type ResourceRow = Selectable<DB["opendata_resources"]>;

/** One `fq` clause after translation: a column and the value it must hold. */
export type DatasetCondition =
  | { column: "department_id" | "license_id" | "name" | "open_level" | "id"; value: string }
  | { column: "keywords" | "themes" | "formats"; value: string }
  | { column: "none" };

export interface DatasetQuery {
  /** Lower-cased words, each must occur in search_text. */
  words: string[];
  conditions: DatasetCondition[];
}

export const DATASET_SORTS = {
  name: "name",
  title: "title",
  metadata_modified: "updated_at",
  metadata_created: "created_at",
} as const;
export type DatasetSort = { column: (typeof DATASET_SORTS)[keyof typeof DATASET_SORTS]; desc: boolean }[];

export const FACET_COLUMNS = {
  organization: "department_id",
  tags: "keywords",
  groups: "themes",
  res_format: "formats",
  license_id: "license_id",
  open_level: "open_level",
} as const;
export type FacetName = keyof typeof FACET_COLUMNS;
const ARRAY_COLUMNS = new Set(["keywords", "themes", "formats"]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function datasetWhere(q: DatasetQuery): Expression<SqlBool> {
  const parts = [sql<SqlBool>`d.open_level <> 'closed'`];
  for (const w of q.words) parts.push(sql<SqlBool>`d.search_text like ${likePattern(w)}`);
  for (const c of q.conditions) {
    if (c.column === "none") parts.push(sql<SqlBool>`false`);
    else if (c.column === "id") parts.push(sql<SqlBool>`d.id::text = ${c.value}`);
    else if (ARRAY_COLUMNS.has(c.column)) parts.push(sql<SqlBool>`${c.value} = any(${sql.ref(`d.${c.column}`)})`);
    else parts.push(sql<SqlBool>`${sql.ref(`d.${c.column}`)} = ${c.value}`);
  }
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

export interface RowQuery {
  resourceId: string;
  /** Column → accepted values (typed as stored); a row matches one value of every column. */
  filters: [string, unknown[]][];
  /** tsquery text (terms.ts) over the whole row. */
  tsquery: string | null;
  sort: { field: StoredField | "_id"; desc: boolean }[];
  limit: number;
  offset: number;
}

export class OpendataRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insertDataset(trx: Kysely<DB>, values: Omit<import("kysely").Insertable<DB["opendata_datasets"]>, "id">) {
    return trx.insertInto("opendata_datasets").values(values).returningAll().executeTakeFirstOrThrow();
  }

  nameTaken(name: string, db: Kysely<DB> = this.db) {
    return db.selectFrom("opendata_datasets").select("id").where("name", "=", name).executeTakeFirst();
  }

  /** A dataset by id or name (closed ones too: the service decides who sees them). */
  findDataset(idOrName: string, db: Kysely<DB> = this.db) {
    const isUuid = UUID.test(idOrName);
    return db
      .selectFrom("opendata_datasets")
      .selectAll()
      .where((eb) => (isUuid ? eb.or([eb("id", "=", idOrName), eb("name", "=", idOrName)]) : eb("name", "=", idOrName)))
      .executeTakeFirst();
  }

  async searchDatasets(q: DatasetQuery, sort: DatasetSort, rows: number, start: number) {
    const order = sort.map((s) => sql`${sql.ref(`d.${s.column}`)} ${s.desc ? sql`desc` : sql`asc`}`);
    const result = await sql<DatasetRow & { full_count: number }>`
      select d.*, count(*) over ()::int as full_count
      from opendata_datasets d
      where ${datasetWhere(q)}
      order by ${sql.join([...order, sql`d.name asc`])}
      limit ${rows} offset ${start}`.execute(this.db);
    const count =
      result.rows[0]?.full_count ??
      (start > 0
        ? ((
            await sql<{
              n: number;
            }>`select count(*)::int as n from opendata_datasets d where ${datasetWhere(q)}`.execute(this.db)
          ).rows[0]?.n ?? 0)
        : 0);
    return { rows: result.rows, count };
  }

  /** value → number of matching datasets, most frequent first. */
  async facet(q: DatasetQuery, name: FacetName, limit: number): Promise<{ value: string; count: number }[]> {
    const column = FACET_COLUMNS[name];
    const value = ARRAY_COLUMNS.has(column)
      ? sql`unnest(${sql.ref(`d.${column}`)})`
      : sql`${sql.ref(`d.${column}`)}::text`;
    const result = await sql<{ value: string; count: number }>`
      select v.value, count(*)::int as count
      from opendata_datasets d cross join lateral (select ${value} as value) v
      where ${datasetWhere(q)}
      group by v.value
      order by count desc, v.value asc
      limit ${limit}`.execute(this.db);
    return result.rows;
  }

  async datasetNames(limit: number, offset: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom("opendata_datasets")
      .select("name")
      .where("open_level", "<>", "closed")
      .orderBy("name")
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => r.name);
  }

  async datasetCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom("opendata_datasets")
      .select(["department_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("open_level", "<>", "closed")
      .groupBy("department_id")
      .execute();
    return new Map(rows.map((r) => [r.department_id, Number(r.n)]));
  }

  async tags(): Promise<string[]> {
    const r = await sql<{ tag: string }>`
      select distinct unnest(keywords) as tag from opendata_datasets where open_level <> 'closed' order by tag`.execute(
      this.db,
    );
    return r.rows.map((x) => x.tag);
  }

  async themes(): Promise<{ theme: string; n: number }[]> {
    const r = await sql<{ theme: string; n: number }>`
      select t.theme, count(*)::int as n from opendata_datasets d cross join lateral unnest(d.themes) as t(theme)
      where d.open_level <> 'closed' group by t.theme order by t.theme`.execute(this.db);
    return r.rows;
  }

  /** Every dataset that the portal publishes (not closed), for the DCAT catalogue. */
  allPublished() {
    return this.db
      .selectFrom("opendata_datasets")
      .selectAll()
      .where("open_level", "<>", "closed")
      .orderBy("name")
      .execute();
  }

  resourcesOf(datasetIds: readonly string[]) {
    if (datasetIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom("opendata_resources")
      .selectAll()
      .where("dataset_id", "in", datasetIds)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
  }

  findResource(id: string) {
    if (!UUID.test(id)) return Promise.resolve(undefined);
    return this.db.selectFrom("opendata_resources").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** A resource and its dataset in one round trip (datastore_search's first read). */
  async findResourceWithDataset(id: string): Promise<{ resource: ResourceRow; dataset: DatasetRow } | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await sql<{ resource: ResourceRow; dataset: DatasetRow }>`
      select to_jsonb(r) as resource, to_jsonb(d) as dataset
      from opendata_resources r join opendata_datasets d on d.id = r.dataset_id where r.id = ${id}`.execute(this.db);
    const found = row.rows[0];
    if (!found) return undefined;
    // to_jsonb gives timestamps as text: back to Dates as the row types say
    const dates = <T extends { created_at: unknown; updated_at: unknown }>(x: T): T => ({
      ...x,
      created_at: new Date(x.created_at as string),
      updated_at: new Date(x.updated_at as string),
    });
    return { resource: dates(found.resource), dataset: dates(found.dataset) };
  }

  insertResource(trx: Kysely<DB>, values: import("kysely").Insertable<DB["opendata_resources"]>) {
    return trx.insertInto("opendata_resources").values(values).returningAll().executeTakeFirstOrThrow();
  }

  /** Rows in batches of 1,000 (a statement's parameter count stays far below PostgreSQL's 65,535). */
  async insertRows(
    trx: Kysely<DB>,
    rows: DB["opendata_rows"] extends infer _ ? import("kysely").Insertable<DB["opendata_rows"]>[] : never,
  ) {
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto("opendata_rows")
        .values(rows.slice(i, i + 1000))
        .execute();
  }

  touchDataset(trx: Kysely<DB>, id: string, format: string, now: Date) {
    return trx
      .updateTable("opendata_datasets")
      .set({
        version: sql`version + 1`,
        updated_at: now,
        formats: sql`(select array(select distinct f from unnest(formats || array[${format}]::text[]) f order by f))`,
      })
      .where("id", "=", id)
      .execute();
  }

  async searchRows(r: RowQuery): Promise<{ _id: number; data: Record<string, unknown> }[]> {
    const where = [sql<SqlBool>`resource_id = ${r.resourceId}`, ...this.#rowConditions(r)];
    const keyset = r.filters.length === 0 && !r.tsquery && r.sort.length === 0;
    // _id is 1..row_count without gaps: the unfiltered page at any offset is a primary-key range.
    if (keyset) where.push(sql<SqlBool>`row_no > ${r.offset}`);
    const order = [
      ...r.sort.map((s) => sql`${sortExpression(s.field)} ${s.desc ? sql`desc nulls last` : sql`asc nulls first`}`),
      sql`row_no asc`,
    ];
    const result = await sql<{ _id: number; data: Record<string, unknown> }>`
      select row_no as "_id", data from opendata_rows
      where ${sql.join(where, sql` and `)}
      order by ${sql.join(order)}
      limit ${r.limit} ${keyset ? sql`` : sql`offset ${r.offset}`}`.execute(this.db);
    return result.rows;
  }

  /** Matching rows counted up to `cap` (cap + 1 means "more than cap"). */
  async countRows(r: RowQuery, cap: number): Promise<number> {
    const where = [sql<SqlBool>`resource_id = ${r.resourceId}`, ...this.#rowConditions(r)];
    const result = await sql<{ n: number }>`
      select count(*)::int as n from (select 1 from opendata_rows where ${sql.join(where, sql` and `)} limit ${cap + 1}) s`.execute(
      this.db,
    );
    return result.rows[0]?.n ?? 0;
  }

  /** The planner's row estimate for the match (what CKAN's total_estimation_threshold answers with). */
  async estimateRows(r: RowQuery): Promise<number> {
    const where = [sql<SqlBool>`resource_id = ${r.resourceId}`, ...this.#rowConditions(r)];
    const result = await sql<{ "QUERY PLAN": unknown }>`
      explain (format json) select 1 from opendata_rows where ${sql.join(where, sql` and `)}`.execute(this.db);
    const plan = result.rows[0]?.["QUERY PLAN"];
    const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as { Plan?: { "Plan Rows"?: number } }[];
    return Math.round(parsed?.[0]?.Plan?.["Plan Rows"] ?? 0);
  }

  #rowConditions(r: RowQuery) {
    const parts: Expression<SqlBool>[] = [];
    for (const [field, values] of r.filters)
      parts.push(
        sql<SqlBool>`(${sql.join(
          values.map((v) => sql`data @> ${JSON.stringify({ [field]: v })}::jsonb`),
          sql` or `,
        )})`,
      );
    if (r.tsquery) parts.push(sql<SqlBool>`search @@ ${r.tsquery}::tsquery`);
    return parts;
  }

  // ── applications (有条件开放) ──

  insertApplication(trx: Kysely<DB>, values: import("kysely").Insertable<DB["opendata_applications"]>) {
    return trx.insertInto("opendata_applications").values(values).returningAll().executeTakeFirstOrThrow();
  }

  findApplication(id: string, db: Kysely<DB> = this.db, lock = false) {
    const q = db.selectFrom("opendata_applications").selectAll().where("id", "=", id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  }

  applicationsOf(filter: { accountId?: string; departmentId?: string }) {
    let q = this.db
      .selectFrom("opendata_applications as a")
      .innerJoin("opendata_datasets as d", "d.id", "a.dataset_id")
      .selectAll("a")
      .select("d.name as dataset_name");
    if (filter.accountId) q = q.where("a.account_id", "=", filter.accountId);
    if (filter.departmentId) q = q.where("d.department_id", "=", filter.departmentId);
    return q.orderBy("a.created_at", "desc").limit(500).execute();
  }

  updateApplication(trx: Kysely<DB>, id: string, set: import("kysely").Updateable<DB["opendata_applications"]>) {
    return trx
      .updateTable("opendata_applications")
      .set(set)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The grant behind a key, read fresh on every call (revocation acts on the next one). */
  grantByKeyHash(hash: Buffer) {
    return this.db
      .selectFrom("opendata_applications")
      .select(["id", "dataset_id", "account_id", "acting_for", "status", "valid_until", "key_prefix"])
      .where("key_hash", "=", hash)
      .executeTakeFirst();
  }
}

function sortExpression(field: StoredField | "_id") {
  if (field === "_id") return sql`row_no`;
  switch (field.type) {
    case "integer":
    case "number":
      return sql`(data ->> ${field.id})::numeric`;
    case "boolean":
      return sql`(data ->> ${field.id})::boolean`;
    default:
      return sql`data ->> ${field.id}`;
  }
}
