import type { Kysely } from "kysely";
import type { CacheRegistry } from "../../platform/cache/index.js";
import type { Clock } from "../../platform/clock/clock.js";
import type { SecretBox } from "../../platform/crypto/secret-box.js";
import type { CryptoSuiteName } from "../../platform/crypto/suite.js";
import type { DB } from "../../platform/db/schema.js";
import type { JobQueue } from "../../platform/jobs/index.js";
import type { AuditLog } from "../../platform/ports.js";
import type { OnecodeRepository } from "./repository.js";

/** What the onecode module's services share. */
export interface OnecodeDeps {
  db: Kysely<DB>;
  repo: OnecodeRepository;
  box: SecretBox;
  cache: CacheRegistry;
  clock: Clock;
  audit: AuditLog;
  jobs: JobQueue;
  /** The platform's crypto suite: `national` makes new keys SM2, `international` ES256 (schemes.ts). */
  suite: CryptoSuiteName;
  lifetimeSeconds: number;
  rotationHours: number;
  scanMinutes: number;
}
