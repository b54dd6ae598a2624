import {
  type AdminItemList,
  type ItemContent,
  type ItemHistory,
  type ServiceItem,
  ServiceItemInput,
} from "@yiwang/contracts";
import canonicalize from "canonicalize";
import type { Kysely } from "kysely";
import { type Cache, CacheRegistry } from "../../platform/cache/index.js";
import { uniqueViolation } from "../../platform/db/pg-errors.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditAppender } from "./audit.js";
import { CatalogErrors } from "./errors.js";
import { itemFormIssues, withFieldOrder } from "./forms.js";
import { FaqRepository } from "./help/faq.repository.js";
import { projectItem, toServiceItem } from "./mapping.js";
import { issuesDetails, itemReferenceIssues, loadReferences, type References } from "./references.js";
import { type AdminListFilter, ItemRepository } from "./repository.js";

/** The cache kind of everything the catalog caches (search pages, synonyms, guides). */
export const CATALOG_CACHE = "catalog";

export type SaveOutcome = "created" | "updated" | "unchanged";

export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalize(a) === canonicalize(b);
}

/** Stored content read with today's defaults (e.g. a version saved before forms existed has `form: null`). */
function withDefaults(content: unknown): unknown {
  const parsed = ServiceItemInput.safeParse(content);
  return parsed.success ? parsed.data : content;
}

/**
 * Service items and their versions. A version, once published, never changes: editing a published item
 * writes version n+1 as a draft; publishing it makes it current and the previous one "superseded" (still
 * readable by code and version — cases filed under it keep pointing at it).
 */
