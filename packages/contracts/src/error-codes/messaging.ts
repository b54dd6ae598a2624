import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of messaging 会商与消息. Codes are part of the API contract: never rename one. */
export const MessagingErrorCodes = {
  MESSAGING_THREAD_NOT_FOUND: { status: 404, message: "会话不存在", messageEn: "No such conversation" },
  MESSAGING_CASE_NOT_FOUND: { status: 404, message: "办件不存在", messageEn: "No such case" },
  MESSAGING_REQUEST_NOT_FOUND: { status: 404, message: "诉求工单不存在", messageEn: "No such 12345 request" },
  MESSAGING_PERSONAL_DATA: {
    status: 422,
    message: "消息中不能包含身份证号码或手机号码等个人信息，请关联办件，由对方在办件中查看",
    messageEn: "Messages must not contain ID-card or mobile numbers; link the case instead",
  },
  MESSAGING_MENTION_NOT_PARTICIPANT: {
    status: 400,
    message: "只能 @ 本会话的参与人员",
    messageEn: "Only participants of this conversation can be mentioned",
  },
  MESSAGING_RECIPIENT_INVALID: {
    status: 400,
    message: "对方不是可使用消息的工作人员",
    messageEn: "The other person is not a staff member who can use messaging",
  },
  MESSAGING_ATTACHMENT_MISSING: {
    status: 400,
    message: "请附上一个文件（字段 file）",
    messageEn: "Attach one file (field file)",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
