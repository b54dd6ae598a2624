import type { Department, DepartmentCreate, DepartmentUpdate } from "@yiwang/contracts";
import type { Kysely } from "kysely";
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

export class DepartmentService {
  readonly #repo: DepartmentRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
  ) {
    this.#repo = new DepartmentRepository(db);
  }

  async list(filter: DepartmentFilter) {
    const { rows, total } = await this.#repo.list(filter);
    return { items: rows.map(toDepartment), total };
  }

  /** In the caller's transaction when given (on PGlite a read through the pool would wait for it). */
  async get(id: string, trx?: Kysely<DB>): Promise<Department> {
    const row = await this.#repo.findById(id, trx);
    if (!row) throw OrgErrors.DEPARTMENT_NOT_FOUND({ id });
    return toDepartment(row);
  }

  /** By its stable key (amr, psb, …), as catalog items and license types name departments. */
  async getByKey(key: string, trx?: Kysely<DB>): Promise<Department> {
    const department = await this.findByKey(key, trx);
    if (!department) throw OrgErrors.DEPARTMENT_NOT_FOUND({ key });
    return department;
  }

  /** By its USCC code, as license identifiers and public URLs name issuers. */
  async getByCode(code: string): Promise<Department> {
    const row = await this.#repo.findByCode(code);
    if (!row) throw OrgErrors.DEPARTMENT_NOT_FOUND({ code });
    return toDepartment(row);
  }

  /** The department with this stable key (e.g. "platform"), or undefined. */
  async findByKey(key: string, trx?: Kysely<DB>): Promise<Department | undefined> {
    const row = await this.#repo.findByKey(key, trx);
    return row && toDepartment(row);
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
      await this.audit.append({ type: "org.department.deleted", actor, subject: `department:${id}` }, trx);
    });
  }
}
