/**
 * The permission model: roles grant permissions; department roles grant them only within the staff
 * member's own department. Every route declares the permission it needs next to itself
 * (`preHandler: app.authorize("…")`), and the server checks it on every request.
 */

export const ROLES = [
  "window_clerk",
  "approver",
  "dept_admin",
  "platform_admin",
  "auditor",
  "supervisor",
  "security_admin",
  // 档案管理员 (archives, issue 26): archiving, checks, transfers, disposal proposals, loan decisions.
  "archivist",
  "hotline_operator",
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that act within one department (the staff account's own). The others are platform-wide. */
export const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set(["window_clerk", "approver", "dept_admin"]);

/**
 * Roles whose holders must not also hold the other (三员分立: 系统管理员 platform/department admin, 安全管理员
 * security admin, 审计管理员 auditor — three duties, three people).
 */
export const SEPARATED_ROLES: readonly [Role, Role][] = [
  ["platform_admin", "auditor"],
  ["dept_admin", "auditor"],
  ["security_admin", "platform_admin"],
  ["security_admin", "dept_admin"],
  ["security_admin", "auditor"],
  // 效能督查 supervises the departments' handling; it does not run the platform or audit it.
  ["supervisor", "platform_admin"],
  ["supervisor", "auditor"],
];

export type Permission =
  | "org.department.manage"
  | "calendar.manage"
  | "audit.read"
  | "audit.sign"
  // background jobs: the dead-letter list and re-running a dead job (platform operation, not audit)
  | "jobs.manage"
  | "catalog.manage"
  | "identity.staff.read"
  | "identity.staff.manage"
  | "identity.client.manage"
  | "identity.citizen.read"
  | "identity.realname.verify"
  | "identity.pii.read"
  | "identity.pii_log.read"
  | "identity.realname.check"
  // credential security of staff accounts: unlocking a locked account, resetting its authenticator
  | "identity.staff.secure"
  // dual control (双人控制) of accounts holding a protected role: proposing, deciding, reading the proposals
  | "identity.dual_control.propose"
  | "identity.dual_control.decide"
  | "identity.dual_control.read"
  // security alerts (安全告警): reading them, acknowledging one
  | "security.alert.read"
  | "security.alert.ack"
  // cases (办件): reading a department's cases, the stage actions, and supervision (督办)
  | "case.read"
  | "case.accept"
  | "case.review"
  | "case.decide"
  | "case.deliver"
  | "case.supervise"
  // exchange (数据共享交换): the resource catalog, applying for and approving access, calling the gateway
  | "exchange.resource.manage"
  | "exchange.apply"
  | "exchange.approve"
  | "exchange.call"
  // seals (电子签章): issuing/revoking a department's seals, and applying one
  | "seal.manage"
  | "seal.use"
  // licenses (电子证照): a department's issued licenses, importing existing ones, suspending/revoking, types
  | "license.read"
  | "license.issue"
  | "license.manage"
  | "license.type.manage"
  | EvaluationPermission
  | OnecodePermission
  | AppointmentPermission
  | NotifyPermission
  | ArchivePermission
  | MessagingPermission
  | HotlinePermission
  | OpendataPermission
  | SupervisionPermission
  | HotlineFieldPermission
  | IndicatorPermission
  | PolicyPermission;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  platform_admin: [
    "org.department.manage",
    "calendar.manage",
    "audit.sign",
    // Running the platform includes its background work; the auditor reads the re-runs in the audit log.
    "jobs.manage",
    "catalog.manage",
    "identity.staff.read",
    // Accounts and passwords, not authenticators or unlocks (the security admin's): resetting both a password
    // and an authenticator is taking an account over, so no single administrator holds both platform-wide.
    "identity.staff.manage",
    "identity.client.manage",
    "exchange.resource.manage",
    "seal.manage",
    // License types, not licenses: only the issuing department reads and manages what it issued (a license
    // carries the holder's personal data, and its status is the issuer's legal act).
    "license.type.manage",
  ],
  // The department head (部门负责人) manages its staff, sees its cases and receives their escalations.
  // As provider it catalogs and approves its resources; as consumer it applies for others'.
  dept_admin: [
    "identity.staff.read",
    "identity.staff.manage",
    // Within the department and only for its clerks and approvers (grant-rules.ts), as before issue 14.
    "identity.staff.secure",
    "case.read",
    "case.supervise",
    "exchange.resource.manage",
    "exchange.apply",
    "exchange.approve",
    "seal.manage",
    "license.read",
    "license.issue",
    "license.manage",
  ],
  window_clerk: [
    "identity.citizen.read",
    "identity.realname.verify",
    "identity.pii.read",
    "case.read",
    "case.accept",
    "case.deliver",
    "license.read",
  ],
  approver: [
    "identity.citizen.read",
    "identity.pii.read",
    "case.read",
    "case.review",
    "case.decide",
    "seal.use",
    "license.read",
    "license.issue",
  ],
  // The auditor reads the trail and the accounts, and changes nothing but the (append-only) tree heads — and
  // decides dual-control proposals (the second person; never the one who proposes). Reads security alerts.
  auditor: [
    "audit.read",
    "audit.sign",
    "identity.staff.read",
    "identity.pii_log.read",
    "identity.dual_control.decide",
    "identity.dual_control.read",
    "security.alert.read",
  ],
  // 安全管理员: security alerts, unlocking accounts and resetting authenticators (never an auditor's), and
  // proposing auditor and security-admin accounts under dual control. Reads no audit trail, manages no data.
  security_admin: [
    "identity.staff.read",
    "identity.staff.secure",
    "identity.dual_control.propose",
    "identity.dual_control.read",
    "security.alert.read",
    "security.alert.ack",
  ],
  // 效能督查: reads every department's cases and deadlines and receives the second escalation level.
  supervisor: ["case.read", "case.supervise"],
  archivist: [],
  hotline_operator: [],
};

// ── 好差评 (evaluation) ── its own block, merged into the roles above, so that parallel edits to the roles
// merge cleanly. Department roles hold them within their department: clerks and heads read and answer their
// department's 差评 (a clerk also opens kiosk visits at the window), heads file appeals (申诉); the
// supervisors (效能督查) read every department's and decide the appeals.
export type EvaluationPermission =
  | "evaluation.read"
  | "evaluation.rectify"
  | "evaluation.appeal"
  | "evaluation.appeal.decide"
  | "evaluation.visit";

export const EVALUATION_ROLE_PERMISSIONS: Partial<Record<Role, readonly EvaluationPermission[]>> = {
  window_clerk: ["evaluation.read", "evaluation.rectify", "evaluation.visit"],
  approver: ["evaluation.read"],
  dept_admin: ["evaluation.read", "evaluation.rectify", "evaluation.appeal"],
  supervisor: ["evaluation.read", "evaluation.appeal.decide"],
};
for (const [role, granted] of Object.entries(EVALUATION_ROLE_PERMISSIONS) as [Role, EvaluationPermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── 一码通 (onecode) ── its own block like evaluation's: window clerks scan personal codes at their window
// (亮码办事; the scan belongs to their department); the security administrator rotates and removes the
// code-signing keys (a compromised key leaves the signed key list).
export type OnecodePermission = "onecode.scan" | "onecode.keys.manage";

export const ONECODE_ROLE_PERMISSIONS: Partial<Record<Role, readonly OnecodePermission[]>> = {
  window_clerk: ["onecode.scan"],
  security_admin: ["onecode.keys.manage"],
};
for (const [role, granted] of Object.entries(ONECODE_ROLE_PERMISSIONS) as [Role, OnecodePermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── 网上预约 and the service hall (appointments) ── its own block. Window clerks serve the window types of their
// own department (check-in by QR, walk-in numbers, calling the next number; the service checks the window
// type's department); department heads keep their department's halls and slot templates, the platform
// administrator every hall.
export type AppointmentPermission = "appointments.serve" | "appointments.manage";

export const APPOINTMENT_ROLE_PERMISSIONS: Partial<Record<Role, readonly AppointmentPermission[]>> = {
  window_clerk: ["appointments.serve"],
  dept_admin: ["appointments.manage"],
  platform_admin: ["appointments.manage"],
};
for (const [role, granted] of Object.entries(APPOINTMENT_ROLE_PERMISSIONS) as [Role, AppointmentPermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── notices (notify) ── templates, department group webhooks, the delivery log and re-sending dead letters:
// running the platform's messaging is the platform administrator's.
export type NotifyPermission = "notify.manage";
export const NOTIFY_ROLE_PERMISSIONS: Partial<Record<Role, readonly NotifyPermission[]>> = {
  platform_admin: ["notify.manage"],
};
for (const [role, granted] of Object.entries(NOTIFY_ROLE_PERMISSIONS) as [Role, NotifyPermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── 电子档案 (archives) ── its own block. Staff of the departments search the catalogue and borrow (借阅);
// the archivist (档案管理员) runs the archive: checks, transfers, retention rules, loan decisions, disposal
// proposals and the archivist's approval; the supervisors (效能督查) give the second approval of a disposal.
export type ArchivePermission = "archives.read" | "archives.borrow" | "archives.manage" | "archives.dispose.approve";

export const ARCHIVE_ROLE_PERMISSIONS: Partial<Record<Role, readonly ArchivePermission[]>> = {
  archivist: ["archives.read", "archives.manage"],
  supervisor: ["archives.read", "archives.borrow", "archives.dispose.approve"],
  dept_admin: ["archives.read", "archives.borrow"],
  approver: ["archives.read", "archives.borrow"],
  window_clerk: ["archives.read", "archives.borrow"],
};
for (const [role, granted] of Object.entries(ARCHIVE_ROLE_PERMISSIONS) as [Role, ArchivePermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── 会商与消息 (messaging) ── its own block, like evaluation's. The staff who handle or supervise cases talk
// to each other: department roles within their department (a case thread is open to the staff of the case's
// departments, a channel to its department's), supervisors everywhere. Administrators, auditors and the
// security administrator have no part in case work and no messaging.
export type MessagingPermission = "messaging.use";

export const MESSAGING_ROLE_PERMISSIONS: Partial<Record<Role, readonly MessagingPermission[]>> = {
  window_clerk: ["messaging.use"],
  approver: ["messaging.use"],
  dept_admin: ["messaging.use"],
  supervisor: ["messaging.use"],
};
for (const [role, granted] of Object.entries(MESSAGING_ROLE_PERMISSIONS) as [Role, MessagingPermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── 12345 接诉即办 (hotline) ── its own block, like evaluation's. The hotline operator (话务员/派单员, platform-wide)
// takes calls, dispatches, merges duplicates and makes the 回访; department roles read and handle their own
// department's requests (退单, actions, the answer); supervisors read all; the platform admin issues Open311 keys.
export type HotlinePermission =
  | "hotline.intake"
  | "hotline.dispatch"
  | "hotline.callback"
  | "hotline.read"
  | "hotline.handle"
  | "hotline.manage";

export const HOTLINE_ROLE_PERMISSIONS: Partial<Record<Role, readonly HotlinePermission[]>> = {
  hotline_operator: ["hotline.intake", "hotline.dispatch", "hotline.callback", "hotline.read"],
  window_clerk: ["hotline.read", "hotline.handle"],
  approver: ["hotline.read", "hotline.handle"],
  dept_admin: ["hotline.read", "hotline.handle"],
  supervisor: ["hotline.read"],
  platform_admin: ["hotline.manage"],
};
for (const [role, granted] of Object.entries(HOTLINE_ROLE_PERMISSIONS) as [Role, HotlinePermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── 公共数据开放 (opendata) ── its own block, merged into the roles above. The department head publishes the
// department's datasets and decides the applications for its conditional ones (有条件开放), as it does for
// exchange resources.
export type OpendataPermission = "opendata.publish" | "opendata.approve";

export const OPENDATA_ROLE_PERMISSIONS: Partial<Record<Role, readonly OpendataPermission[]>> = {
  dept_admin: ["opendata.publish", "opendata.approve"],
};
for (const [role, granted] of Object.entries(OPENDATA_ROLE_PERMISSIONS) as [Role, OpendataPermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── 互联网+监管 and 信用 (supervision) ── its own block. The department head runs the department's supervision:
// items, rosters, plans and draws, credit records, punishment rules and 信用修复 review; the platform supervisor
// does so everywhere (joint plans across departments). Inspectors are department staff on the inspector roster
// (the service checks the roster): they carry out the visits drawn for them.
// Auditors and supervisors may open a draw's recusal commitments (inspectors' districts and relationships,
// kept out of the public record) to check recusal: supervision.audit.
export type SupervisionPermission =
  | "supervision.manage"
  | "supervision.inspect"
  | "credit.manage"
  | "supervision.audit";

export const SUPERVISION_ROLE_PERMISSIONS: Partial<Record<Role, readonly SupervisionPermission[]>> = {
  dept_admin: ["supervision.manage", "supervision.inspect", "credit.manage"],
  supervisor: ["supervision.manage", "credit.manage", "supervision.audit"],
  window_clerk: ["supervision.inspect"],
  approver: ["supervision.inspect"],
  auditor: ["supervision.audit"],
};
for (const [role, granted] of Object.entries(SUPERVISION_ROLE_PERMISSIONS) as [Role, SupervisionPermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── 12345 外勤力量 (hotline field forces) ── its own block. Field staff are department staff on their
// department's roster (the roster, not a role, makes someone 网格员/城管队员: the report routes check it); the
// department head keeps the roster; the hotline desk (platform-wide) and the department head (its own force)
// command the map; auditors and supervisors verify the stored tracks against the audit log.
export type HotlineFieldPermission =
  | "hotline.field.report"
  | "hotline.field.manage"
  | "hotline.command"
  | "hotline.field.verify";

export const HOTLINE_FIELD_ROLE_PERMISSIONS: Partial<Record<Role, readonly HotlineFieldPermission[]>> = {
  window_clerk: ["hotline.field.report"],
  approver: ["hotline.field.report"],
  dept_admin: ["hotline.field.report", "hotline.field.manage", "hotline.command"],
  hotline_operator: ["hotline.command"],
  supervisor: ["hotline.command", "hotline.field.verify"],
  auditor: ["hotline.field.verify"],
};
for (const [role, granted] of Object.entries(HOTLINE_FIELD_ROLE_PERMISSIONS) as [Role, HotlineFieldPermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── 一网统管 (indicators) ── its own block, like evaluation's. Department heads (部门负责人) read their own
// department's figures and drill-down rows (row-level security by the department scope); the supervisors
// (效能督查) read every department's, define the indicators, run the recompute, own the alert rules and sign
// public embeds (aggregates only).
export type IndicatorPermission =
  | "indicators.read"
  | "indicators.manage"
  | "indicators.alerts.manage"
  | "indicators.embed";

export const INDICATOR_ROLE_PERMISSIONS: Partial<Record<Role, readonly IndicatorPermission[]>> = {
  dept_admin: ["indicators.read"],
  supervisor: ["indicators.read", "indicators.manage", "indicators.alerts.manage", "indicators.embed"],
};
for (const [role, granted] of Object.entries(INDICATOR_ROLE_PERMISSIONS) as [Role, IndicatorPermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

// ── 惠企政策 / 免申即享 (policies) ── its own block. Department policy staff (approver, department head) keep
// the department's policy library and rules; the department head confirms or excludes entitlements in a batch
// (money leaves on that decision); matching runs nightly, and on demand by the department head or the
// platform admin.
export type PolicyPermission = "policies.manage" | "policies.review" | "policies.run";

export const POLICY_ROLE_PERMISSIONS: Partial<Record<Role, readonly PolicyPermission[]>> = {
  approver: ["policies.manage"],
  dept_admin: ["policies.manage", "policies.review", "policies.run"],
  platform_admin: ["policies.run"],
};
for (const [role, granted] of Object.entries(POLICY_ROLE_PERMISSIONS) as [Role, PolicyPermission[]][])
  ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], ...granted];

/**
 * OAuth scopes a machine client (client-credentials token) may hold, and the permission each grants.
 * A client acts for its owning department; department scoping applies to it as to a department role.
 */
export const CLIENT_SCOPE_PERMISSIONS: Record<string, Permission> = {
  "identity.realname.check": "identity.realname.check",
  // A department system calling the exchange gateway for its department (which needs a current approval).
  "exchange.call": "exchange.call",
};

export type PrincipalKind = "citizen" | "staff" | "client";
export type RealnameLevel = 1 | 2 | 3;

/** The enterprise a person acts for (explicitly switched to), as its representative or an agent. */
export interface ActingFor {
  enterpriseId: string;
  uscc: string;
  name: string;
  as: "representative" | "agent";
  /** The agent's authorised scopes; a representative holds every scope. */
  scopes: readonly string[];
}

export interface Principal {
  kind: PrincipalKind;
  /** Account id (citizen, staff) or OAuth client id (client). */
  id: string;
  /** The session behind a cookie-authenticated request. */
  sessionId: string | null;
  displayName: string;
  roles: readonly Role[];
  /** Staff: their department. Client: the department that owns it. */
  departmentId: string | null;
  realnameLevel: RealnameLevel;
  actingFor: ActingFor | null;
  /** Client: the OAuth scopes of its token. */
  scopes: readonly string[];
}

/** Where a principal may use a permission: everywhere, within one department, or not at all. */
export type PermissionScope = { all: true } | { all: false; departmentId: string } | null;

export function permissionScope(principal: Principal, permission: Permission): PermissionScope {
  if (principal.kind === "client") {
    const granted = principal.scopes.some((s) => CLIENT_SCOPE_PERMISSIONS[s] === permission);
    if (!granted) return null;
    return principal.departmentId ? { all: false, departmentId: principal.departmentId } : { all: true };
  }
  let departmentScoped: PermissionScope = null;
  for (const role of principal.roles) {
    if (!ROLE_PERMISSIONS[role]?.includes(permission)) continue;
    if (!DEPARTMENT_ROLES.has(role)) return { all: true };
    if (principal.departmentId) departmentScoped = { all: false, departmentId: principal.departmentId };
  }
  return departmentScoped;
}

/** Whether the principal holds the permission (for `departmentId` when the action concerns one). */
export function can(principal: Principal, permission: Permission, departmentId?: string | null): boolean {
  const scope = permissionScope(principal, permission);
  if (!scope) return false;
  if (scope.all || departmentId === undefined) return true;
  return departmentId === scope.departmentId;
}
