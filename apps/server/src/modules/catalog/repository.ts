import { type Kysely, type Selectable, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { CatalogItemsTable, CatalogItemVersionsTable } from "./db.js";

export type ItemRow = Selectable<CatalogItemsTable>;
export type VersionRow = Selectable<CatalogItemVersionsTable>;

/** The search projection of one version (see mapping.ts `projectItem`). */
export interface ItemProjection {
  name: string;
  name_norm: string;
  kind: string;
  dept: string;
  co_depts: string[];
  audience: string;
  online_depth: number;
  topics: string[];
  hit: string;
  search: string;
}

export interface AdminListFilter {
  q?: string;
  status?: string;
  limit: number;
  offset: number;
}

const itemColumns = [
  "code",
  "status",
  "published_version",
  "latest_version",
  "name",
  "name_norm",
  "kind",
  "dept",
  "co_depts",
  "audience",
  "online_depth",
  "topics",
  "hit",
  "created_at",
  "updated_at",
] as const;

/** Items and their versions. SQL only; the rules live in items.service.ts. */
export class ItemRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findItem(code: string, db: Kysely<DB> = this.db) {
    return db.selectFrom("catalog_items").select(itemColumns).where("code", "=", code).executeTakeFirst();
  }

  /** Locks the item row for the rest of the transaction (serialises edits of one item). */
  lockItem(code: string, db: Kysely<DB>) {
    return db.selectFrom("catalog_items").select(itemColumns).where("code", "=", code).forUpdate().executeTakeFirst();
  }

  findVersion(code: string, version: number, db: Kysely<DB> = this.db): Promise<VersionRow | undefined> {
    return db
      .selectFrom("catalog_item_versions")
      .selectAll()
      .where("code", "=", code)
      .where("version", "=", version)
      .executeTakeFirst();
  }

  /** The item's status and its published version, in one round trip (the guide). */
  findPublished(code: string) {
    return this.db
      .selectFrom("catalog_items as i")
      .innerJoin("catalog_item_versions as v", (j) =>
        j.onRef("v.code", "=", "i.code").onRef("v.version", "=", "i.published_version"),
      )
      .selectAll("v")
      .select("i.status as item_status")
      .where("i.code", "=", code)
      .executeTakeFirst();
  }

  listVersions(code: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom("catalog_item_versions")
      .select(["version", "status", "name", "created_by", "created_at", "published_at"])
      .where("code", "=", code)
      .orderBy("version", "desc")
      .execute();
  }

  async insertItem(
    code: string,
    projection: ItemProjection,
    content: string,
    actor: string,
    db: Kysely<DB>,
  ): Promise<void> {
    await db
      .insertInto("catalog_items")
      .values({ code, latest_version: 1, published_version: null, ...projection })
      .execute();
    await db
      .insertInto("catalog_item_versions")
      .values({ code, version: 1, name: projection.name, content, created_by: actor, published_at: null })
      .execute();
  }

  async insertVersion(code: string, version: number, name: string, content: string, actor: string, db: Kysely<DB>) {
    await db
      .insertInto("catalog_item_versions")
      .values({ code, version, name, content, created_by: actor, published_at: null })
      .execute();
    await db
      .updateTable("catalog_items")
      .set({ latest_version: version, updated_at: sql`now()` })
      .where("code", "=", code)
      .execute();
  }

  async updateDraft(code: string, version: number, name: string, content: string, db: Kysely<DB>) {
    await db
      .updateTable("catalog_item_versions")
      .set({ name, content, updated_at: sql`now()` })
      .where("code", "=", code)
      .where("version", "=", version)
      .where("status", "=", "draft")
      .execute();
    await db.updateTable("catalog_items").set({ updated_at: sql`now()` }).where("code", "=", code).execute();
  }

  /** Sets the item's projection without changing its status (a never-published item's draft). */
  async setProjection(code: string, projection: ItemProjection, db: Kysely<DB>) {
    await db
      .updateTable("catalog_items")
      .set({ ...projection, updated_at: sql`now()` })
      .where("code", "=", code)
      .execute();
  }

  async publish(code: string, version: number, projection: ItemProjection, db: Kysely<DB>) {
    await db
      .updateTable("catalog_item_versions")
      .set({ status: "superseded", updated_at: sql`now()` })
      .where("code", "=", code)
      .where("status", "=", "published")
      .execute();
    await db
      .updateTable("catalog_item_versions")
      .set({ status: "published", published_at: sql`now()`, updated_at: sql`now()` })
      .where("code", "=", code)
      .where("version", "=", version)
      .execute();
    await db
      .updateTable("catalog_items")
      .set({ ...projection, status: "published", published_version: version, updated_at: sql`now()` })
      .where("code", "=", code)
      .execute();
  }

  async setStatus(code: string, status: string, db: Kysely<DB>) {
    await db.updateTable("catalog_items").set({ status, updated_at: sql`now()` }).where("code", "=", code).execute();
  }

  /** Every item with its latest version's content (export, import comparison). */
  latestContents(db: Kysely<DB> = this.db) {
    return db
      .selectFrom("catalog_items as i")
      .innerJoin("catalog_item_versions as v", (j) =>
        j.onRef("v.code", "=", "i.code").onRef("v.version", "=", "i.latest_version"),
      )
      .select([
        "i.code",
        "i.status",
        "i.published_version",
        "i.latest_version",
        "v.status as version_status",
        "v.content",
      ])
      .orderBy("i.code")
      .execute();
  }

  async adminList(f: AdminListFilter) {
    let q = this.db
      .selectFrom("catalog_items as i")
      .innerJoin("catalog_item_versions as v", (j) =>
        j.onRef("v.code", "=", "i.code").onRef("v.version", "=", "i.latest_version"),
      );
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb("v.name", "ilike", like), eb("i.code", "ilike", like)]));
    }
    if (f.status) q = q.where("i.status", "=", f.status);
    const [rows, count] = await Promise.all([
      q
        .select([
          "i.code",
          "v.name",
          "i.kind",
          "i.dept",
          "i.audience",
          "i.status",
          "i.published_version",
          "i.latest_version",
          "v.status as version_status",
          "v.content",
          "i.updated_at",
        ])
        .orderBy("i.code")
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  async existingCodes(codes: string[], db: Kysely<DB> = this.db): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await db.selectFrom("catalog_items").select(["code", "status"]).where("code", "in", codes).execute();
    return new Map(rows.map((r) => [r.code, r.status]));
  }

  /** Bulk insert of already-published items (synthetic catalogs for benchmarks). */
  async insertPublishedBulk(
    rows: { code: string; projection: ItemProjection; content: string }[],
    actor: string,
    db: Kysely<DB>,
  ) {
    if (rows.length === 0) return;
    await db
      .insertInto("catalog_items")
      .values(
        rows.map((r) => ({
          code: r.code,
          status: "published",
          latest_version: 1,
          published_version: 1,
          ...r.projection,
        })),
      )
      .execute();
    await db
      .insertInto("catalog_item_versions")
      .values(
        rows.map((r) => ({
          code: r.code,
          version: 1,
          status: "published",
          name: r.projection.name,
          content: r.content,
          created_by: actor,
          published_at: new Date(),
        })),
      )
      .execute();
  }
}
