import type { Principal, Role } from "../platform/auth/permissions.js";

const ZERO = "00000000-0000-4000-8000-000000000000";

/** A staff principal holding one role in a made-up department: what the permission model says it may do. */
export function staffPrincipal(role: Role): Principal {
  return {
    kind: "staff",
    id: ZERO,
    sessionId: null,
    displayName: role,
    roles: [role],
    departmentId: ZERO,
    realnameLevel: 1,
    actingFor: null,
    scopes: [],
  };
}
