/**
 * The audit module's public surface. Every module records security-relevant events with
 * `app.platform.audit.append(event, trx)` inside the transaction of the change it describes; that is the
 * `AuditLog` port of platform/ports.ts, which the class `AuditLog` here implements.
 */
import type { FastifyInstance } from "fastify";
import { auditRoutes } from "./routes.js";
import type { AuditLog } from "./service.js";

export { type AuditEntry, type AuditEvent, canonicalJson } from "./entry.js";
// Narrow reads for the archives module (an archived case's excerpt; whether a record it made verifies).
export { type AuditExcerpt, auditExcerpt, auditRecordCheck, type RecordCheck } from "./excerpt.js";
export { startAuditJobs } from "./jobs.js";
// Proof checking as an auditor does it (RFC 9162), for clients of the log's API and their tests.
export { leafHash, verifyInclusion } from "./merkle.js";
export { AuditLog } from "./service.js";
export { type VerifyReport, verifyLog } from "./verify.js";

declare module "fastify" {
  interface FastifyInstance {
    /**
     * The whole audit log — sequencer, tree heads, keys, proofs — for the process that runs its timers
     * (main.ts) and for tests. Other modules write through the port, `app.platform.audit`.
     */
    auditLog: AuditLog;
  }
}

/** Serves the log's API; `log` is the same object app.ts put into `app.platform.audit`. */
export async function registerAuditModule(app: FastifyInstance, log: AuditLog) {
  app.decorate("auditLog", log);
  await app.register(auditRoutes, { prefix: "/api/audit/v1", log });
}
