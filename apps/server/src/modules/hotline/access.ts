/**
 * Who sees which request, and whether they see its caller. Citizens see their own requests (others' are
 * 404); the operators and supervisors every request; department staff their department's. The caller
 * (name, phone, account) is shown to the caller and to the operators — never when the request is
 * anonymous, and never to departments or supervisors when it is confidential (保密). In clear only to the
 * caller and to the operators (who call back, 回访) reading one request, a read that is recorded; masked to
 * everyone else and in every list.
 */
import { can, type Principal, permissionScope } from "../../platform/auth/permissions.js";
import { HotlineErrors } from "./errors.js";
import type { RequestRow } from "./repository.js";

export function assertReadable(p: Principal, row: RequestRow | undefined): asserts row is RequestRow {
  if (!row) throw HotlineErrors.HOTLINE_REQUEST_NOT_FOUND();
  if (p.kind !== "staff") {
    if (row.caller_account_id !== p.id) throw HotlineErrors.HOTLINE_REQUEST_NOT_FOUND();
    return;
  }
  // The field staff member who reported it follows it like a caller (it may belong to another department).
  if (row.field_reporter_id === p.id) return;
  const scope = permissionScope(p, "hotline.read");
  if (!scope || (!scope.all && scope.departmentId !== row.department_id))
    throw HotlineErrors.HOTLINE_REQUEST_NOT_FOUND();
}

export type CallerShown = "clear" | "masked" | "none";

export function callerShown(p: Principal, row: RequestRow, one: "request" | "list"): CallerShown {
  if (p.kind !== "staff") return row.caller_account_id === p.id ? "clear" : "none";
  if (row.anonymous) return "none";
  const operator = can(p, "hotline.intake");
  if (row.confidential && !operator) return "none";
  return operator && one === "request" ? "clear" : "masked";
}

/** The department scope of a staff list: all, or one department. */
export function listScope(p: Principal): { departmentId?: string } {
  const scope = permissionScope(p, "hotline.read");
  if (!scope) return { departmentId: "00000000-0000-0000-0000-000000000000" };
  return scope.all ? {} : { departmentId: scope.departmentId };
}

export function assertOwner(p: Principal, row: RequestRow): void {
  if (!row.department_id || !can(p, "hotline.handle", row.department_id)) throw HotlineErrors.HOTLINE_NOT_OWNER();
}
