/**
 * Issuing e-licenses (颁发电子证照), in two steps inside the caller's one transaction: `#render` allocates
 * the GB/T 36904 identifier and a status list position and builds the three renditions signed with the
 * issuing department's seal key (the VC-JWT, the QR token, and the PDF stamped and PAdES-signed by the
 * seals module); `#persist` stores the PDF, the row, the audit entry and the `license.issued` event.
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
import { JWS_ALG, signCompactJws } from "./jws.js";
import { fieldsOf } from "./mapping.js";
import { licensePdf } from "./pdf.js";
import { QR_TOKEN_TYPE, type QrClaims, verifyUrl } from "./qr.js";
import type { LicenseRow, LicenseTypeRow } from "./repository.js";

type Department = { id: string; code: string; name: string };

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
    const rendered = await this.#render(trx, input);
    return this.#persist(trx, input, rendered);
  }

  /** Numbers and renditions: everything the license is, signed, before anything of it is stored. */
  async #render(trx: Kysely<DB>, input: IssueInput): Promise<Rendered> {
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
    const validFrom = input.validFrom ?? localDate(now, deps.timeZone);
    const validUntil =
      input.validUntil !== undefined
        ? input.validUntil
        : input.type.valid_years
          ? addYears(validFrom, input.type.valid_years)
          : null;
    const holder: HolderInput =
      input.holder.kind === "person"
        ? { ...input.holder, idNumber: normalizeIdNumber(input.holder.idNumber) }
        : input.holder;
    const holderCode = holder.kind === "enterprise" ? holder.uscc : maskIdNumber(holder.idNumber);
    const fields = Object.fromEntries(fieldsOf(input.type).map((f) => [f.key, input.fields[f.key] ?? ""]));
    const sign = (data: Buffer) => deps.seals.signBytes(seal, data, trx);
    const alg = JWS_ALG[seal.algorithm];

    const credential = await signCompactJws(
      { alg, kid: seal.id, typ: "vc+jwt", cty: "vc" },
      licenseCredential({
        identifier,
        typeCode: input.type.code,
        typeName: input.type.name,
        issuer: { url: issuerUrl(deps.publicUrl, department.code), name: department.name, code: department.code },
        holder: { kind: holder.kind, name: holder.name, code: holderCode },
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
      h: maskName(holder.name),
      u: validUntil,
      iat: Math.floor(now.getTime() / 1000),
    };
    const qrToken = await signCompactJws({ alg, kid: seal.id, typ: QR_TOKEN_TYPE }, claims, sign);

    const unsigned = await licensePdf({
      identifier,
      typeName: input.type.name,
      holderLabel: holder.kind === "enterprise" ? "持证主体" : "持证人",
      holderName: holder.name,
      holderCode,
      holderCodeLabel: holder.kind === "enterprise" ? "统一社会信用代码" : "公民身份号码",
      fields: fieldsOf(input.type).map((f) => ({ label: f.label, value: fields[f.key] })),
      issuerName: department.name,
      issuedOn: localDate(now, deps.timeZone),
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
    return {
      now,
      department,
      sealId: seal.id,
      serial,
      identifier,
      statusIndex,
      validFrom,
      validUntil,
      holder,
      fields,
      credential,
      qrToken,
      pdf,
    };
  }

  /** Stores what `#render` built: the PDF file, the license row, its audit entry and event. */
  async #persist(trx: Kysely<DB>, input: IssueInput, r: Rendered): Promise<LicenseRow> {
    const { deps } = this;
    const h = r.holder;
    const stored = await deps.files.put(
      r.pdf,
      { name: `${r.identifier}.pdf`, contentType: "application/pdf", createdBy: "system:licenses" },
      trx,
    );
    const row = await deps.repo.insert(
      {
        identifier: r.identifier,
        type_code: input.type.code,
        department_id: r.department.id,
        serial: r.serial,
        holder_kind: h.kind,
        holder_name: h.name,
        holder_uscc: h.kind === "enterprise" ? h.uscc : null,
        holder_id_enc: h.kind === "person" ? deps.pii.encrypt("id_number", h.idNumber) : null,
        holder_id_bidx: h.kind === "person" ? deps.pii.blindIndex("id_number", h.idNumber) : null,
        holder_enterprise_id: h.kind === "enterprise" ? h.enterpriseId : null,
        holder_account_id: h.kind === "person" ? h.accountId : null,
        fields: JSON.stringify(r.fields),
        issued_at: r.now,
        valid_from: r.validFrom,
        valid_until: r.validUntil,
        status_reason: null,
        status_changed_at: null,
        status_index: r.statusIndex,
        source: input.source,
        case_id: input.caseId,
        seal_id: r.sealId,
        pdf_file_id: stored.id,
        pdf_sha256: createHash("sha256").update(r.pdf).digest("hex"),
        credential: r.credential,
        qr_token: r.qrToken,
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
          identifier: r.identifier,
          typeCode: input.type.code,
          departmentId: r.department.id,
          sealId: r.sealId,
          source: input.source,
          caseId: input.caseId,
          holderKind: h.kind,
          pdfSha256: row.pdf_sha256,
          ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {}),
        },
        time: r.now,
      },
      trx,
    );
    await deps.events.publish(trx, {
      type: "license.issued",
      subject: `license:${row.id}`,
      payload: { licenseId: row.id, identifier: r.identifier, typeCode: input.type.code, caseId: input.caseId },
    });
    return row;
  }
}

/** What `#render` builds and `#persist` stores. */
interface Rendered {
  now: Date;
  department: Department;
  sealId: string;
  serial: number;
  identifier: string;
  statusIndex: number;
  validFrom: string;
  validUntil: string | null;
  /** With the ID number normalised. */
  holder: HolderInput;
  fields: Record<string, string>;
  credential: string;
  qrToken: string;
  /** Stamped and PAdES-signed. */
  pdf: Buffer;
}
