/**
 * 四性检测 of stored packages: on request and on the schedule (DA/T 70's 长期保存 checks). Each run reads
 * the tar's bytes straight from the blob store (not `FileStore.get`, which would refuse a changed blob
 * instead of letting the items say what changed), recomputes every digest, compares the row with the
 * audit entry of its archiving, and stores a report per package. A failing report is audited
 * (`archives.check_failed` with the item codes) so the auditor sees tampering in the trail too.
 */
import type { ArchiveCheckResult, ArchiveCheckTrigger } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { auditRecordCheck } from "../audit/index.js";
import { ARCHIVED_EVENT, anchorPayload } from "./archiving.service.js";
import { checkPackage, passed } from "./checks.js";
import { type ArchiveDeps, CHECK_INTERVAL_HOURS } from "./context.js";
import type { PackageRow } from "./repository.js";

export interface CheckRun {
  packageId: string;
  archiveNo: string;
  passed: boolean;
  results: ArchiveCheckResult[];
  bytes: number;
}

export class FixityService {
  constructor(private readonly deps: ArchiveDeps) {}

  async #bytes(row: PackageRow): Promise<Buffer | null> {
    if (!row.package_sha256) return null;
    try {
      return await this.deps.files.blobs.get(row.package_sha256);
    } catch {
      return null;
    }
  }

  /** Checks one package and records the report in `trx`. */
  async check(trx: Kysely<DB>, row: PackageRow, trigger: ArchiveCheckTrigger): Promise<CheckRun> {
    const tar = await this.#bytes(row);
    const anchor = await auditRecordCheck(trx, {
      type: ARCHIVED_EVENT,
      subject: `archive:${row.id}`,
      payload: anchorPayload(row, row.metadata),
    });
    const numberGaps =
      row.source === "case"
        ? await this.deps.repo.numberGaps({ fonds: row.fonds, year: row.year, retention: row.retention }, trx)
        : undefined;
    const results = await checkPackage(tar, {
      packageSha256: row.package_sha256 ?? undefined,
      auditAnchor: {
        // Found in the log is required; once sequenced, its inclusion proof must verify too.
        verified: anchor.found && (anchor.leafIndex === null || anchor.verified),
        detail: anchor.found
          ? "the archiving record's inclusion proof does not verify"
          : "no archiving record in the audit log matches the catalogued 档号, package and metadata hashes",
      },
      metadata: row.metadata as Record<string, unknown>,
      numberGaps,
      verifyLicense: row.source === "case" ? (files) => this.deps.verifyLicense(files, trx) : undefined,
    });
    const ok = passed(results);
    const at = this.deps.clock.now();
    await this.deps.repo.insertCheck(trx, { packageId: row.id, trigger, at, passed: ok, results });
    if (!ok)
      await this.deps.audit.append(
        {
          type: "archives.check_failed",
          actor: "system",
          subject: `archive:${row.id}`,
          payload: { trigger, failed: results.filter((r) => r.outcome === "fail").map((r) => r.code) },
          time: at,
        },
        trx,
      );
    return { packageId: row.id, archiveNo: row.archive_no, passed: ok, results, bytes: tar?.length ?? 0 };
  }

  /** Every kept package, in the scheduled job's transaction; returns the runs. */
  async checkAll(trx: Kysely<DB>, trigger: ArchiveCheckTrigger = "scheduled"): Promise<CheckRun[]> {
    const runs: CheckRun[] = [];
    for (const id of await this.deps.repo.keptPackageIds(trx)) {
      const row = await this.deps.repo.findPackage(id, trx);
      if (row) runs.push(await this.check(trx, row, trigger));
    }
    return runs;
  }

  /** The scheduled job: checks everything, then runs again in CHECK_INTERVAL_HOURS. */
  async scheduled(trx: Kysely<DB>): Promise<{ reschedule: Date }> {
    await this.checkAll(trx, "scheduled");
    return { reschedule: new Date(this.deps.clock.now().getTime() + CHECK_INTERVAL_HOURS * 3600_000) };
  }
}
