import type { Kysely } from "kysely";
import type { CacheListener, CacheRegistry } from "./cache/index.js";
import type { CalendarService } from "./calendar/calendar.service.js";
import type { Clock } from "./clock/clock.js";
import type { AppConfig } from "./config.js";
import type { PiiCipher } from "./crypto/pii.js";
import type { CryptoSuite } from "./crypto/suite.js";
import type { Database } from "./db/database.js";
import type { DB } from "./db/schema.js";
import type { EventBus } from "./events/events.js";
import type { FileStore } from "./files/files.js";
import type { JobQueue } from "./jobs/jobs.js";
import type { AuditLog, Notifier, SmsNotifier } from "./ports.js";
import type { RateLimiter } from "./rate-limit.js";

/** Shared infrastructure every module may use, decorated on the Fastify instance as `app.platform`. */
export interface Platform {
  config: AppConfig;
  database: Database;
  db: Kysely<DB>;
  calendar: CalendarService;
  /**
   * In-process caches of read-mostly data; a write calls `cache.invalidate(trx, kind, key?)` in its
   * transaction and every process drops the entries on commit (LISTEN/NOTIFY; platform/cache).
   */
  cache: CacheRegistry;
  /** The connection that hears invalidations (tests simulate its loss and await its reconnection). */
  cacheListener: CacheListener;
  /** The tamper-evident audit log (port; modules/audit implements it): `audit.append(event, trx)`. */
  audit: AuditLog;
  /** Encryption and blind index of personal data (phone, ID numbers); the same object as `crypto.pii`. */
  pii: PiiCipher;
  /**
   * The configured crypto suite (CRYPTO_SUITE): the algorithms new seals, credentials, tree heads and
   * ciphertexts are made with, and the secret box sealing keys at rest with its cipher.
   */
  crypto: CryptoSuite;
  /** Rate limits shared by all processes (PostgreSQL counters). */
  rateLimiter: RateLimiter;
  /** "Now" for every time comparison (settable in tests, shiftable outside production). */
  clock: Clock;
  /** Durable jobs and timers: `jobs.schedule(trx, …)`, handlers registered with `jobs.register`. */
  jobs: JobQueue;
  /** Domain events through the transactional outbox: `events.publish(trx, …)`, `events.subscribe(…)`. */
  events: EventBus;
  /** Stored files (blob store + `stored_files`); check types with `sniffFile` from platform/files. */
  files: FileStore;
  /** In-app notifications (port; modules/notify implements it): `notify.send(trx, { recipients, kind, title, body, link, subject })`. */
  notify: Notifier;
  /** SMS notices from a template (port; modules/notify implements it): `sms.sms(trx, { recipient, eventType, … })`. */
  sms: SmsNotifier;
}

declare module "fastify" {
  interface FastifyInstance {
    platform: Platform;
  }
}
