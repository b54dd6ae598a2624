import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of notify 消息. Codes are part of the API contract: never rename one. */
export const NotifyErrorCodes = {
  NOTIFICATION_NOT_FOUND: { status: 404, message: "消息不存在", messageEn: "No such notification" },
  NOTIFY_TEMPLATE_UNKNOWN_VARIABLE: {
    status: 422,
    message: "模板使用了该事件没有的变量",
    messageEn: "The template uses a variable this event does not have",
  },
  NOTIFY_TEMPLATE_SMS_INCOMPLETE: {
    status: 422,
    message: "短信模板需同时提供短信正文、签名和模板编号",
    messageEn: "An SMS template needs its text, signature and template id together",
  },
  NOTIFY_WEBHOOK_NOT_ALLOWED: {
    status: 422,
    message: "该 Webhook 地址不在允许列表中",
    messageEn: "The webhook URL is not on the allowed list",
  },
  NOTIFY_LEGAL_NOTICE_REQUIRED: {
    status: 422,
    message: "法定告知不能关闭，请至少选择一个渠道",
    messageEn: "A legally required notice cannot be switched off: choose at least one channel",
  },
  NOTIFY_DELIVERY_NOT_FOUND: { status: 404, message: "投递记录不存在", messageEn: "No such delivery" },
  NOTIFY_DELIVERY_NOT_FAILED: {
    status: 409,
    message: "只能重发失败的投递",
    messageEn: "Only a failed delivery can be sent again",
  },
  NOTIFY_WEBHOOK_NONE: {
    status: 404,
    message: "该部门没有配置群 Webhook",
    messageEn: "The department has no group webhook",
  },
  NOTIFY_WEBPUSH_OFF: {
    status: 404,
    message: "本平台未开启浏览器通知",
    messageEn: "Browser notifications are not enabled on this platform",
  },
  NOTIFY_PUSH_ENDPOINT_INVALID: {
    status: 422,
    message: "推送地址无效：须为 https 地址",
    messageEn: "The push endpoint is not valid: it must be an https URL",
  },
  NOTIFY_PUSH_SUBSCRIPTION_NOT_FOUND: {
    status: 404,
    message: "没有该浏览器的通知订阅",
    messageEn: "No notification subscription for this browser",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
