import type { Kysely } from "kysely";
import type { AuditLog } from "../modules/audit/service.js";
import type { CalendarService } from "./calendar/calendar.service.js";
import type { AppConfig } from "./config.js";
import type { PiiCipher } from "./crypto/pii.js";
import type { Database } from "./db/database.js";
import type { DB } from "./db/schema.js";
import type { RateLimiter } from "./rate-limit.js";

/** Shared infrastructure every module may use, decorated on the Fastify instance as `app.platform`. */
export interface Platform {
  config: AppConfig;
  database: Database;
  db: Kysely<DB>;
  calendar: CalendarService;
  /** The tamper-evident audit log (modules/audit): `audit.append(event, trx)`. */
  audit: AuditLog;
  /** Encryption and blind index of personal data (phone, ID numbers). */
  pii: PiiCipher;
  /** Rate limits shared by all processes (PostgreSQL counters). */
  rateLimiter: RateLimiter;
}

declare module "fastify" {
  interface FastifyInstance {
    platform: Platform;
  }
}
