/**
 * What the archives module reads of a case's issued license to put it into the case's archive package:
 * the identifier, the sealed PDF's stored file and the VC-JWT — in the caller's transaction.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { LicenseRepository } from "./repository.js";

export interface CaseLicenseForArchive {
  identifier: string;
  typeCode: string;
  status: string;
  issuedAt: string;
  pdfFileId: string | null;
  pdfSha256: string | null;
  credential: string;
}

export function caseLicenseReader(repo: LicenseRepository) {
  return async (caseId: string, trx: Kysely<DB>): Promise<CaseLicenseForArchive | null> => {
    const row = await repo.findByCase(caseId, trx);
    if (!row) return null;
    return {
      identifier: row.identifier,
      typeCode: row.type_code,
      status: row.status,
      issuedAt: row.issued_at.toISOString(),
      pdfFileId: row.pdf_file_id,
      pdfSha256: row.pdf_sha256,
      credential: row.credential,
    };
  };
}
