/**
 * 鉴定销毁: a package whose retention period has ended may be proposed for destruction; it is destroyed
 * only when the archivist (archives.manage) and a supervisor (archives.dispose.approve) — two different
 * people — have approved. The destruction runs in the second approval's transaction: the stored file's
 * row goes, the package row keeps its catalogue entry as `destroyed`, and the destruction record (what,
 * when, who, both approvals, the package's and the metadata's SHA-256) is stored and its hash enters the
 * audit log. The blob is deleted after the commit (a crash in between leaves an unreferenced blob, never
 * a destroyed package whose bytes are still listed).
 */
import type { ArchiveDisposal } from "@yiwang/contracts";
import { RETENTION_CLASS_TERMS } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { assertCan } from "../../platform/auth/guard.js";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { auditRecordCheck } from "../audit/index.js";
import { type ArchiveDeps, actorRef } from "./context.js";
import { ArchiveErrors } from "./errors.js";
import type { DisposalRow, PackageRow } from "./repository.js";

export const DESTROYED_EVENT = "archives.destroyed";

function toDisposal(r: DisposalRow & { archive_no: string }): ArchiveDisposal {
  return {
    id: r.id,
    packageId: r.package_id,
    archiveNo: r.archive_no,
    status: r.status as ArchiveDisposal["status"],
    reason: r.reason,
    proposedBy: r.proposed_by,
    archivistApprovedBy: r.archivist_approved_by,
    supervisorApprovedBy: r.supervisor_approved_by,
    record: (r.record as Record<string, unknown> | null) ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

/** The first day the package may be destroyed: 1 January after its archiving year plus the period. */
export function disposableFrom(row: Pick<PackageRow, "year" | "retention">): Date | null {
  const years = RETENTION_CLASS_TERMS.find((t) => t.code === row.retention)?.years ?? null;
  return years === null ? null : new Date(Date.UTC(row.year + years + 1, 0, 1));
}

export class DisposalService {
  constructor(private readonly deps: ArchiveDeps) {}

  async list(status?: string): Promise<ArchiveDisposal[]> {
    return (await this.deps.repo.disposals(status)).map(toDisposal);
  }

  async propose(p: Principal, packageId: string, reason: string): Promise<ArchiveDisposal> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.lockPackage(packageId, trx);
      if (!row) throw ArchiveErrors.ARCHIVE_NOT_FOUND({ packageId });
      if (row.status === "destroyed") throw ArchiveErrors.ARCHIVE_DESTROYED({ packageId });
      const from = disposableFrom(row);
      if (!from) throw ArchiveErrors.ARCHIVE_DISPOSAL_PERMANENT({ archiveNo: row.archive_no });
      if (this.deps.clock.now() < from)
        throw ArchiveErrors.ARCHIVE_DISPOSAL_NOT_DUE({
          archiveNo: row.archive_no,
          from: from.toISOString().slice(0, 10),
        });
      if (await this.deps.repo.openDisposal(packageId, trx)) throw ArchiveErrors.ARCHIVE_DISPOSAL_OPEN({ packageId });
      const d = await this.deps.repo.insertDisposal(trx, {
        packageId,
        reason,
        by: actorRef(p),
        at: this.deps.clock.now(),
      });
      await this.deps.audit.append(
        {
          type: "archives.disposal_proposed",
          actor: actorRef(p),
          subject: `archive:${packageId}`,
          payload: { disposalId: d.id, reason },
        },
        trx,
      );
      return toDisposal({ ...d, archive_no: row.archive_no });
    });
  }

  /** One of the two approvals; the second one destroys the package. */
  async approve(p: Principal, disposalId: string, as: "archivist" | "supervisor"): Promise<ArchiveDisposal> {
    assertCan(p, as === "archivist" ? "archives.manage" : "archives.dispose.approve");
    let releaseSha: string | null = null;
    const out = await this.deps.db.transaction().execute(async (trx) => {
      const d = await this.deps.repo.lockDisposal(disposalId, trx);
      if (!d) throw ArchiveErrors.ARCHIVE_DISPOSAL_NOT_FOUND({ disposalId });
      if (d.status !== "proposed") throw ArchiveErrors.ARCHIVE_DISPOSAL_CLOSED({ disposalId });
      const me = actorRef(p);
      const mine = as === "archivist" ? d.archivist_approved_by : d.supervisor_approved_by;
      const other = as === "archivist" ? d.supervisor_approved_by : d.archivist_approved_by;
      if (mine) throw ArchiveErrors.ARCHIVE_DISPOSAL_ALREADY_APPROVED({ disposalId, as });
      if (other === me) throw ArchiveErrors.ARCHIVE_DISPOSAL_SAME_PERSON({ disposalId });
      const now = this.deps.clock.now();
      let updated = await this.deps.repo.updateDisposal(
        trx,
        disposalId,
        as === "archivist"
          ? { archivist_approved_by: me, archivist_approved_at: now }
          : { supervisor_approved_by: me, supervisor_approved_at: now },
      );
      await this.deps.audit.append(
        {
          type: "archives.disposal_approved",
          actor: me,
          subject: `archive:${d.package_id}`,
          payload: { disposalId, as },
        },
        trx,
      );
      const pkg = await this.deps.repo.lockPackage(d.package_id, trx);
      if (!pkg) throw ArchiveErrors.ARCHIVE_NOT_FOUND({ packageId: d.package_id });
      if (updated.archivist_approved_by && updated.supervisor_approved_by) {
        const result = await this.#destroy(trx, updated, pkg, now);
        updated = result.disposal;
        releaseSha = result.sha256;
      }
      return toDisposal({ ...updated, archive_no: pkg.archive_no });
    });
    if (releaseSha) await this.deps.files.releaseBlob(releaseSha);
    return out;
  }

  async #destroy(trx: Kysely<DB>, d: DisposalRow, pkg: PackageRow, now: Date) {
    if (pkg.status === "destroyed" || !pkg.file_id) throw ArchiveErrors.ARCHIVE_DESTROYED({ packageId: pkg.id });
    const record = destructionRecord(d, pkg, now);
    const { sha256 } = await this.deps.files.remove(pkg.file_id, trx);
    await this.deps.repo.markDestroyed(trx, pkg.id, now);
    const disposal = await this.deps.repo.updateDisposal(trx, d.id, {
      status: "destroyed",
      record: JSON.stringify(record),
    });
    await this.deps.audit.append(
      {
        type: DESTROYED_EVENT,
        actor: d.supervisor_approved_by ?? "system",
        subject: `archive:${pkg.id}`,
        payload: record,
        time: now,
      },
      trx,
    );
    return { disposal, sha256 };
  }

  async reject(p: Principal, disposalId: string): Promise<ArchiveDisposal> {
    return this.deps.db.transaction().execute(async (trx) => {
      const d = await this.deps.repo.lockDisposal(disposalId, trx);
      if (!d) throw ArchiveErrors.ARCHIVE_DISPOSAL_NOT_FOUND({ disposalId });
      if (d.status !== "proposed") throw ArchiveErrors.ARCHIVE_DISPOSAL_CLOSED({ disposalId });
      const updated = await this.deps.repo.updateDisposal(trx, disposalId, { status: "rejected" });
      await this.deps.audit.append(
        {
          type: "archives.disposal_rejected",
          actor: actorRef(p),
          subject: `archive:${d.package_id}`,
          payload: { disposalId },
        },
        trx,
      );
      const pkg = await this.deps.repo.findPackage(d.package_id, trx);
      return toDisposal({ ...updated, archive_no: pkg?.archive_no ?? "" });
    });
  }

  /** Whether the destruction record is in the audit log (hash and inclusion proof) and the bytes are gone. */
  async verify(disposalId: string) {
    const d = await this.deps.repo.findDisposal(disposalId);
    if (!d) throw ArchiveErrors.ARCHIVE_DISPOSAL_NOT_FOUND({ disposalId });
    if (!d.record) throw ArchiveErrors.ARCHIVE_DISPOSAL_CLOSED({ disposalId, status: d.status });
    const check = await auditRecordCheck(this.deps.db, {
      type: DESTROYED_EVENT,
      subject: `archive:${d.package_id}`,
      payload: d.record,
    });
    const sha = (d.record as { packageSha256?: string }).packageSha256 ?? "";
    let packageGone = true;
    try {
      await this.deps.files.blobs.get(sha);
      packageGone = false;
    } catch {
      packageGone = true;
    }
    return {
      verified: check.found && check.verified,
      leafIndex: check.leafIndex,
      recordSha256: check.payloadSha256,
      packageGone,
    };
  }
}

export function destructionRecord(d: DisposalRow, pkg: PackageRow, at: Date) {
  return {
    disposalId: d.id,
    packageId: pkg.id,
    archiveNo: pkg.archive_no,
    title: pkg.title,
    fonds: pkg.fonds,
    year: pkg.year,
    retention: pkg.retention,
    packageSha256: pkg.package_sha256,
    packageBytes: Number(pkg.package_bytes),
    metadataSha256: pkg.metadata_sha256,
    reason: d.reason,
    proposedBy: d.proposed_by,
    archivistApprovedBy: d.archivist_approved_by,
    archivistApprovedAt: d.archivist_approved_at?.toISOString() ?? null,
    supervisorApprovedBy: d.supervisor_approved_by,
    supervisorApprovedAt: d.supervisor_approved_at?.toISOString() ?? null,
    destroyedAt: at.toISOString(),
  };
}
