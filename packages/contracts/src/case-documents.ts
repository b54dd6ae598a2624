/** 文书 (issue 15): the sealed receipts and decision documents a case produces. */
import { z } from "zod";
import { isoInstant } from "./common.js";

export const CASE_DOCUMENT_KINDS = [
  "acceptance_receipt",
  "supplement_notice",
  "refusal_decision",
  "approval_decision",
  "denial_decision",
] as const;
export const CaseDocumentKind = z.enum(CASE_DOCUMENT_KINDS);
export type CaseDocumentKind = z.infer<typeof CaseDocumentKind>;

export const CaseDocument = z.object({
  id: z.uuid(),
  kind: CaseDocumentKind,
  /** 文书名称, e.g. 受理回执. */
  title: z.string(),
  /** 文号, from the issuing department's yearly sequence. */
  number: z.string(),
  departmentName: z.string(),
  issuedAt: isoInstant,
  /** SHA-256 of the sealed PDF (hex). */
  sha256: z.string(),
  /** Download path (authorised on every request); `?inline=1` opens it for printing. */
  url: z.string(),
});
export type CaseDocument = z.infer<typeof CaseDocument>;

export const CaseDocumentList = z.object({ items: z.array(CaseDocument) });
export type CaseDocumentList = z.infer<typeof CaseDocumentList>;

/** Public check of a 文书 PDF: its seal signature, then the register by the file's SHA-256 (no personal data). */
export const CaseDocumentVerifyResult = z.object({
  result: z.enum(["valid", "forged"]),
  /** Why not valid: the signature check's reason, UNKNOWN_DOCUMENT, or CONTENT_MISMATCH (another seal). */
  reason: z.string().nullable(),
  document: CaseDocument.pick({
    kind: true,
    title: true,
    number: true,
    departmentName: true,
    issuedAt: true,
  }).nullable(),
});
export type CaseDocumentVerifyResult = z.infer<typeof CaseDocumentVerifyResult>;
