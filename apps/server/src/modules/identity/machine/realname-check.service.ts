import type { Principal } from "../../../platform/auth/permissions.js";
import type { AuditLog } from "../../../platform/ports.js";
import type { RateLimiter } from "../../../platform/rate-limit.js";
import { matchesRegistry, type PopulationCheck } from "../population-check.js";

/** Checks per client and minute: a department system checks applicants one by one, never the population. */
export const REALNAME_CHECKS_PER_MINUTE = 60;

/**
 * The machine real-name check (实名核验接口) for department systems holding the identity.realname.check
 * scope: does this name belong to this ID number in the population registry? The answer is a bare yes/no,
 * rate limited per client, and every check is audited — without the ID number or the name.
 */
export class RealnameCheckService {
  constructor(private readonly d: { audit: AuditLog; rateLimiter: RateLimiter; population: PopulationCheck }) {}

  async check(principal: Principal, input: { name: string; idNumber: string }, requestId: string) {
    await this.d.rateLimiter.hit(`realname-check:${principal.kind}:${principal.id}`, REALNAME_CHECKS_PER_MINUTE, 60);
    const match = await matchesRegistry(this.d.population, input.name, input.idNumber, requestId);
    await this.d.audit.append({
      type: "identity.realname.checked",
      actor: `${principal.kind}:${principal.id}`,
      payload: { match, requestId },
    });
    return { match };
  }
}
