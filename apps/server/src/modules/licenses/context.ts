/** What the licenses services need from the platform and the modules they build on. */
import type { Kysely } from "kysely";
import type { CacheRegistry } from "../../platform/cache/index.js";
import type { Clock } from "../../platform/clock/clock.js";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";
import type { FileStore } from "../../platform/files/index.js";
import type { AuditLog, EventPublisher } from "../../platform/ports.js";
import type { DepartmentService } from "../org/index.js";
import type { SealService } from "../seals/index.js";
import type { LicenseRepository } from "./repository.js";
import type { LicenseTypeCache } from "./type-cache.js";
import type { VerificationCache } from "./verification-cache.js";

export interface LicenseDeps {
  db: Kysely<DB>;
  repo: LicenseRepository;
  /** The license types through the platform cache (invalidated on every process by an edit). */
  types: LicenseTypeCache;
  /** What QR verification reads of the register, through the platform cache (a status change invalidates it). */
  verification: VerificationCache;
  /** For invalidating cached kinds in a change's transaction. */
  cache: CacheRegistry;
  seals: SealService;
  departments: DepartmentService;
  audit: AuditLog;
  clock: Clock;
  pii: PiiCipher;
  files: FileStore;
  events: EventPublisher;
  /** Where the platform is reached from outside (issuer ids, status list URLs, the verify page). */
  publicUrl: string;
  /** The platform's time zone (TIME_ZONE): issue dates and expiry are calendar dates there. */
  timeZone: string;
}

export function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
