import type { LicenseStatus } from "@yiwang/contracts";
import { platformToday } from "../../shared/dates";
import { hasRole, type Me } from "../../shared/session";

export const LICENSE_STATUSES: readonly LicenseStatus[] = ["valid", "suspended", "revoked", "expired"];

/** The date of an instant in platform time (发证日期). */
export const dateOf = (instant: string) => platformToday(new Date(instant));

/** The public verification page for a token, on this site (the QR code carries the same under PUBLIC_URL). */
export const verifyPath = (token: string) => `/verify#t=${encodeURIComponent(token)}`;

/**
 * What the signed-in staff member may do with licenses and seals, from their roles — to hide what they
 * cannot do; the server checks every request again (and the department of the license or seal).
 */
export function licenseAbilities(me: Me | null | undefined) {
  const platformAdmin = hasRole(me, "platform_admin");
  const deptAdmin = hasRole(me, "dept_admin");
  const approver = hasRole(me, "approver");
  return {
    /** license.read: the department's issued licenses (the issuing department only) */
    read: deptAdmin || approver || hasRole(me, "window_clerk"),
    /** license.manage: suspend, restore, revoke (the issuing department's head) */
    manage: deptAdmin,
    /** license.issue: CSV import */
    import: deptAdmin || approver,
    /** license.type.manage */
    editTypes: platformAdmin,
    /** seal.manage */
    seals: platformAdmin || deptAdmin,
    platformAdmin,
  };
}
