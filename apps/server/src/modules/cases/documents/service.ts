/**
 * Reading a case's 文书: whoever may read the case (its applicant, staff with case.read in one of its
 * departments) lists them and downloads their sealed PDFs; a citizen who is not the applicant gets 404.
 * Anyone holding a copy may check it (`verify`), as license PDFs are checked: the answer names the
 * document, never the applicant.
 */
import { createHash } from "node:crypto";
import type { CaseDocument, CaseDocumentKind, CaseDocumentVerifyResult } from "@yiwang/contracts";
import type { Principal } from "../../../platform/auth/permissions.js";
import type { SealService } from "../../seals/index.js";
import { assertReadable } from "../access.js";
import type { CaseDeps } from "../context.js";
import { CaseErrors } from "../errors.js";
import { DOCUMENT_TITLES } from "./content.js";
import type { CaseDocumentRepository, CaseDocumentRow } from "./repository.js";

export const documentUrl = (caseId: string, id: string) => `/api/cases/${caseId}/documents/${id}/pdf`;

export class CaseDocuments {
  constructor(
    private readonly deps: CaseDeps,
    private readonly repo: CaseDocumentRepository,
    private readonly seals: SealService,
  ) {}

  async list(p: Principal, caseId: string): Promise<{ items: CaseDocument[] }> {
    await this.readable(p, caseId);
    const rows = await this.repo.forCase(caseId);
    // The directory is keyed by department key; documents name the department by id.
    const names = new Map([...(await this.deps.departments()).values()].map((d) => [d.id, d.name]));
    return { items: rows.map((r) => toDocument(r, names.get(r.department_id) ?? "")) };
  }

  async pdf(p: Principal, caseId: string, id: string): Promise<{ name: string; bytes: Buffer }> {
    await this.readable(p, caseId);
    const row = await this.repo.find(caseId, id);
    if (!row) throw CaseErrors.CASE_DOCUMENT_NOT_FOUND({ id });
    const file = await this.deps.files.get(row.file_id);
    return { name: `${DOCUMENT_TITLES[row.kind as CaseDocumentKind]}-${row.number}.pdf`, bytes: file.bytes };
  }

  /** The seal signature first (a changed or re-signed file is not the one issued), then the register. */
  async verify(bytes: Buffer): Promise<CaseDocumentVerifyResult> {
    const { check, seal } = await this.seals.verifyPdf(bytes);
    const forged = (reason: string) => ({ result: "forged" as const, reason, document: null });
    if (check.status !== "valid") return forged(check.reason);
    const row = await this.repo.findBySha256(createHash("sha256").update(bytes).digest("hex"));
    if (!row) return forged("UNKNOWN_DOCUMENT");
    if (seal?.id !== row.seal_id) return forged("CONTENT_MISMATCH");
    const names = new Map([...(await this.deps.departments()).values()].map((d) => [d.id, d.name]));
    const { kind, title, number, departmentName, issuedAt } = toDocument(row, names.get(row.department_id) ?? "");
    return { result: "valid", reason: null, document: { kind, title, number, departmentName, issuedAt } };
  }

  private async readable(p: Principal, caseId: string) {
    const row = await this.deps.repo.find(caseId);
    if (!row) throw CaseErrors.CASE_NOT_FOUND({ id: caseId });
    assertReadable(p, row);
  }
}

function toDocument(r: CaseDocumentRow, departmentName: string): CaseDocument {
  const kind = r.kind as CaseDocumentKind;
  return {
    id: r.id,
    kind,
    title: DOCUMENT_TITLES[kind],
    number: r.number,
    departmentName,
    issuedAt: r.issued_at.toISOString(),
    sha256: r.sha256,
    url: documentUrl(r.case_id, r.id),
  };
}
