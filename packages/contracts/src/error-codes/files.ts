import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of stored files and uploads (platform/files). Codes are part of the API contract: never rename one. */
export const FileErrorCodes = {
  FILE_NOT_FOUND: { status: 404, message: "文件不存在", messageEn: "No such file" },
  FILE_EMPTY: { status: 400, message: "文件为空", messageEn: "The file is empty" },
  FILE_TOO_LARGE: { status: 413, message: "文件过大", messageEn: "The file is too large" },
  FILE_TYPE_UNKNOWN: {
    status: 415,
    message: "无法识别文件类型，请上传允许的文件格式",
    messageEn: "The file type is not recognisable; upload one of the allowed formats",
  },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    message: "不允许上传此类型的文件",
    messageEn: "This type of file is not allowed",
  },
  FILE_ARCHIVE_TOO_LARGE: {
    status: 413,
    message: "压缩包解压后过大或文件数过多（可能是压缩炸弹）",
    messageEn: "The archive unpacks to too many bytes or entries (a possible zip bomb)",
  },
  FILE_ARCHIVE_INVALID: {
    status: 422,
    message: "压缩包结构无效或使用了不支持的压缩方式",
    messageEn: "The archive is malformed or uses an unsupported compression method",
  },
  FILE_CORRUPT: {
    status: 500,
    message: "文件内容校验失败",
    messageEn: "The stored file does not match its checksum",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
