import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of evaluation 好差评. Codes are part of the API contract: never rename one. */
export const EvaluationErrorCodes = {
  EVALUATION_INVITATION_NOT_FOUND: {
    status: 404,
    message: "评价邀请不存在",
    messageEn: "No such evaluation invitation",
  },
  EVALUATION_INVITATION_EXPIRED: {
    status: 410,
    message: "评价邀请已过期，不能再评价",
    messageEn: "This evaluation invitation has expired",
  },
  EVALUATION_ALREADY_GIVEN: {
    status: 409,
    message: "已评价过，不能重复评价；如需补充请追评",
    messageEn: "Already evaluated; add a follow-up instead",
  },
  EVALUATION_NOT_GIVEN: { status: 409, message: "请先评价，再追评", messageEn: "Evaluate first, then follow up" },
  EVALUATION_FOLLOW_UP_USED: {
    status: 409,
    message: "每次评价只能追评一次",
    messageEn: "A follow-up can be added only once",
  },
  EVALUATION_FOLLOW_UP_CLOSED: { status: 410, message: "追评期限已过", messageEn: "The follow-up period has ended" },
  EVALUATION_UNKNOWN_INDICATOR: {
    status: 400,
    message: "评价指标不属于本评价的指标体系",
    messageEn: "Unknown indicator for this evaluation",
  },
  EVALUATION_UNKNOWN_TAG: { status: 400, message: "评价标签不存在", messageEn: "Unknown reason tag" },
  EVALUATION_TAG_NOT_FOR_LEVEL: {
    status: 400,
    message: "所选标签与评价等级不符",
    messageEn: "A reason tag does not fit the chosen level",
  },
  EVALUATION_REASON_REQUIRED: {
    status: 400,
    message: "差评请选择原因或填写说明",
    messageEn: "A bad review needs a reason tag or a comment",
  },
  EVALUATION_RECTIFICATION_NOT_FOUND: { status: 404, message: "整改工单不存在", messageEn: "No such rectification" },
  EVALUATION_RECTIFICATION_ILLEGAL: {
    status: 409,
    message: "整改工单当前状态不允许此操作",
    messageEn: "Not allowed in the rectification's current state",
  },
  EVALUATION_VERSION_CONFLICT: {
    status: 409,
    message: "整改工单已被他人更新，请刷新后重试",
    messageEn: "The rectification changed in the meantime; reload and retry",
  },
  EVALUATION_APPEAL_EXISTS: {
    status: 409,
    message: "该评价已申诉过，不能重复申诉",
    messageEn: "This review has already been appealed",
  },
  EVALUATION_APPEAL_NOT_FOUND: { status: 404, message: "申诉不存在", messageEn: "No such appeal" },
  EVALUATION_APPEAL_DECIDED: { status: 409, message: "申诉已复核", messageEn: "The appeal has been decided" },
  EVALUATION_VISIT_TOKEN_INVALID: {
    status: 404,
    message: "评价码无效，请向窗口工作人员重新获取",
    messageEn: "Invalid evaluation code; ask the window for a new one",
  },
  EVALUATION_PHOTO_MISSING: {
    status: 400,
    message: "请在表单字段 file 中上传照片",
    messageEn: "Upload the photo in the form field `file`",
  },
  EVALUATION_PHOTO_UNKNOWN: {
    status: 400,
    message: "照片不存在或不属于本次评价，请重新上传",
    messageEn: "The photo does not exist or belongs to another evaluation; upload it again",
  },
  EVALUATION_PHOTO_LIMIT: {
    status: 409,
    message: "本次评价上传的照片已达上限",
    messageEn: "Too many photos uploaded for this evaluation",
  },
  EVALUATION_PHOTO_NOT_FOUND: { status: 404, message: "该评价没有照片", messageEn: "This evaluation has no photo" },
} as const satisfies Record<string, ErrorCodeDefinition>;
