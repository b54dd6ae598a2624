import { z } from "zod";
import { regionCode, uscc, uuid } from "./common.js";

export const Department = z
  .object({
    id: uuid,
    key: z.string().describe("Short stable handle, e.g. amr"),
    code: z.string().describe("Unified social credit code (统一社会信用代码)"),
    name: z.string(),
    nameEn: z.string().nullable(),
    regionCode: z.string(),
    parentId: uuid.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Department" });
export type Department = z.infer<typeof Department>;

export const DepartmentKey = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, {
  message: "部门标识应为 2–32 位小写字母、数字或连字符 / Key must be 2–32 lower-case letters, digits or hyphens",
});

export const DepartmentCreate = z.object({
  key: DepartmentKey,
  code: uscc,
  name: z.string().trim().min(2).max(100),
  nameEn: z.string().trim().min(1).max(200).nullish(),
  regionCode,
  parentId: uuid.nullish(),
});
export type DepartmentCreate = z.infer<typeof DepartmentCreate>;

export const DepartmentUpdate = DepartmentCreate.partial().refine((v) => Object.keys(v).length > 0, {
  message: "至少修改一个字段 / At least one field must change",
});
export type DepartmentUpdate = z.infer<typeof DepartmentUpdate>;

export const DepartmentList = z.object({ items: z.array(Department), total: z.number().int() });
export type DepartmentList = z.infer<typeof DepartmentList>;

export const DepartmentListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  regionCode: z.string().optional(),
  parentId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
