import { z } from "zod";
import { LicenseType, LicenseTypeCode } from "./catalog.js";
import { uuid } from "./common.js";

/** A field an e-license of a type carries; `formKey` names the application form property that fills it. */
export const LicenseTypeField = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, { message: "字段键无效 / Invalid field key" }),
  label: z.string().trim().min(1).max(40),
  labelEn: z.string().trim().max(80).nullish(),
  formKey: z.string().trim().max(60).nullish(),
});
export type LicenseTypeField = z.infer<typeof LicenseTypeField>;

/** A license type as the licenses module manages it: the catalog's reference plus validity and fields. */
export const LicenseTypeDetail = LicenseType.extend({
  validYears: z.number().int().nullable(),
  fields: z.array(LicenseTypeField),
}).meta({ id: "LicenseTypeDetail" });
export type LicenseTypeDetail = z.infer<typeof LicenseTypeDetail>;
export const LicenseTypeDetailList = z.object({ items: z.array(LicenseTypeDetail) });

export const LicenseTypeUpdate = z
  .object({
    name: z.string().trim().min(2).max(60),
    nameEn: z.string().trim().max(120).nullish(),
    validYears: z.number().int().min(1).max(100).nullable(),
    fields: z.array(LicenseTypeField).max(30),
  })
  .refine((v) => new Set(v.fields.map((f) => f.key)).size === v.fields.length, {
    message: "字段键重复 / Duplicate field keys",
    path: ["fields"],
  });
export type LicenseTypeUpdate = z.infer<typeof LicenseTypeUpdate>;
export { LicenseTypeCode };

/** Stored status plus `expired`, which is computed from the validity on every read. */
export const LicenseStatus = z.enum(["valid", "suspended", "revoked", "expired"]);
export type LicenseStatus = z.infer<typeof LicenseStatus>;

export const LicenseHolder = z.object({
  kind: z.enum(["person", "enterprise"]),
  name: z.string(),
  /** Person: the ID number masked (9901**********1286). Enterprise: the USCC (public). */
  code: z.string(),
});
export type LicenseHolder = z.infer<typeof LicenseHolder>;

export const LicenseSummary = z
  .object({
    id: uuid,
    identifier: z.string().describe("GB/T 36904 identifier"),
    typeCode: z.string(),
    typeName: z.string(),
    typeNameEn: z.string().nullable(),
    issuer: z.object({ id: uuid, code: z.string(), name: z.string() }),
    holder: LicenseHolder,
    issuedAt: z.string(),
    validFrom: z.string(),
    validUntil: z.string().nullable(),
    status: LicenseStatus,
    statusReason: z.string().nullable(),
    source: z.enum(["case", "import"]),
    caseId: uuid.nullable(),
  })
  .meta({ id: "LicenseSummary" });
export type LicenseSummary = z.infer<typeof LicenseSummary>;

export const LicenseFieldValue = z.object({
  key: z.string(),
  label: z.string(),
  labelEn: z.string().nullable(),
  value: z.string(),
});

export const LicenseDetail = LicenseSummary.extend({
  fields: z.array(LicenseFieldValue),
  /** The compact signed token the QR code carries. */
  qrToken: z.string(),
  /** What the QR code encodes: the public verification page with the token in the fragment. */
  verifyUrl: z.string(),
  /** The W3C Verifiable Credential (data model 2.0) as a JWT signed by the issuing department. */
  credential: z.string(),
  hasPdf: z.boolean(),
}).meta({ id: "LicenseDetail" });
export type LicenseDetail = z.infer<typeof LicenseDetail>;

export const LicenseList = z.object({ items: z.array(LicenseSummary), total: z.number().int() });
export type LicenseList = z.infer<typeof LicenseList>;

export const LicenseListQuery = z.object({
  typeCode: LicenseTypeCode.optional(),
  status: LicenseStatus.optional(),
  /**
   * Wallet only: `person` lists the signed-in person's own licenses even while they act for an enterprise
   * (a material about them, such as 法定代表人身份证明); `enterprise` the enterprise's they act for. Default:
   * the identity they act as.
   */
  holder: z.enum(["person", "enterprise"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type LicenseListQuery = z.infer<typeof LicenseListQuery>;

export const LicenseStatusChange = z.object({
  status: z.enum(["valid", "suspended", "revoked"]),
  reason: z.string().trim().min(2).max(500),
});
export type LicenseStatusChange = z.infer<typeof LicenseStatusChange>;

/** Public verification: exactly one of a QR token or a credential (JWT); a PDF goes to `/verify/pdf`. */
export const VerifyRequest = z
  .object({
    token: z.string().trim().min(1).max(4000).optional(),
    credential: z.string().trim().min(1).max(20000).optional(),
  })
  .refine((v) => (v.token ? 1 : 0) + (v.credential ? 1 : 0) === 1, {
    message: "请提供二维码令牌或电子证照凭证之一 / Give exactly one of token or credential",
  });
export type VerifyRequest = z.infer<typeof VerifyRequest>;

export const VerifyOutcome = z.enum(["valid", "revoked", "suspended", "expired", "forged"]);
export type VerifyOutcome = z.infer<typeof VerifyOutcome>;

/**
 * What the PAdES signature of an uploaded PDF says on its own (`seals/pdf-verify.ts`): `valid`;
 * `modified` — the signed revision verifies but bytes were appended after it (an incremental update);
 * `forged`. A `modified` PDF is still answered `result: "forged"` (it is not the document issued).
 */
export const PdfSignatureStatus = z.enum(["valid", "modified", "forged"]);
export type PdfSignatureStatus = z.infer<typeof PdfSignatureStatus>;

// PDF_SIGNATURE_REASONS (the stable reason codes of a PDF signature check) is in ./licenses-vocabulary.ts: the
// web's verify page imports it without zod.

export const VerifyResult = z
  .object({
    result: VerifyOutcome,
    /**
     * Why a document is reported forged: a stable code (SIGNATURE_INVALID, UNKNOWN_LICENSE, … and for a
     * PDF one of PDF_SIGNATURE_REASONS).
     */
    reason: z.string().nullable(),
    /** Only for a PDF: its signature's own verdict, reason code and the time it was judged at. */
    pdfSignature: z
      .object({
        status: PdfSignatureStatus,
        reason: z.string().nullable(),
        signingTime: z.string().nullable(),
      })
      .optional(),
    checkedAt: z.string(),
    license: z
      .object({
        identifier: z.string(),
        typeCode: z.string(),
        typeName: z.string(),
        typeNameEn: z.string().nullable(),
        issuer: z.object({ code: z.string(), name: z.string() }),
        holder: LicenseHolder,
        issuedAt: z.string(),
        validUntil: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: "LicenseVerifyResult" });
export type VerifyResult = z.infer<typeof VerifyResult>;

export const LicenseImportResult = z.object({
  imported: z.number().int(),
  identifiers: z.array(z.string()),
  errors: z.array(
    z.object({ row: z.number().int(), column: z.string().nullable(), code: z.string(), message: z.string() }),
  ),
});
export type LicenseImportResult = z.infer<typeof LicenseImportResult>;

/** What a department handling a case sees of a license attached by reference (免提交). */
export const LicenseUseView = z.object({
  licenseId: uuid,
  material: z.string(),
  consentedAt: z.string(),
  license: LicenseSummary,
  fields: z.array(LicenseFieldValue),
  verification: VerifyOutcome,
  flaggedAt: z.string().nullable(),
});
export type LicenseUseView = z.infer<typeof LicenseUseView>;
export const LicenseUseList = z.object({ items: z.array(LicenseUseView) });
