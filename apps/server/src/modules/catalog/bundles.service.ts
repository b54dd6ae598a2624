import type {
  ApplicationForm,
  Bundle,
  BundleInput,
  BundleList,
  BundleMember,
  ServiceItemInput,
} from "@yiwang/contracts";
import { type Kysely, type Selectable, sql } from "kysely";
import { CacheRegistry } from "../../platform/cache/index.js";
import type { DB } from "../../platform/db/schema.js";
import { defaultApplicationForm } from "../../platform/forms/json-schema.js";
import { mappingIssues } from "../../platform/forms/merge.js";
import type { AuditAppender } from "./audit.js";
import type { CatalogBundlesTable } from "./db.js";
import { CatalogErrors } from "./errors.js";
import { CATALOG_CACHE, sameContent } from "./items.service.js";
import type { StoredHit } from "./mapping.js";
import { bundleReferenceIssues, issuesDetails } from "./references.js";
import { initials, tsvectorLiteral } from "./search/segment.js";

type BundleRow = Selectable<CatalogBundlesTable>;

export function bundleCodes(items: BundleInput["items"]): string[] {
  return items.flatMap((s) => (typeof s === "string" ? [s] : s.parallel));
}

export function bundleContent(r: BundleRow): BundleInput {
  return {
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    description: r.description,
    items: r.items as BundleInput["items"],
    topics: r.topics,
    fieldMappings: r.field_mappings ?? {},
  };
}

