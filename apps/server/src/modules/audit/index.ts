/**
 * The audit module's public surface. Every module records security-relevant events with
 * `app.platform.audit.append(event, trx)` inside the transaction of the change it describes.
 */
import type { FastifyInstance } from "fastify";
import { auditRoutes } from "./routes.js";

export { type AuditEvent, canonicalJson } from "./entry.js";
export { startAuditJobs } from "./jobs.js";
export { AuditLog } from "./service.js";
export { type VerifyReport, verifyLog } from "./verify.js";

export async function registerAuditModule(app: FastifyInstance) {
  await app.register(auditRoutes, { prefix: "/api/audit/v1", log: app.platform.audit });
}
