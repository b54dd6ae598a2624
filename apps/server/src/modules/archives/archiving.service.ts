/**
 * 归档: one package per delivered case, built and stored in the archiving job's transaction. The 档号
 * comes from the counter row of fonds/year/class, locked in that transaction (repository.nextSeq); the
 * package is checked (四性检测) before the row is written, and a failing check throws, so nothing is
 * archived and the job retries (a failure blocks acceptance). The audit entry `archives.archived` carries
 * the hash of {档号, package SHA-256, metadata SHA-256}: the scheduled check compares the stored row and
 * bytes with it (AU-02), so a changed row is caught even when the bytes are intact.
 */
import type { ArchiveCheckResult, ArchiveMetadata, RetentionClass } from "@yiwang/contracts";
import { RETENTION_CLASS_TERMS } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { localDate } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import { canonicalJson } from "../audit/index.js";
import { buildBag, type PayloadFile, sha256Hex } from "./bagit.js";
import { checkPackage, passed } from "./checks.js";
import {
  type ArchiveDeps,
  CHECK_INTERVAL_HOURS,
  DEFAULT_CLASSIFICATION,
  DEFAULT_RETENTION,
  OWN_FONDS,
  SCHEDULED_CHECK_JOB,
} from "./context.js";
import { ArchiveErrors } from "./errors.js";
import { extractText, searchVector } from "./fulltext.js";
import { casePayload } from "./package-content.js";
import type { PackageRow } from "./repository.js";

export const ARCHIVED_EVENT = "archives.archived";

/** What the audit entry of an archiving proves (AU-02 recomputes it from the stored row). */
export function anchorPayload(row: Pick<PackageRow, "archive_no" | "package_sha256">, metadata: unknown) {
  return {
    archiveNo: row.archive_no,
    packageSha256: row.package_sha256,
    metadataSha256: sha256Hex(Buffer.from(canonicalJson(metadata))),
  };
}

export function retentionShort(code: string): string {
  const t = RETENTION_CLASS_TERMS.find((x) => x.code === code);
  if (!t) throw ArchiveErrors.ARCHIVE_RETENTION_UNKNOWN({ retention: code });
  return t.short;
}

export function archiveNumber(fonds: string, year: number, retention: string, seq: number): string {
  return `${fonds}-${year}-${retentionShort(retention)}-${String(seq).padStart(6, "0")}`;
}

export interface Catalogue {
  fonds: string;
  year: number;
  retention: string;
  title: string;
  responsible: string;
  date: string;
  classification: string;
  caseNumber: string | null;
  itemCode: string | null;
  itemVersion: number | null;
  outcome: string | null;
  applicant: string;
  departments: string[];
}

export class ArchivingService {
  constructor(private readonly deps: ArchiveDeps) {}

  /** Archives a delivered case (idempotent: a case already archived returns its package). */
  async archiveCase(trx: Kysely<DB>, caseId: string): Promise<PackageRow | null> {
    const existing = await this.deps.repo.findByCase(caseId, trx);
    if (existing) return existing;
    const src = await this.deps.caseSource(caseId, trx);
    if (src?.status !== "delivered") return null;
    const license = await this.deps.caseLicense(caseId, trx);
    const retention = (await this.deps.repo.retentionOf(src.view.itemCode, trx)) ?? DEFAULT_RETENTION;
    const closed = src.closedAt ? new Date(src.closedAt) : this.deps.clock.now();
    const date = localDate(closed, this.deps.timeZone);
    const payload = await casePayload(this.deps, trx, src, license);
    const v = src.view;
    return this.store(
      trx,
      {
        fonds: OWN_FONDS,
        year: Number(date.slice(0, 4)),
        retention,
        title: `${v.itemName}（${v.number ?? v.caseId}）`,
        responsible: v.decidingDepartmentName,
        date,
        classification: DEFAULT_CLASSIFICATION,
        caseNumber: v.number,
        itemCode: v.itemCode,
        itemVersion: v.itemVersion,
        outcome: v.outcome,
        applicant: v.enterprise?.name ?? v.applicantName,
        departments: src.departments,
      },
      payload,
      { caseId },
    );
  }

