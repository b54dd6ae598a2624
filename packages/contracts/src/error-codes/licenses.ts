import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of licenses 电子证照. Codes are part of the API contract: never rename one. */
export const LicenseErrorCodes = {
  LICENSE_NOT_FOUND: { status: 404, message: "电子证照不存在", messageEn: "No such e-license" },
  LICENSE_TYPE_NOT_FOUND: { status: 404, message: "证照类型不存在", messageEn: "No such license type" },
  LICENSE_NO_PDF: { status: 404, message: "该证照没有版式文件", messageEn: "This license has no PDF rendition" },
  LICENSE_STATUS_UNCHANGED: {
    status: 409,
    message: "证照已是该状态",
    messageEn: "The license already has this status",
  },
  LICENSE_REVOKED_FINAL: {
    status: 409,
    message: "已注销的证照不能恢复或变更",
    messageEn: "A revoked license cannot be restored or changed",
  },
  LICENSE_IMPORT_INVALID: {
    status: 422,
    message: "导入文件有错误，未导入任何证照",
    messageEn: "The import file has errors; nothing was imported",
  },
  LICENSE_IMPORT_EMPTY: { status: 400, message: "导入文件没有数据行", messageEn: "The import file has no data rows" },
  LICENSE_CONSENT_REQUIRED: {
    status: 400,
    message: "用证须经持证人授权同意",
    messageEn: "Using a license needs the holder's consent",
  },
  LICENSE_VERIFY_PDF_INVALID: {
    status: 400,
    message: "上传的文件不是 PDF",
    messageEn: "The uploaded file is not a PDF",
  },
  LICENSE_STATUS_LIST_NOT_FOUND: {
    status: 404,
    message: "状态列表不存在",
    messageEn: "No such status list",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
