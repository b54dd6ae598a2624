import { type Principal, permissionScope, type Role, SEPARATED_ROLES } from "../../../platform/auth/permissions.js";
import { PlatformErrors } from "../../../platform/errors.js";
import { IdentityErrors } from "../errors.js";

/** What a department admin may grant and manage: the working roles of their own department, nothing above. */
export const DEPARTMENT_GRANTABLE: ReadonlySet<Role> = new Set(["window_clerk", "approver"]);

/** Throws ROLES_SEPARATED when the roles put duties that must stay apart (三员分立) on one account. */
export function assertSeparated(roles: readonly Role[]) {
  for (const [a, b] of SEPARATED_ROLES) {
    if (roles.includes(a) && roles.includes(b)) throw IdentityErrors.ROLES_SEPARATED({ roles: [a, b] });
  }
}

/**
 * Auditor accounts are outside every administrator's reach (三员分立, GB/T 22239 level 3): no one may create
 * one, grant or take the role, change its credentials, unlock or disable it through the administration
 * API — otherwise a platform admin could reset the auditor's password, sign in as the auditor and read
 * the trail of their own actions. Auditors are set up at installation (the seed, or `yiwang` on the
 * server) or by dual control (dual-control.service.ts); an attempt is refused and recorded where the
 * auditors see it. This holds for the security administrator too.
 */
export function touchesAuditor(...roleSets: (readonly Role[])[]): boolean {
  return roleSets.some((roles) => roles.includes("auditor"));
}

/**
 * Security administrator accounts are outside the system administrators' reach the same way: a platform
 * admin who could grant the role, or reset a security admin's password, would hold both duties. Nobody
 * grants the role through the staff API; the first comes from `yiwang staff create`, later ones by dual
 * control. Another security admin may still unlock one or reset their authenticator (not their password).
 */
export function touchesSecurityAdmin(...roleSets: (readonly Role[])[]): boolean {
  return roleSets.some((roles) => roles.includes("security_admin"));
}

/** The staff permission an administrative action needs: accounts and passwords, or credential security. */
export type StaffPermission = "identity.staff.manage" | "identity.staff.secure";

/**
 * Whether the principal may act (`permission`) on staff of `departmentId` whose roles are `roles` (current or
 * to be granted): platform-wide holders (platform admin: accounts and passwords; security admin: unlocks and
 * authenticators) on any role — the auditor's and security admin's protections are checked by the caller; a
 * department admin only in their own department and only on window clerks and approvers — so they cannot take
 * over an account above them (e.g. reset a platform admin's password). Throws 403 FORBIDDEN / ROLE_NOT_GRANTABLE.
 */
export function assertMayManage(
  principal: Principal,
  departmentId: string,
  roles: readonly Role[],
  permission: StaffPermission = "identity.staff.manage",
) {
  const scope = permissionScope(principal, permission);
  if (!scope || (!scope.all && scope.departmentId !== departmentId)) {
    throw PlatformErrors.FORBIDDEN({ permission });
  }
  if (scope.all) return;
  const refused = roles.filter((r) => !DEPARTMENT_GRANTABLE.has(r));
  if (refused.length > 0) throw IdentityErrors.ROLE_NOT_GRANTABLE({ roles: refused });
}
