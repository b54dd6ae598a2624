/**
 * The security module's public surface (安全管理中心): security alerts and their detector. It watches
 * identity's lockout events, every 403 the platform answers, and audit-log verifications; it writes to
 * no other module's tables.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog, Notifier } from "../../platform/ports.js";
import { ACCOUNT_LOCKED_EVENT } from "../identity/index.js";
import { SecurityAlerts } from "./alerts.service.js";
import { auditVerifyFailed, DeniedBursts, deniedAlert, lockoutDetector, type VerifyFailure } from "./detector.js";
import { securityRoutes } from "./routes.js";

export { SecurityAlerts } from "./alerts.service.js";
export { DeniedBursts } from "./detector.js";

export interface SecurityModule {
  alerts: SecurityAlerts;
  denied: DeniedBursts;
}

export async function registerSecurityModule(app: FastifyInstance): Promise<SecurityModule> {
  const { db, audit, notify, clock, events, config } = app.platform;
  const limits = config.security;
  const alerts = new SecurityAlerts({ db, audit, notify, clock });
  events.subscribe("security.lockouts", [ACCOUNT_LOCKED_EVENT], lockoutDetector(alerts, limits.lockoutAlert));

  const denied = new DeniedBursts(clock, limits.deniedAlert.count, limits.deniedAlert.seconds * 1000);
  // Every 403 of the platform, by actor and by client IP, counted in memory. Only the refusal that completes
  // a burst waits for the alert's one write (onSend: before the answer leaves, so the alert exists when the
  // caller has its 403 — tests and operators see a settled state); a failed write is logged, never thrown.
  // Callback style, so the answers that are not 403 (nearly all) pay no promise on the hot path.
  app.addHook("onSend", (request, reply, payload, done) => {
    if (reply.statusCode !== 403) return done(null, payload);
    countRefusal(request).then(
      () => done(null, payload),
      (err) => {
        request.log.error({ err }, "counting a refused request failed"); // the 403 leaves either way
        done(null, payload);
      },
    );
  });
  async function countRefusal(request: FastifyRequest): Promise<void> {
    const principal = request.principal ?? (await app.auth.principalOf(request).catch(() => null));
    const keys = [`ip:${request.ip}`];
    if (principal) keys.push(`actor:${principal.kind}:${principal.id}`);
    for (const key of keys) {
      if (!denied.hit(key)) continue;
      await alerts
        .raiseNow(deniedAlert(key, limits.deniedAlert, clock.now()))
        .catch((err) => request.log.error({ err, key }, "security alert for refused requests failed"));
    }
  }

  await app.register(securityRoutes, { prefix: "/api/security", alerts });
  return { alerts, denied };
}

/**
 * For `yiwang audit verify`: a failed verification raises the `audit_verify_failed` alert and notifies the
 * security administrators. Used outside a running server, so it is given what it needs.
 */
export function reportAuditVerifyFailure(
  deps: { db: Kysely<DB>; audit: AuditLog; notify: Notifier; clock: Clock },
  report: VerifyFailure,
) {
  return auditVerifyFailed(new SecurityAlerts(deps), report, deps.clock.now());
}
