/**
 * Who may read and write a thread. A case thread (会商): staff holding messaging.use in one of the case's
 * workflow departments (the parallel approval's departments), supervisors everywhere — checked against the
 * case as it is now, not a copy. A 12345 request's thread: the same, with the request's current department. A department channel: messaging.use in that department. A direct
 * conversation: its two members only.
 */
import { can, type Principal, permissionScope, type Role } from "../../platform/auth/permissions.js";
import type { StaffMember } from "./context.js";
import type { ThreadRow } from "./repository.js";

export function mayUseMessaging(p: Principal): boolean {
  return p.kind === "staff" && permissionScope(p, "messaging.use") !== null;
}

/** `subjectDepartments`: the case's or request's current departments (case and request threads only). */
export function mayRead(p: Principal, t: ThreadRow, subjectDepartments: readonly string[] | null): boolean {
  if (!mayUseMessaging(p)) return false;
  switch (t.kind) {
    case "direct":
      return t.member_ids.includes(p.id);
    case "department":
      return t.department_ids.some((d) => can(p, "messaging.use", d));
    case "case":
    case "request":
      return (subjectDepartments ?? []).some((d) => can(p, "messaging.use", d));
    default:
      return false;
  }
}

/** Another staff member as a principal, to ask the same question about them (mentions, direct messages). */
export function principalOfStaff(m: StaffMember): Principal {
  return {
    kind: "staff",
    id: m.id,
    sessionId: null,
    displayName: m.name,
    roles: m.active ? (m.roles as Role[]) : [],
    departmentId: m.departmentId,
    realnameLevel: 1,
    actingFor: null,
    scopes: [],
  };
}
