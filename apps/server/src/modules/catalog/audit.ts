import type { AuditLog } from "../../platform/ports.js";

/** The part of the audit log the catalog writes to: `append(event, trx)` inside the change's transaction. */
export type AuditAppender = Pick<AuditLog, "append">;
