/** What the archives services need from the platform and other modules, gathered in one place. */
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import type { FileStore } from "../../platform/files/index.js";
import type { AuditLog, Clock } from "../../platform/ports.js";
import type { CaseArchiveSource } from "../cases/index.js";
import type { ArchivedLicenseCheck, ArchivedLicenseFiles, CaseLicenseForArchive } from "../licenses/index.js";
import type { ArchiveRepository } from "./repository.js";

export interface JobScheduler {
  schedule(
    trx: Kysely<DB>,
    job: { kind: string; key: string; runAt: Date; payload?: Record<string, unknown> },
  ): Promise<void>;
  pending(kind: string, trx: Kysely<DB>): Promise<unknown[]>;
}

export interface ArchiveDeps {
  db: Kysely<DB>;
  repo: ArchiveRepository;
  files: FileStore;
  audit: AuditLog;
  jobs: JobScheduler;
  clock: Clock;
  timeZone: string;
  /** The cases module's narrow read of a finished case (in the caller's transaction). */
  caseSource(caseId: string, trx: Kysely<DB>): Promise<CaseArchiveSource | null>;
  /** The licenses module's narrow read of the license a case issued. */
  caseLicense(caseId: string, trx: Kysely<DB>): Promise<CaseLicenseForArchive | null>;
  /** The licenses module's check that an archived license's VC-JWT and sealed PDF verify (AU-04). */
  verifyLicense(files: ArchivedLicenseFiles, trx: Kysely<DB>): Promise<ArchivedLicenseCheck>;
}

/**
 * 全宗号 of this platform's own archives. One fonds: the platform archives every department's cases
 * (DA/T 13: a fonds per archiving body); received transfers keep the fonds they arrive with.
 */
export const OWN_FONDS = "YW01";
/** 保管期限 of a case whose catalog item has no rule (GB/T 39362 leaves it to the archive's 分类方案). */
export const DEFAULT_RETENTION = "30y";
/** 密级 of case archives: government service records are not state secrets (公开/内部 only). */
export const DEFAULT_CLASSIFICATION = "内部";

/** The subscriber of `case.delivered` that archives the case (its job kind is `event:<this>`). */
export const ARCHIVE_SUBSCRIBER = "archives.archive-case";
/** The scheduled fixity and four-properties check (one row, key "all"), every CHECK_INTERVAL_HOURS. */
export const SCHEDULED_CHECK_JOB = "archives.scheduled-check";
export const CHECK_INTERVAL_HOURS = 24;

export const actorRef = (p: Principal) => `${p.kind === "staff" ? "staff" : p.kind}:${p.id}`;
