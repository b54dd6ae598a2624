import type { AgentScope } from "@yiwang/contracts";
import type { ActingFor, Principal } from "../../../platform/auth/permissions.js";
import { IdentityErrors } from "../errors.js";

/**
 * For routes that act on an enterprise's behalf (e.g. applying for a licence as 法人): the caller must have
 * switched to an enterprise and, as an agent, hold `scope`; a legal representative holds every scope.
 * Returns the enterprise acted for; throws 403 NOT_AUTHORISED_FOR_ENTERPRISE otherwise. The authorisation
 * itself was re-checked when the request's principal was resolved, so a revoked or expired one is gone.
 */
export function requireEnterpriseScope(principal: Principal, scope: AgentScope): ActingFor {
  const a = principal.actingFor;
  if (!a || principal.kind !== "citizen") throw IdentityErrors.NOT_AUTHORISED_FOR_ENTERPRISE({ scope });
  if (a.as === "representative" || a.scopes.includes("*") || a.scopes.includes(scope)) return a;
  throw IdentityErrors.NOT_AUTHORISED_FOR_ENTERPRISE({ scope });
}
