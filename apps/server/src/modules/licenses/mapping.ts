import {
  type LicenseStatus,
  type LicenseSummary,
  type LicenseTypeDetail,
  type LicenseTypeField,
  maskIdNumber,
} from "@yiwang/contracts";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { LicenseRow, LicenseTypeRow } from "./repository.js";

export const fieldsOf = (t: LicenseTypeRow) => (t.fields ?? []) as LicenseTypeField[];

export function toTypeDetail(t: LicenseTypeRow): LicenseTypeDetail {
  return {
    code: t.code,
    name: t.name,
    nameEn: t.name_en,
    issuer: t.issuer,
    holder: t.holder as LicenseTypeDetail["holder"],
    validYears: t.valid_years,
    fields: fieldsOf(t),
  };
}

/** The stored status, or `expired` once the validity has passed (`today`: the platform's local date). */
export function effectiveStatus(row: Pick<LicenseRow, "status" | "valid_until">, today: string): LicenseStatus {
  if (row.status !== "valid") return row.status;
  return row.valid_until && row.valid_until < today ? "expired" : "valid";
}

/** The holder as shown to anyone but the holder's own record: a person's ID number masked. */
export function holderOf(
  row: Pick<LicenseRow, "holder_kind" | "holder_name" | "holder_uscc" | "holder_id_enc">,
  pii: PiiCipher,
): LicenseSummary["holder"] {
  if (row.holder_kind === "enterprise")
    return { kind: "enterprise", name: row.holder_name, code: row.holder_uscc ?? "" };
  const id = row.holder_id_enc ? pii.decrypt("id_number", row.holder_id_enc) : "";
  return { kind: "person", name: row.holder_name, code: id ? maskIdNumber(id) : "" };
}

export interface Issuer {
  id: string;
  code: string;
  name: string;
}

export function toSummary(
  row: LicenseRow,
  type: LicenseTypeRow,
  issuer: Issuer,
  pii: PiiCipher,
  today: string,
): LicenseSummary {
  return {
    id: row.id,
    identifier: row.identifier,
    typeCode: row.type_code,
    typeName: type.name,
    typeNameEn: type.name_en,
    issuer,
    holder: holderOf(row, pii),
    issuedAt: row.issued_at.toISOString(),
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    status: effectiveStatus(row, today),
    statusReason: row.status_reason,
    source: row.source,
    caseId: row.case_id,
  };
}

export function fieldValues(row: LicenseRow, type: LicenseTypeRow) {
  const values = (row.fields ?? {}) as Record<string, string>;
  return fieldsOf(type).map((f) => ({
    key: f.key,
    label: f.label,
    labelEn: f.labelEn ?? null,
    value: values[f.key] ?? "",
  }));
}
