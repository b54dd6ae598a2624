import { defineErrors } from "../../platform/errors.js";

export const NotifyErrors = defineErrors({
  NOTIFICATION_NOT_FOUND: { status: 404, message: "消息不存在", messageEn: "No such notification" },
});
