import type { Department, DepartmentCreate, DepartmentList, DepartmentUpdate } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { type Cache, CacheRegistry } from "../../platform/cache/index.js";
import { uniqueViolation } from "../../platform/db/pg-errors.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog } from "../../platform/ports.js";
import { OrgErrors } from "./errors.js";
import {
  type DepartmentFilter,
  DepartmentRepository,
  type DepartmentRow,
  type DepartmentValues,
} from "./repository.js";

export function toDepartment(r: DepartmentRow): Department {
  return {
    id: r.id,
    key: r.key,
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    regionCode: r.region_code,
    parentId: r.parent_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Unique-constraint names → the specific error a client can act on. */
function translateUnique(error: unknown): never {
  const constraint = uniqueViolation(error);
  if (constraint === "departments_code_unique") throw OrgErrors.DEPARTMENT_CODE_TAKEN();
  if (constraint === "departments_key_unique") throw OrgErrors.DEPARTMENT_KEY_TAKEN();
  throw error;
}

/**
 * The department directory. It changes about once a month and is read on nearly every request of other
 * modules (issuers, case routing, the portal), so reads come from the platform cache (kind
 * `org.departments`): list pages by filter, single departments by id, key and code, and the directory by
 * key. Every write invalidates the whole kind in its transaction; all processes drop it on commit.
 * Measured with `npm run bench` (same-run ratio to bare Fastify, 50 connections): GET /api/org/departments
 * went from 0.01× (PGlite) / 0.03× (PostgreSQL) to 0.12× / 0.14×, level with the no-database
 * GET /api/identity/session in the same run (the per-request floor; see ARCHITECTURE.md, Caching).
 */
export class DepartmentService {
  readonly #repo: DepartmentRepository;
  readonly #lists: Cache<DepartmentList>;
  readonly #one: Cache<Department | null>;
  readonly #directory: Cache<ReadonlyMap<string, Department>>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly cache: CacheRegistry = new CacheRegistry(),
  ) {
    this.#repo = new DepartmentRepository(db);
    this.#lists = cache.cache("org.departments.lists", { maxEntries: 1_000 });
    this.#one = cache.cache("org.departments.one", { maxEntries: 10_000 });
    this.#directory = cache.cache("org.departments.directory", { maxEntries: 1 });
  }

  /** A page of the directory. The answer is shared (cached): do not modify it. */
  list(filter: DepartmentFilter): Promise<DepartmentList> {
    const key = JSON.stringify([
      filter.q ?? "",
      filter.regionCode ?? "",
      filter.parentId ?? "",
      filter.limit,
      filter.offset,
    ]);
    return this.#lists.read(key, async () => {
      const { rows, total } = await this.#repo.list(filter);
      return { items: rows.map(toDepartment), total };
    });
  }

  /** Every department by its stable key (cases route work by key). */
  directory(): Promise<ReadonlyMap<string, Department>> {
    return this.#directory.read("all", async () => {
      const map = new Map<string, Department>();
      for (let offset = 0; ; offset += 500) {
        const { rows, total } = await this.#repo.list({ limit: 500, offset });
        for (const r of rows) map.set(r.key, toDepartment(r));
        if (offset + 500 >= total) break;
      }
      return map;
    });
  }

  /** One department by id, key or code; `trx` reads inside that transaction (not cached). */
  #find(by: "id" | "key" | "code", value: string, trx?: Kysely<DB>): Promise<Department | null> {
    return this.#one.read(
      `${by}:${value}`,
      async () => {
        const row =
          by === "id"
            ? await this.#repo.findById(value, trx)
            : by === "key"
              ? await this.#repo.findByKey(value, trx)
              : await this.#repo.findByCode(value, trx);
        return row ? toDepartment(row) : null;
      },
      trx,
    );
  }

  /** In the caller's transaction when given (on PGlite a read through the pool would wait for it). */
  async get(id: string, trx?: Kysely<DB>): Promise<Department> {
    const department = await this.#find("id", id, trx);
    if (!department) throw OrgErrors.DEPARTMENT_NOT_FOUND({ id });
    return department;
  }

  /** By its stable key (amr, psb, …), as catalog items and license types name departments. */
  async getByKey(key: string, trx?: Kysely<DB>): Promise<Department> {
    const department = await this.findByKey(key, trx);
    if (!department) throw OrgErrors.DEPARTMENT_NOT_FOUND({ key });
    return department;
  }

  /** By its USCC code, as license identifiers and public URLs name issuers. */
  async getByCode(code: string): Promise<Department> {
    const department = await this.#find("code", code);
    if (!department) throw OrgErrors.DEPARTMENT_NOT_FOUND({ code });
    return department;
  }

  /** The department with this stable key (e.g. "platform"), or undefined. */
  async findByKey(key: string, trx?: Kysely<DB>): Promise<Department | undefined> {
    return (await this.#find("key", key, trx)) ?? undefined;
  }

  async create(input: DepartmentCreate, actor: string): Promise<Department> {
    return this.db.transaction().execute(async (trx) => {
      if (input.parentId && !(await this.#repo.findById(input.parentId, trx))) {
        throw OrgErrors.DEPARTMENT_PARENT_NOT_FOUND({ parentId: input.parentId });
      }
      const row = await this.#repo
        .insert(
          {
            key: input.key,
            code: input.code,
            name: input.name,
            name_en: input.nameEn ?? null,
            region_code: input.regionCode,
            parent_id: input.parentId ?? null,
          },
          trx,
        )
        .catch(translateUnique);
      const department = toDepartment(row);
      await this.cache.invalidate(trx, "org.departments");
      await this.audit.append(
        { type: "org.department.created", actor, subject: `department:${row.id}`, payload: department },
        trx,
      );
      return department;
    });
  }

  async update(id: string, input: DepartmentUpdate, actor: string): Promise<Department> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.#repo.findById(id, trx))) throw OrgErrors.DEPARTMENT_NOT_FOUND({ id });
      if (input.parentId) {
        if (!(await this.#repo.findById(input.parentId, trx))) {
          throw OrgErrors.DEPARTMENT_PARENT_NOT_FOUND({ parentId: input.parentId });
        }
        if ((await this.#repo.ancestorIds(input.parentId, trx)).includes(id)) {
          throw OrgErrors.DEPARTMENT_PARENT_CYCLE({ parentId: input.parentId });
        }
      }
      const values: Partial<DepartmentValues> = {};
      if (input.key !== undefined) values.key = input.key;
      if (input.code !== undefined) values.code = input.code;
      if (input.name !== undefined) values.name = input.name;
      if (input.nameEn !== undefined) values.name_en = input.nameEn;
      if (input.regionCode !== undefined) values.region_code = input.regionCode;
      if (input.parentId !== undefined) values.parent_id = input.parentId;
      const row = await this.#repo.update(id, values, trx).catch(translateUnique);
      if (!row) throw OrgErrors.DEPARTMENT_NOT_FOUND({ id });
      const department = toDepartment(row);
      await this.cache.invalidate(trx, "org.departments");
      await this.audit.append(
        { type: "org.department.updated", actor, subject: `department:${id}`, payload: { changes: input, department } },
        trx,
      );
      return department;
    });
  }

  async remove(id: string, actor: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.#repo.findById(id, trx))) throw OrgErrors.DEPARTMENT_NOT_FOUND({ id });
      if (await this.#repo.hasChildren(id, trx)) throw OrgErrors.DEPARTMENT_HAS_CHILDREN({ id });
      await this.#repo.delete(id, trx);
      await this.cache.invalidate(trx, "org.departments");
      await this.audit.append({ type: "org.department.deleted", actor, subject: `department:${id}` }, trx);
    });
  }
}
