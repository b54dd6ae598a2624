/**
 * The payload of a case's archive package (SIP → AIP in one step; OAIS terms): data/metadata.json (the
 * catalogued metadata), data/case.json (case metadata and form data), data/materials/NN.<ext> (the
 * materials' stored files), data/licenses/license.pdf and license.vc.jwt (the issued license: sealed PDF
 * and verifiable credential), data/history.json (the case's action history) and data/audit.json (the
 * audit entries about the case and its license, with inclusion proofs to the tree they were read at).
 * Payload file names are chosen here (ASCII, short); the original names are in case.json.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { auditExcerpt } from "../audit/index.js";
import type { CaseArchiveSource } from "../cases/index.js";
import type { CaseLicenseForArchive } from "../licenses/index.js";
import type { PayloadFile } from "./bagit.js";
import type { ArchiveDeps } from "./context.js";

const EXT: Record<string, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "application/ofd": "ofd",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, "utf8");

/** Every payload file but data/metadata.json (its file count depends on these). */
export async function casePayload(
  deps: Pick<ArchiveDeps, "files">,
  trx: Kysely<DB>,
  src: CaseArchiveSource,
  license: CaseLicenseForArchive | null,
): Promise<PayloadFile[]> {
  const files: PayloadFile[] = [];
  const materials: Record<string, unknown>[] = [];
  let n = 0;
  for (const m of src.materials) {
    let path: string | null = null;
    if (m.fileId) {
      const { bytes, meta } = await deps.files.get(m.fileId, trx);
      n += 1;
      path = `materials/${String(n).padStart(2, "0")}.${EXT[meta.contentType] ?? "bin"}`;
      files.push({ path, bytes });
    }
    materials.push({
      material: m.material,
      fileName: m.fileName,
      sha256: m.sha256,
      path,
      licenseId: m.licenseId,
      addedAt: m.addedAt,
    });
  }
  const v = src.view;
  let licenseInfo: Record<string, unknown> | null = null;
  if (license) {
    licenseInfo = {
      identifier: license.identifier,
      typeCode: license.typeCode,
      status: license.status,
      issuedAt: license.issuedAt,
    };
    if (license.pdfFileId) {
      files.push({ path: "licenses/license.pdf", bytes: (await deps.files.get(license.pdfFileId, trx)).bytes });
      licenseInfo.pdf = "licenses/license.pdf";
    }
    files.push({ path: "licenses/license.vc.jwt", bytes: Buffer.from(license.credential, "utf8") });
    licenseInfo.credential = "licenses/license.vc.jwt";
  }
  files.push({
    path: "case.json",
    bytes: json({
      caseId: v.caseId,
      number: v.number,
      itemCode: v.itemCode,
      itemVersion: v.itemVersion,
      itemName: v.itemName,
      outcome: v.outcome,
      status: src.status,
      applicant: v.applicantName,
      enterprise: v.enterprise ? { uscc: v.enterprise.uscc, name: v.enterprise.name } : null,
      departments: src.departments,
      decidedBy: v.decidedBy,
      submittedAt: src.submittedAt,
      closedAt: src.closedAt,
      form: v.form,
      materials,
      license: licenseInfo,
    }),
  });
  files.push({ path: "history.json", bytes: json(src.history) });
  const subjects = [`case:${v.caseId}`];
  const excerpt = await auditExcerpt(trx, subjects);
  files.push({ path: "audit.json", bytes: json({ subjects, ...excerpt }) });
  return files;
}
