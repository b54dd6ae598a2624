import type { Kysely } from "kysely";
import type { AuditLog } from "../modules/audit/service.js";
import type { CalendarService } from "./calendar/calendar.service.js";
import type { AppConfig } from "./config.js";
import type { Database } from "./db/database.js";
import type { DB } from "./db/schema.js";

/** Shared infrastructure every module may use, decorated on the Fastify instance as `app.platform`. */
export interface Platform {
  config: AppConfig;
  database: Database;
  db: Kysely<DB>;
  calendar: CalendarService;
  /** The tamper-evident audit log (modules/audit): `audit.append(event, trx)`. */
  audit: AuditLog;
}

declare module "fastify" {
  interface FastifyInstance {
    platform: Platform;
  }
}
