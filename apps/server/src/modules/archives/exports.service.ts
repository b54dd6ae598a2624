/**
 * 移交 (DA/T 93-2022): the archivist exports a set of packages to a receiving archive, and records its
 * receipt. The transfer is a tar holding each package's stored tar unchanged (`<档号>.tar`, so its SHA-256
 * is the one recorded at archiving) and `transfer-manifest.json` listing 档号, SHA-256, bytes and file
 * counts. The manifest's SHA-256 is recorded with the export; the receiving archive's acknowledgement must
 * carry it (it names exactly what was received), which moves the export from exported to received.
 * Both steps are audited; the packages stay here (destroying them is a disposal, not part of a transfer).
 */
import type { Principal } from "../../platform/auth/permissions.js";
import { canonicalJson } from "../audit/index.js";
import { sha256Hex } from "./bagit.js";
import { type ArchiveDeps, actorRef } from "./context.js";
import { ArchiveErrors } from "./errors.js";
import { writeTar } from "./tar.js";

export const TRANSFER_MANIFEST = "transfer-manifest.json";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TransferManifest {
  transferId: string;
  standard: "DA/T 93-2022";
  sender: string;
  receiver: string;
  exportedAt: string;
  packages: { archiveNo: string; sha256: string; bytes: number; fileCount: number; path: string }[];
}

export interface ExportResult {
  id: string;
  status: "exported" | "received";
  manifestSha256: string;
  tar: Buffer;
}

export class ExportService {
  constructor(private readonly deps: ArchiveDeps) {}

  async export(p: Principal, packageIds: readonly string[], receiver: string): Promise<ExportResult> {
    const ids = [...new Set(packageIds)];
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const entries: { path: string; bytes: Buffer }[] = [];
      const listed: TransferManifest["packages"] = [];
      for (const id of ids) {
        const row = UUID.test(id) ? await this.deps.repo.findPackage(id, trx) : undefined;
        if (!row || row.status === "destroyed" || !row.package_sha256)
          throw ArchiveErrors.ARCHIVE_EXPORT_UNAVAILABLE({ id });
        const tar = await this.deps.files.blobs.get(row.package_sha256);
        const path = `${row.archive_no}.tar`;
        entries.push({ path, bytes: tar });
        listed.push({
          archiveNo: row.archive_no,
          sha256: sha256Hex(tar),
          bytes: tar.length,
          fileCount: Object.keys(row.files as Record<string, unknown>).length,
          path,
        });
      }
      const inserted = await trx
        .insertInto("archive_exports")
        .values({
          receiver,
          manifest: "{}",
          manifest_sha256: "",
          exported_by: actorRef(p),
          exported_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const manifest: TransferManifest = {
        transferId: inserted.id,
        standard: "DA/T 93-2022",
        sender: "Yiwang",
        receiver,
        exportedAt: now.toISOString(),
        packages: listed,
      };
      const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8");
      const manifestSha256 = sha256Hex(manifestBytes);
      await trx
        .updateTable("archive_exports")
        .set({ manifest: canonicalJson(manifest), manifest_sha256: manifestSha256 })
        .where("id", "=", inserted.id)
        .execute();
      await this.deps.audit.append(
        {
          type: "archives.exported",
          actor: actorRef(p),
          subject: `archive-export:${inserted.id}`,
          payload: { receiver, manifestSha256, archiveNos: listed.map((l) => l.archiveNo) },
        },
        trx,
      );
      const tar = writeTar(
        [{ path: TRANSFER_MANIFEST, bytes: manifestBytes }, ...entries],
        Math.floor(now.getTime() / 1000),
      );
      return { id: inserted.id, status: "exported", manifestSha256, tar };
    });
  }

  /** Records the receiving archive's acknowledgement, which must name the manifest's SHA-256. */
  async receipt(
    p: Principal,
    id: string,
    ack: { manifestSha256: string; receivedBy: string; note?: string },
  ): Promise<{ id: string; status: "received"; manifestSha256: string; receivedAt: string }> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = UUID.test(id)
        ? await trx.selectFrom("archive_exports").selectAll().where("id", "=", id).forUpdate().executeTakeFirst()
        : undefined;
      if (!row) throw ArchiveErrors.ARCHIVE_EXPORT_NOT_FOUND({ id });
      if (row.status === "received") throw ArchiveErrors.ARCHIVE_EXPORT_RECEIVED({ id });
      if (ack.manifestSha256.toLowerCase() !== row.manifest_sha256)
        throw ArchiveErrors.ARCHIVE_RECEIPT_MISMATCH({ id });
      const at = this.deps.clock.now();
      await trx
        .updateTable("archive_exports")
        .set({ status: "received", received_at: at, receipt: JSON.stringify({ ...ack, recordedBy: actorRef(p) }) })
        .where("id", "=", id)
        .execute();
      await this.deps.audit.append(
        {
          type: "archives.export_received",
          actor: actorRef(p),
          subject: `archive-export:${id}`,
          payload: { manifestSha256: row.manifest_sha256, receivedBy: ack.receivedBy },
        },
        trx,
      );
      return { id, status: "received", manifestSha256: row.manifest_sha256, receivedAt: at.toISOString() };
    });
  }
}
