/** What the supervision and credit services need from the platform and other modules, gathered in one place. */

import type { Kysely } from "kysely";
import type { CacheRegistry } from "../../platform/cache/index.js";
import type { CalendarService } from "../../platform/calendar/calendar.service.js";
import type { DB } from "../../platform/db/schema.js";
import type { FileStore } from "../../platform/files/index.js";
import type { JobQueue } from "../../platform/jobs/jobs.js";
import type { AuditLog, Clock, Notifier } from "../../platform/ports.js";

/**
 * The audit log as a public randomness beacon (RFC 3797 style): a draw commits to the root hash at a tree
 * size that does not exist yet when the commitment is written. app.ts builds it from the audit module.
 */
export interface AuditBeacon {
  /** Sequences queued entries (so a fresh commitment gets its leaf index). */
  flush(): Promise<number>;
  size(): Promise<number>;
  /** Root hash of the first `size` entries. */
  rootAt(size: number): Promise<Buffer>;
  /** RFC 9162 inclusion proof of a leaf in the tree of `treeSize` entries. */
  inclusionProof(leafIndex: number, treeSize: number): Promise<Buffer[]>;
  /** The most recent sequenced entry with this type and subject. */
  find(type: string, subject: string): Promise<{ leafIndex: number; entry: Buffer } | undefined>;
}

export interface SupervisionDeps {
  db: Kysely<DB>;
  /** Read-mostly data across nodes: the items' punishment rules (CreditService). */
  cache: CacheRegistry;
  audit: AuditLog;
  /** The file store: visit photos (bytes by SHA-256, a stored_files row per upload). */
  files: FileStore;
  beacon: AuditBeacon;
  clock: Clock;
  calendar: CalendarService;
  jobs: JobQueue;
  notify: Notifier;
  timeZone: string;
  /** Active staff holding a role in a department (notices to the lead department's managers). */
  staffWithRole(role: string, departmentId: string, trx: Kysely<DB>): Promise<string[]>;
  /** Who hears for an enterprise: its representative and current agents (identity's narrow reader). */
  enterpriseAccounts(usccs: readonly string[], trx: Kysely<DB>): Promise<Map<string, string[]>>;
  /** An active enterprise of the business registry, by USCC. */
  business(uscc: string): Promise<{ uscc: string; name: string } | null>;
  /** A staff account's department (null: not an active staff account). */
  staffDepartment(accountId: string): Promise<string | null>;
  /** 12345 complaints naming the enterprise since a time (the hotline module's narrow reader; app.ts wires it). */
  complaints: { countAbout(uscc: string, since: Date): Promise<number> };
}

/** Entries after the commitment before the seed exists: the beacon is the root at commitment index + 2. */
export const BEACON_OFFSET = 2;
/** Inspection results are published within this many working days (双随机一公开: 20 in most provinces; ours 5). */
export const PUBLISH_WORKING_DAYS = 5;
/** A 责令整改 result gives the enterprise this many working days to rectify (first round). */
export const RECTIFY_WORKING_DAYS = 10;
/** Timer: a rectification still open at the end of its deadline day is flagged overdue. */
export const RECTIFY_DEADLINE_JOB = "supervision.rectification.deadline";
/** Timer: a finished visit not yet published is published at the start of its publish_by day (一公开). */
export const PUBLISH_JOB = "supervision.visit.publish";
/** The credit summary counts 12345 complaints of the last this many months. */
export const COMPLAINT_WINDOW_MONTHS = 12;
/** The window for "last year's inspector of the same target" (recusal). */
export const LAST_YEAR_DAYS = 365;
/** A visit photo may be at most this large: a phone camera's JPEG is 2–6 MB. */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** At most this many photos per visit: enough to document each check point, bounded against a runaway phone. */
export const PHOTO_MAX_PER_VISIT = 20;
/** Visit photos are JPEG, PNG or WebP, by their bytes (a PDF renamed .jpg is refused). */
export const PHOTO_TYPES: readonly string[] = Object.freeze(["image/jpeg", "image/png", "image/webp"]);
