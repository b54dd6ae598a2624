import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of seals 电子签章. Codes are part of the API contract: never rename one. */
export const SealErrorCodes = {
  SEAL_NOT_FOUND: { status: 404, message: "印章不存在", messageEn: "No such seal" },
  SEAL_REVOKED: { status: 409, message: "印章已注销，不能用印", messageEn: "The seal is revoked and cannot sign" },
  SEAL_NOT_VALID_NOW: {
    status: 409,
    message: "印章不在有效期内",
    messageEn: "The seal's certificate is not valid at this time",
  },
  SEAL_IMAGE_INVALID: {
    status: 415,
    message: "印章图片须为 PNG（不超过 1 MB，边长 64–2000 像素）",
    messageEn: "The seal image must be a PNG (at most 1 MB, 64–2000 pixels a side)",
  },
  SEAL_IMAGE_NOT_FOUND: { status: 404, message: "该印章没有上传图片", messageEn: "This seal has no uploaded image" },
  SEAL_PDF_INVALID: { status: 400, message: "文件不是有效的 PDF", messageEn: "The document is not a valid PDF" },
} as const satisfies Record<string, ErrorCodeDefinition>;
