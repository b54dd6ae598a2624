/** Department scoping: staff manage their own department's benefits (platform-wide roles all of them). */
import { assertCan } from "../../platform/auth/guard.js";
import { type Permission, type Principal, permissionScope } from "../../platform/auth/permissions.js";
import { PolicyErrors } from "./errors.js";

/** The department whose benefits the principal sees with `permission`, or null for all. */
export function departmentFilter(principal: Principal, permission: Permission): string | null {
  const scope = permissionScope(principal, permission);
  if (!scope) return "00000000-0000-0000-0000-000000000000";
  return scope.all ? null : scope.departmentId;
}

/** A benefit of another department is not found (its existence is not the caller's business). */
export function assertOwn(principal: Principal, permission: Permission, departmentId: string): void {
  const filter = departmentFilter(principal, permission);
  if (filter !== null && filter !== departmentId) throw PolicyErrors.POLICIES_BENEFIT_NOT_FOUND();
  assertCan(principal, permission, departmentId);
}