export class ItemService {
  readonly #guides: Cache<ServiceItem>;
  readonly repo: ItemRepository;
  /** The help centre's FAQ index, rewritten with each publication. */
  readonly faq: FaqRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditAppender,
    private readonly cache: CacheRegistry = new CacheRegistry(),
  ) {
    this.repo = new ItemRepository(db);
    this.faq = new FaqRepository(db);
    this.#guides = cache.cache("catalog.guides", { maxEntries: 2_000 });
  }

  /** Runs a write transaction that invalidates the catalog's cached pages on every process when it commits. */
  private write<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const result = await fn(trx);
      await this.cache.invalidate(trx, CATALOG_CACHE);
      return result;
    });
  }

  /**
   * The guide page's read: getPublished through the platform cache (2,000 guides, least recently used
   * dropped; invalidated on every process by any catalog change). Applications are drafted from
   * getPublished itself, never from the cache.
   */
  guide(code: string): Promise<ServiceItem> {
    return this.#guides.read(code, () => this.getPublished(code));
  }

  /** The current published version, as the guide shows it. */
  async getPublished(code: string): Promise<ServiceItem> {
    const row = await this.repo.findPublished(code);
    if (!row) throw CatalogErrors.CATALOG_ITEM_NOT_FOUND({ code });
    if (row.item_status === "retired") throw CatalogErrors.CATALOG_ITEM_RETIRED({ code });
    return toServiceItem({ status: row.item_status }, row);
  }

  /** One version by number; drafts only for administrators. Retired items stay readable by version. */
  async getVersion(
    code: string,
    version: number,
    includeDrafts = false,
    db: Kysely<DB> = this.db,
  ): Promise<ServiceItem> {
    const item = await this.repo.findItem(code, db);
    if (!item) throw CatalogErrors.CATALOG_ITEM_NOT_FOUND({ code });
    const v = await this.repo.findVersion(code, version, db);
    if (!v || (v.status === "draft" && !includeDrafts))
      throw CatalogErrors.CATALOG_ITEM_VERSION_NOT_FOUND({ code, version });
    return toServiceItem(item, v);
  }

  /** The latest version (an unpublished draft if there is one), for editing. */
  async getLatest(code: string, db: Kysely<DB> = this.db): Promise<ServiceItem> {
    const item = await this.repo.findItem(code, db);
    if (!item) throw CatalogErrors.CATALOG_ITEM_NOT_FOUND({ code });
    const v = await this.repo.findVersion(code, item.latest_version, db);
    if (!v) throw CatalogErrors.CATALOG_ITEM_NOT_FOUND({ code });
    return toServiceItem(item, v);
  }

  async history(code: string, includeDrafts = false): Promise<ItemHistory> {
    const item = await this.repo.findItem(code);
    if (!item || (!includeDrafts && item.published_version === null))
      throw CatalogErrors.CATALOG_ITEM_NOT_FOUND({ code });
    const versions = await this.repo.listVersions(code);
    return {
      code,
      status: item.status as ItemHistory["status"],
      publishedVersion: item.published_version,
      versions: versions
        .filter((v) => includeDrafts || v.status !== "draft")
        .map((v) => ({
          version: v.version,
          status: v.status as ItemHistory["versions"][number]["status"],
          name: v.name,
          createdBy: v.created_by,
          createdAt: v.created_at.toISOString(),
          publishedAt: v.published_at ? v.published_at.toISOString() : null,
        })),
    };
  }

  async adminList(filter: AdminListFilter): Promise<AdminItemList> {
    const { rows, total } = await this.repo.adminList(filter);
    return {
      total,
      items: rows.map((r) => ({
        code: r.code,
        name: r.name,
        kind: (r.content as ItemContent).kind,
        dept: (r.content as ItemContent).dept,
        audience: (r.content as ItemContent).audience,
        status: r.status as AdminItemList["items"][number]["status"],
        publishedVersion: r.published_version,
        latestVersion: r.latest_version,
        hasDraft: r.version_status === "draft",
        updatedAt: r.updated_at.toISOString(),
      })),
    };
  }

  async create(input: ServiceItemInput, actor: string): Promise<ServiceItem> {
    return this.write(async (trx) => {
      if (await this.repo.findItem(input.code, trx)) throw CatalogErrors.CATALOG_ITEM_CODE_TAKEN({ code: input.code });
      this.checkContent(input, await loadReferences(trx));
      await this.save(input, actor, trx);
      return this.getLatest(input.code, trx);
    });
  }

  async update(code: string, input: ServiceItemInput, actor: string): Promise<ServiceItem> {
    if (input.code !== code) throw CatalogErrors.CATALOG_CODE_MISMATCH({ path: code, body: input.code });
    return this.write(async (trx) => {
      if (!(await this.repo.findItem(code, trx))) throw CatalogErrors.CATALOG_ITEM_NOT_FOUND({ code });
      this.checkContent(input, await loadReferences(trx));
      await this.save(input, actor, trx);
      return this.getLatest(code, trx);
    });
  }

  async publish(code: string, actor: string): Promise<ServiceItem> {
    return this.write(async (trx) => {
      await this.publishLatest(code, actor, trx, await loadReferences(trx));
      return this.getLatest(code, trx);
    });
  }

  /**
   * An item another module generates and keeps (惠企政策: one per 快申快享 benefit), saved and published in
   * the caller's transaction: unchanged content publishes nothing new; the catalog's cached pages are
   * dropped on every process when the caller commits.
   */
  async publishGenerated(input: ServiceItemInput, actor: string, trx: Kysely<DB>): Promise<number> {
    const refs = await loadReferences(trx);
    this.checkContent(input, refs);
    const saved = await this.save(input, actor, trx);
    const version =
      saved.outcome === "unchanged" ? saved.version : await this.publishLatest(input.code, actor, trx, refs);
    await this.cache.invalidate(trx, CATALOG_CACHE);
    return version;
  }

  async retire(code: string, actor: string): Promise<ServiceItem> {
    return this.write(async (trx) => {
      await this.retireIn(code, actor, trx);
      return this.getLatest(code, trx);
    });
  }

  async retireIn(code: string, actor: string, trx: Kysely<DB>) {
    const item = await this.repo.lockItem(code, trx);
    if (!item) throw CatalogErrors.CATALOG_ITEM_NOT_FOUND({ code });
    if (item.status === "retired") throw CatalogErrors.CATALOG_ITEM_IS_RETIRED({ code });
    if (item.status !== "published") throw CatalogErrors.CATALOG_NOT_PUBLISHED({ code });
    const bundles = await trx
      .selectFrom("catalog_bundles")
      .select(["code", "items"])
      .where("status", "=", "published")
      .execute();
    const using = bundles.filter((b) => JSON.stringify(b.items).includes(`"${code}"`)).map((b) => b.code);
    if (using.length) throw CatalogErrors.CATALOG_ITEM_IN_BUNDLE({ code, bundles: using });
    await this.repo.setStatus(code, "retired", trx);
    await this.audit.append(
      { type: "catalog.item.retired", actor, subject: `catalog-item:${code}`, payload: { code } },
      trx,
    );
  }

  /** What the contract alone cannot check: the application form compiles, and the references exist. */
  checkContent(input: ServiceItemInput, refs: References) {
    const form = itemFormIssues(input, refs);
    if (form.length) throw CatalogErrors.CATALOG_INVALID_FORM(issuesDetails(form));
    this.checkReferences(input, refs);
  }

  checkReferences(input: ServiceItemInput, refs: References) {
    const issues = itemReferenceIssues(input, refs);
    if (issues.length) throw CatalogErrors.CATALOG_INVALID_REFERENCES(issuesDetails(issues));
  }

  /**
   * Writes the content as the item's latest version, inside the caller's transaction (references already
   * checked): a new item gets version 1 (draft); a draft is edited in place; a published or superseded
   * latest version gets a new draft version after it. Identical content changes nothing.
   */
  async save(
    input: ServiceItemInput,
    actor: string,
    trx: Kysely<DB>,
  ): Promise<{ outcome: SaveOutcome; version: number }> {
    if (input.form) input = { ...input, form: withFieldOrder(input.form) };
    const code = input.code;
    const content = JSON.stringify(input);
    const item = await this.repo.lockItem(code, trx);
    if (!item) {
      await this.repo.insertItem(code, projectItem(input, 1), content, actor, trx).catch((err) => {
        if (uniqueViolation(err) === "catalog_items_pkey") throw CatalogErrors.CATALOG_ITEM_CODE_TAKEN({ code });
        throw err;
      });
      await this.audit.append(
        {
          type: "catalog.item.created",
          actor,
          subject: `catalog-item:${code}`,
          payload: { code, version: 1, content: input },
        },
        trx,
      );
      return { outcome: "created", version: 1 };
    }
    if (item.status === "retired") throw CatalogErrors.CATALOG_ITEM_IS_RETIRED({ code });
    const latest = await this.repo.findVersion(code, item.latest_version, trx);
    if (latest && sameContent(withDefaults(latest.content), input))
      return { outcome: "unchanged", version: latest.version };
    let version = item.latest_version;
    if (latest?.status === "draft") {
      await this.repo.updateDraft(code, version, input.name, content, trx);
      if (item.published_version === null) await this.repo.setProjection(code, projectItem(input, version), trx);
    } else {
      version += 1;
      await this.repo.insertVersion(code, version, input.name, content, actor, trx);
    }
    await this.audit.append(
      {
        type: "catalog.item.edited",
        actor,
        subject: `catalog-item:${code}`,
        payload: { code, version, content: input },
      },
      trx,
    );
    return { outcome: "updated", version };
  }

  /** Publishes the item's draft version inside the caller's transaction. */
  async publishLatest(code: string, actor: string, trx: Kysely<DB>, refs: References): Promise<number> {
    const item = await this.repo.lockItem(code, trx);
    if (!item) throw CatalogErrors.CATALOG_ITEM_NOT_FOUND({ code });
    if (item.status === "retired") throw CatalogErrors.CATALOG_ITEM_IS_RETIRED({ code });
    const draft = await this.repo.findVersion(code, item.latest_version, trx);
    if (draft?.status !== "draft") throw CatalogErrors.CATALOG_NOTHING_TO_PUBLISH({ code });
    const content = draft.content as ServiceItemInput;
    // Departments or license types may have gone since the draft was saved.
    this.checkReferences(content, refs);
    await this.repo.publish(code, draft.version, projectItem(content, draft.version), trx);
    await this.faq.replace(content, draft.version, trx);
    await this.audit.append(
      {
        type: "catalog.item.published",
        actor,
        subject: `catalog-item:${code}`,
        payload: { code, version: draft.version },
      },
      trx,
    );
    return draft.version;
  }
}
