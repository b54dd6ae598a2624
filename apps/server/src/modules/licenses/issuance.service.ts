/**
 * Issuing e-licenses (颁发电子证照). One transaction does it all: the GB/T 36904 identifier, a status list
 * position, the three renditions signed with the issuing department's seal key (the VC-JWT, the QR token,
 * and the PDF stamped and PAdES-signed by the seals module), the stored PDF, the row and the audit entry.
 * A failure anywhere leaves nothing behind; issuance from a case is retried by the event delivery.
 */

import { createHash } from "node:crypto";
import { maskIdNumber, maskName, normalizeIdNumber } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { localDate } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import { addYears, type LicenseDeps } from "./context.js";
import { licenseCredential, type StatusPurpose } from "./credential.js";
import { licenseIdentifier } from "./identifier.js";
import { signCompactJws } from "./jws.js";
import { fieldsOf } from "./mapping.js";
import { licensePdf } from "./pdf.js";
import { QR_TOKEN_TYPE, type QrClaims, verifyUrl } from "./qr.js";
import type { LicenseRow, LicenseTypeRow } from "./repository.js";

export type HolderInput =
  | { kind: "person"; name: string; idNumber: string; accountId: string | null }
  | { kind: "enterprise"; name: string; uscc: string; enterpriseId: string | null };

export interface IssueInput {
  type: LicenseTypeRow;
  departmentId: string;
  holder: HolderInput;
  /** Values by the type's field keys. */
  fields: Record<string, string>;
  /** Defaults to today (China); imports carry the original dates. */
  validFrom?: string;
  validUntil?: string | null;
  source: "case" | "import";
  caseId: string | null;
  /** Who issues: `system:licenses` after a decision, or the importing staff member. */
  issuedBy: string;
  /** The decision the issuance rests on (the approver), for the seal's audit entry. */
  onBehalfOf: string | null;
}

export const statusListUrl = (publicUrl: string, departmentCode: string, purpose: StatusPurpose) =>
  `${publicUrl}/api/licenses/status-lists/${departmentCode}/${purpose}`;
export const issuerUrl = (publicUrl: string, departmentCode: string) =>
  `${publicUrl}/api/licenses/issuers/${departmentCode}`;

export class LicenseIssuance {
  constructor(private readonly deps: LicenseDeps) {}

  async issue(trx: Kysely<DB>, input: IssueInput): Promise<LicenseRow> {
    const { deps } = this;
    const now = deps.clock.now();
    const department = await deps.departments.get(input.departmentId, trx);
    const seal = await deps.seals.issuingSeal(department.id, trx);
    const serial = await deps.repo.nextSerial(input.type.code, department.id, trx);
    const identifier = licenseIdentifier({
      typeCode: input.type.code,
      issuerCode: department.code,
      serial,
      version: 1,
    });
    const statusIndex = await deps.repo.nextStatusIndex(department.id, trx);
    const validFrom = input.validFrom ?? localDate(now, this.deps.timeZone);
    const validUntil =
      input.validUntil !== undefined
        ? input.validUntil
        : input.type.valid_years
          ? addYears(validFrom, input.type.valid_years)
          : null;
    const h: HolderInput =
      input.holder.kind === "person"
        ? { ...input.holder, idNumber: normalizeIdNumber(input.holder.idNumber) }
        : input.holder;
    const holderCode = h.kind === "enterprise" ? h.uscc : maskIdNumber(h.idNumber);
    const fields = Object.fromEntries(fieldsOf(input.type).map((f) => [f.key, input.fields[f.key] ?? ""]));
    const sign = (data: Buffer) => deps.seals.signBytes(seal, data, trx);

    const credential = await signCompactJws(
      { kid: seal.id, typ: "vc+jwt", cty: "vc" },
      licenseCredential({
        identifier,
        typeCode: input.type.code,
        typeName: input.type.name,
        issuer: { url: issuerUrl(deps.publicUrl, department.code), name: department.name, code: department.code },
        holder: { kind: h.kind, name: h.name, code: holderCode },
        fields,
        issuedAt: now,
        validFrom,
        validUntil,
        statusIndex,
        statusListUrl: (purpose) => statusListUrl(deps.publicUrl, department.code, purpose),
      }),
      sign,
    );
    const claims: QrClaims = {
      v: 1,
      id: identifier,
      t: input.type.code,
      h: maskName(h.name),
      u: validUntil,
      iat: Math.floor(now.getTime() / 1000),
    };
    const qrToken = await signCompactJws({ kid: seal.id, typ: QR_TOKEN_TYPE }, claims, sign);

    const unsigned = await licensePdf({
      identifier,
      typeName: input.type.name,
      holderLabel: h.kind === "enterprise" ? "持证主体" : "持证人",
      holderName: h.name,
      holderCode,
      holderCodeLabel: h.kind === "enterprise" ? "统一社会信用代码" : "公民身份号码",
      fields: fieldsOf(input.type).map((f) => ({ label: f.label, value: fields[f.key] })),
      issuerName: department.name,
      issuedOn: localDate(now, this.deps.timeZone),
      validFrom,
      validUntil,
      qrText: verifyUrl(deps.publicUrl, qrToken),
    });
    const pdf = await deps.seals.sealDocument(
      trx,
      seal,
      unsigned,
      `颁发电子证照 Issue e-license ${identifier}`,
      input.onBehalfOf,
    );
    const stored = await deps.files.put(
      pdf,
      { name: `${identifier}.pdf`, contentType: "application/pdf", createdBy: "system:licenses" },
      trx,
    );

    const row = await deps.repo.insert(
      {
        identifier,
        type_code: input.type.code,
        department_id: department.id,
        serial,
        holder_kind: h.kind,
        holder_name: h.name,
        holder_uscc: h.kind === "enterprise" ? h.uscc : null,
        holder_id_enc: h.kind === "person" ? deps.pii.encrypt("id_number", h.idNumber) : null,
        holder_id_bidx: h.kind === "person" ? deps.pii.blindIndex("id_number", h.idNumber) : null,
        holder_enterprise_id: h.kind === "enterprise" ? h.enterpriseId : null,
        holder_account_id: h.kind === "person" ? h.accountId : null,
        fields: JSON.stringify(fields),
        issued_at: now,
        valid_from: validFrom,
        valid_until: validUntil,
        status_reason: null,
        status_changed_at: null,
        status_index: statusIndex,
        source: input.source,
        case_id: input.caseId,
        seal_id: seal.id,
        pdf_file_id: stored.id,
        pdf_sha256: createHash("sha256").update(pdf).digest("hex"),
        credential,
        qr_token: qrToken,
        issued_by: input.issuedBy,
      },
      trx,
    );
    await deps.audit.append(
      {
        type: "license.issued",
        actor: input.issuedBy,
        subject: `license:${row.id}`,
        payload: {
          identifier,
          typeCode: input.type.code,
          departmentId: department.id,
          sealId: seal.id,
          source: input.source,
          caseId: input.caseId,
          holderKind: h.kind,
          pdfSha256: row.pdf_sha256,
          ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {}),
        },
        time: now,
      },
      trx,
    );
    await deps.events.publish(trx, {
      type: "license.issued",
      subject: `license:${row.id}`,
      payload: { licenseId: row.id, identifier, typeCode: input.type.code, caseId: input.caseId },
    });
    return row;
  }
}
