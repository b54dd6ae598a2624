/**
 * 移交接收 (DA/T 93-2022): a package from another archives system arrives as a BagIt tar. It is checked
 * with the same items before anything is stored; a failing package is refused (422 with the report) and
 * leaves nothing behind. An accepted one keeps its own 档号 and fonds (the transferring archive numbered
 * it), is stored as received byte for byte, audited, and from then on checked on the schedule like ours.
 */

import { RETENTION_CLASS_TERMS, type TransferReceipt } from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import { canonicalJson } from "../audit/index.js";
import type { ArchivingService } from "./archiving.service.js";
import { parseBag, sha256Hex } from "./bagit.js";
import { checkPackage, passed } from "./checks.js";
import { type ArchiveDeps, actorRef } from "./context.js";
import { ArchiveErrors } from "./errors.js";
import { extractText, searchVector } from "./fulltext.js";
import { TarFormatError } from "./tar.js";

const RETENTION_CODES = new Set<string>(RETENTION_CLASS_TERMS.map((t) => t.code));

export class TransferService {
  constructor(
    private readonly deps: ArchiveDeps,
    private readonly archiving: ArchivingService,
  ) {}

  async receive(p: Principal, tar: Buffer): Promise<TransferReceipt> {
    let bag: ReturnType<typeof parseBag>;
    try {
      bag = parseBag(tar);
    } catch (err) {
      if (err instanceof TarFormatError) throw ArchiveErrors.ARCHIVE_TRANSFER_UNREADABLE({ reason: err.message });
      throw err;
    }
    // An unknown retention class is a plain input error, named as such before the full report.
    const metaBytes = bag.files.get("data/metadata.json");
    let declared: Record<string, unknown> | null = null;
    try {
      declared = metaBytes ? (JSON.parse(metaBytes.toString("utf8")) as Record<string, unknown>) : null;
    } catch {
      declared = null;
    }
    if (declared && typeof declared.retention === "string" && !RETENTION_CODES.has(declared.retention))
      throw ArchiveErrors.ARCHIVE_RETENTION_UNKNOWN({ retention: declared.retention });
    const packageSha256 = sha256Hex(tar);
    const results = await checkPackage(tar, { packageSha256 });
    if (!passed(results) || !declared)
      throw ArchiveErrors.ARCHIVE_TRANSFER_INVALID({
        failed: results.filter((r) => r.outcome === "fail").map((r) => r.code),
        report: results,
      });
    const m = declared as {
      archiveNo: string;
      fonds: string;
      year: number;
      retention: string;
      title: string;
      responsible: string;
      applicant: string;
      caseNumber: string | null;
    };
    const at = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      if (await this.deps.repo.existsArchiveNo(m.archiveNo, packageSha256, trx))
        throw ArchiveErrors.ARCHIVE_TRANSFER_DUPLICATE({ archiveNo: m.archiveNo });
      const file = await this.deps.files.put(
        tar,
        { name: `${m.archiveNo}.tar`, contentType: "application/x-tar", createdBy: p.id },
        trx,
      );
      const files: Record<string, { size: number; sha256: string }> = {};
      for (const [path, bytes] of bag.files) files[path] = { size: bytes.length, sha256: sha256Hex(bytes) };
      const row = await this.deps.repo.insertPackage(trx, {
        archive_no: m.archiveNo,
        fonds: m.fonds,
        year: m.year,
        retention: m.retention,
        seq: Number(/(\d+)$/.exec(m.archiveNo)?.[1] ?? 0),
        title: m.title,
        source: "transfer",
        case_id: null,
        external_id: packageSha256,
        metadata: declared,
        metadata_sha256: sha256Hex(Buffer.from(canonicalJson(declared))),
        file_id: file.id,
        package_sha256: packageSha256,
        package_bytes: tar.length,
        files,
        archived_at: at,
        destroyed_at: null,
        last_check_passed: null,
        search_text: [m.archiveNo, m.title, m.responsible, m.applicant, m.caseNumber ?? ""].join(" "),
        search_vector: searchVector(
          [m.title, m.responsible, m.applicant, m.caseNumber],
          extractText(
            [...bag.files]
              .filter(([path]) => path.startsWith("data/"))
              .map(([path, bytes]) => [path.slice("data/".length), bytes] as const),
          ),
        ),
      });
      await this.archiving.record(trx, row, declared, "receipt", results, { receivedBy: actorRef(p) });
      return { accepted: true, packageId: row.id, archiveNo: row.archive_no, report: results };
    });
  }
}
