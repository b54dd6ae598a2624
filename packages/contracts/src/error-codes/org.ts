import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of org 组织机构. Codes are part of the API contract: never rename one. */
export const OrgErrorCodes = {
  DEPARTMENT_NOT_FOUND: { status: 404, message: "部门不存在", messageEn: "Department not found" },
  DEPARTMENT_CODE_TAKEN: {
    status: 409,
    message: "该统一社会信用代码已被其他部门使用",
    messageEn: "Another department already has this unified social credit code",
  },
  DEPARTMENT_KEY_TAKEN: {
    status: 409,
    message: "该部门标识已被使用",
    messageEn: "This department key is already taken",
  },
  DEPARTMENT_PARENT_NOT_FOUND: {
    status: 400,
    message: "上级部门不存在",
    messageEn: "The parent department does not exist",
  },
  DEPARTMENT_PARENT_CYCLE: {
    status: 400,
    message: "上级部门不能是本部门或其下级部门",
    messageEn: "A department cannot be its own parent or the parent of its ancestors",
  },
  DEPARTMENT_HAS_CHILDREN: {
    status: 409,
    message: "该部门仍有下级部门，不能删除",
    messageEn: "The department still has child departments and cannot be deleted",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