/** 一件事: several items applied for together, some in parallel. */
export class BundleService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditAppender,
    private readonly cache: CacheRegistry = new CacheRegistry(),
  ) {}

  private async members(codes: string[], db: Kysely<DB>): Promise<Map<string, BundleMember>> {
    if (codes.length === 0) return new Map();
    const rows = await db
      .selectFrom("catalog_items")
      .select(["code", "status", "hit"])
      .where("code", "in", codes)
      .execute();
    return new Map(
      rows.map((r) => {
        const h = r.hit as StoredHit;
        return [
          r.code,
          {
            code: r.code,
            name: h.name,
            nameEn: h.nameEn,
            dept: h.dept,
            onlineDepth: h.onlineDepth,
            promiseDays: h.promiseDays,
            timeUnit: h.timeUnit,
            status: r.status as BundleMember["status"],
          },
        ];
      }),
    );
  }
  /** Runs a write transaction that invalidates the catalog's cached pages on every process when it commits. */
  private write<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const result = await fn(trx);
      await this.cache.invalidate(trx, CATALOG_CACHE);
      return result;
    });
  }

  private async toBundle(r: BundleRow, db: Kysely<DB>): Promise<Bundle> {
    const content = bundleContent(r);
    const members = await this.members(bundleCodes(content.items), db);
    return {
      ...content,
      status: r.status as Bundle["status"],
      members: bundleCodes(content.items).flatMap((c) => members.get(c) ?? []),
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      publishedAt: r.published_at ? r.published_at.toISOString() : null,
    };
  }

  async getPublished(code: string): Promise<Bundle> {
    const r = await this.db.selectFrom("catalog_bundles").selectAll().where("code", "=", code).executeTakeFirst();
    if (!r || r.status === "draft") throw CatalogErrors.CATALOG_BUNDLE_NOT_FOUND({ code });
    if (r.status === "retired") throw CatalogErrors.CATALOG_ITEM_RETIRED({ code });
    return this.toBundle(r, this.db);
  }

  async get(code: string, db: Kysely<DB> = this.db): Promise<Bundle> {
    const r = await db.selectFrom("catalog_bundles").selectAll().where("code", "=", code).executeTakeFirst();
    if (!r) throw CatalogErrors.CATALOG_BUNDLE_NOT_FOUND({ code });
    return this.toBundle(r, db);
  }

  /** Published bundles (public) or all bundles (admin). */
  async list(opts: { topic?: string; all?: boolean }): Promise<BundleList> {
    let q = this.db.selectFrom("catalog_bundles").selectAll();
    if (!opts.all) q = q.where("status", "=", "published");
    if (opts.topic) q = q.where(sql<boolean>`topics @> array[${opts.topic}]::text[]`);
    const rows = await q.orderBy("code").execute();
    const items = [];
    for (const r of rows) items.push(await this.toBundle(r, this.db));
    return { items, total: items.length };
  }

  async create(input: BundleInput, actor: string): Promise<Bundle> {
    return this.write(async (trx) => {
      const exists = await trx
        .selectFrom("catalog_bundles")
        .select("code")
        .where("code", "=", input.code)
        .executeTakeFirst();
      if (exists) throw CatalogErrors.CATALOG_BUNDLE_CODE_TAKEN({ code: input.code });
      await this.save(input, actor, trx);
      return this.get(input.code, trx);
    });
  }

  async update(code: string, input: BundleInput, actor: string): Promise<Bundle> {
    if (input.code !== code) throw CatalogErrors.CATALOG_CODE_MISMATCH({ path: code, body: input.code });
    return this.write(async (trx) => {
      const exists = await trx.selectFrom("catalog_bundles").select("code").where("code", "=", code).executeTakeFirst();
      if (!exists) throw CatalogErrors.CATALOG_BUNDLE_NOT_FOUND({ code });
      await this.save(input, actor, trx);
      return this.get(code, trx);
    });
  }

  /** Each item's form in its newest version (the one a mapping is written against). */
  private async latestForms(codes: string[], db: Kysely<DB>): Promise<Map<string, ApplicationForm>> {
    const out = new Map<string, ApplicationForm>();
    if (codes.length === 0) return out;
    const rows = await db
      .selectFrom("catalog_item_versions")
      .select(["code", "content"])
      .where("code", "in", codes)
      .orderBy("code")
      .orderBy("version", "desc")
      .distinctOn("code")
      .execute();
    for (const r of rows) {
      const c = r.content as Partial<ServiceItemInput>;
      out.set(r.code, c.form ?? defaultApplicationForm(c.audience ?? "any"));
    }
    return out;
  }

  /** Creates or replaces a bundle inside the caller's transaction. */
  async save(input: BundleInput, actor: string, trx: Kysely<DB>): Promise<"created" | "updated" | "unchanged"> {
    const codes = bundleCodes(input.items);
    const members = await this.members(codes, trx);
    const issues = bundleReferenceIssues(input, (c) => members.has(c));
    if (!issues.length) issues.push(...mappingIssues(input.fieldMappings, await this.latestForms(codes, trx)));
    if (issues.length) throw CatalogErrors.CATALOG_INVALID_REFERENCES(issuesDetails(issues));
    const current = await trx
      .selectFrom("catalog_bundles")
      .selectAll()
      .where("code", "=", input.code)
      .forUpdate()
      .executeTakeFirst();
    if (current?.status === "retired") throw CatalogErrors.CATALOG_ITEM_IS_RETIRED({ code: input.code });
    if (current && sameContent(bundleContent(current), input)) return "unchanged";
    if (current?.status === "published" && codes.some((c) => members.get(c)?.status !== "published"))
      throw CatalogErrors.CATALOG_BUNDLE_ITEMS_UNPUBLISHED({ code: input.code });
    const values = {
      name: input.name,
      name_en: input.nameEn,
      description: input.description,
      items: JSON.stringify(input.items),
      topics: input.topics,
      field_mappings: JSON.stringify(input.fieldMappings),
      search: tsvectorLiteral([
        { weight: "A", texts: [input.name, initials(input.name), input.nameEn] },
        { weight: "B", texts: input.topics },
        { weight: "C", texts: [input.description, ...codes.map((c) => members.get(c)?.name)] },
      ]),
    };
    if (current) {
      await trx
        .updateTable("catalog_bundles")
        .set({ ...values, updated_at: sql`now()` })
        .where("code", "=", input.code)
        .execute();
    } else {
      await trx
        .insertInto("catalog_bundles")
        .values({ code: input.code, ...values, published_at: null })
        .execute();
    }
    await this.audit.append(
      {
        type: current ? "catalog.bundle.edited" : "catalog.bundle.created",
        actor,
        subject: `catalog-bundle:${input.code}`,
        payload: input,
      },
      trx,
    );
    return current ? "updated" : "created";
  }

  async publish(code: string, actor: string): Promise<Bundle> {
    return this.write(async (trx) => {
      await this.publishIn(code, actor, trx);
      return this.get(code, trx);
    });
  }

  async publishIn(code: string, actor: string, trx: Kysely<DB>) {
    const r = await trx
      .selectFrom("catalog_bundles")
      .selectAll()
      .where("code", "=", code)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw CatalogErrors.CATALOG_BUNDLE_NOT_FOUND({ code });
    if (r.status === "retired") throw CatalogErrors.CATALOG_ITEM_IS_RETIRED({ code });
    if (r.status === "published") throw CatalogErrors.CATALOG_NOTHING_TO_PUBLISH({ code });
    const codes = bundleCodes(r.items as BundleInput["items"]);
    const members = await this.members(codes, trx);
    const unpublished = codes.filter((c) => members.get(c)?.status !== "published");
    if (unpublished.length) throw CatalogErrors.CATALOG_BUNDLE_ITEMS_UNPUBLISHED({ code, items: unpublished });
    await trx
      .updateTable("catalog_bundles")
      .set({ status: "published", published_at: sql`now()`, updated_at: sql`now()` })
      .where("code", "=", code)
      .execute();
    await this.audit.append(
      { type: "catalog.bundle.published", actor, subject: `catalog-bundle:${code}`, payload: { code } },
      trx,
    );
  }

  async retire(code: string, actor: string): Promise<Bundle> {
    return this.write(async (trx) => {
      await this.retireIn(code, actor, trx);
      return this.get(code, trx);
    });
  }

  async retireIn(code: string, actor: string, trx: Kysely<DB>) {
    const r = await trx
      .selectFrom("catalog_bundles")
      .select("status")
      .where("code", "=", code)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw CatalogErrors.CATALOG_BUNDLE_NOT_FOUND({ code });
    if (r.status === "retired") throw CatalogErrors.CATALOG_ITEM_IS_RETIRED({ code });
    if (r.status !== "published") throw CatalogErrors.CATALOG_NOT_PUBLISHED({ code });
    await trx
      .updateTable("catalog_bundles")
      .set({ status: "retired", updated_at: sql`now()` })
      .where("code", "=", code)
      .execute();
    await this.audit.append(
      { type: "catalog.bundle.retired", actor, subject: `catalog-bundle:${code}`, payload: { code } },
      trx,
    );
  }
}
