import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of notify 消息. Codes are part of the API contract: never rename one. */
export const NotifyErrorCodes = {
  NOTIFICATION_NOT_FOUND: { status: 404, message: "消息不存在", messageEn: "No such notification" },
} as const satisfies Record<string, ErrorCodeDefinition>;