  /**
   * Numbers, packs, checks and records one package in `trx`. `fail` (tests only) throws after the number
   * was taken, to show that a rolled-back archiving leaves no gap.
   */
  async store(
    trx: Kysely<DB>,
    c: Catalogue,
    payload: readonly PayloadFile[],
    origin: { caseId: string },
    fail?: () => void,
  ): Promise<PackageRow> {
    retentionShort(c.retention);
    const seq = await this.deps.repo.nextSeq(trx, c);
    const archiveNo = archiveNumber(c.fonds, c.year, c.retention, seq);
    const metadata: ArchiveMetadata = {
      archiveNo,
      ...c,
      retention: c.retention as RetentionClass,
      fileCount: payload.length,
    };
    const now = this.deps.clock.now();
    const bag = buildBag(
      archiveNo,
      [{ path: "metadata.json", bytes: Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`, "utf8") }, ...payload],
      [
        ["Source-Organization", c.responsible],
        ["External-Identifier", archiveNo],
        ["External-Description", c.title],
        ["Bag-Software-Agent", "Yiwang archives (https://github.com/yiwang)"],
      ],
      localDate(now, this.deps.timeZone),
      Math.floor(now.getTime() / 1000),
    );
    fail?.();
    const packageSha256 = sha256Hex(bag.tar);
    const results = await checkPackage(bag.tar, {
      packageSha256,
      metadata,
      numberGaps: [],
      verifyLicense: (files) => this.deps.verifyLicense(files, trx),
    });
    if (!passed(results)) throw new ArchivingCheckFailed(results);
    const file = await this.deps.files.put(
      bag.tar,
      { name: `${archiveNo}.tar`, contentType: "application/x-tar", createdBy: "system" },
      trx,
    );
    const row = await this.deps.repo.insertPackage(trx, {
      archive_no: archiveNo,
      fonds: c.fonds,
      year: c.year,
      retention: c.retention,
      seq,
      title: c.title,
      source: "case",
      case_id: origin.caseId,
      external_id: null,
      metadata,
      metadata_sha256: sha256Hex(Buffer.from(canonicalJson(metadata))),
      file_id: file.id,
      package_sha256: packageSha256,
      package_bytes: bag.tar.length,
      files: bag.files,
      archived_at: now,
      destroyed_at: null,
      last_check_passed: null,
      search_text: [archiveNo, c.title, c.responsible, c.applicant, c.caseNumber ?? "", c.itemCode ?? ""].join(" "),
      search_vector: searchVector(
        [c.title, c.responsible, c.applicant, c.caseNumber, c.itemCode, ...c.departments],
        extractText(payload.map((f) => [f.path, f.bytes] as const)),
      ),
    });
    await this.record(trx, row, metadata, "archiving", results, { caseId: origin.caseId });
    return row;
  }

  /** The audit entry, the first check report, and the scheduled check armed if it is not yet. */
  async record(
    trx: Kysely<DB>,
    row: PackageRow,
    metadata: unknown,
    trigger: "archiving" | "receipt",
    results: ArchiveCheckResult[],
    extra: Record<string, unknown>,
  ) {
    const now = this.deps.clock.now();
    await this.deps.audit.append(
      {
        type: ARCHIVED_EVENT,
        actor: "system",
        subject: `archive:${row.id}`,
        payload: anchorPayload(row, metadata),
        time: now,
      },
      trx,
    );
    await this.deps.audit.append(
      {
        type: "archives.recorded",
        actor: "system",
        subject: `archive:${row.id}`,
        payload: { trigger, ...extra },
        time: now,
      },
      trx,
    );
    await this.deps.repo.insertCheck(trx, { packageId: row.id, trigger, at: now, passed: true, results });
    if ((await this.deps.jobs.pending(SCHEDULED_CHECK_JOB, trx)).length === 0)
      await this.deps.jobs.schedule(trx, {
        kind: SCHEDULED_CHECK_JOB,
        key: "all",
        runAt: new Date(now.getTime() + CHECK_INTERVAL_HOURS * 3600_000),
      });
  }
}

export class ArchivingCheckFailed extends Error {
  constructor(readonly results: ArchiveCheckResult[]) {
    super(
      `archiving checks failed: ${results
        .filter((r) => r.outcome === "fail")
        .map((r) => `${r.code} ${r.details.join("; ")}`)
        .join(" | ")}`,
    );
  }
}
