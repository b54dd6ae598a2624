import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of hotline 12345 接诉即办. Codes are part of the API contract: never rename one. */
export const HotlineErrorCodes = {
  HOTLINE_REQUEST_NOT_FOUND: { status: 404, message: "诉求不存在", messageEn: "No such request" },
  HOTLINE_UNKNOWN_CATEGORY: {
    status: 400,
    message: "诉求分类不存在或不是末级分类",
    messageEn: "Unknown request category (choose a leaf of the category tree)",
  },
  HOTLINE_UNKNOWN_DISTRICT: { status: 400, message: "所在区不存在", messageEn: "Unknown district" },
  HOTLINE_OUTSIDE_CITY: {
    status: 400,
    message: "位置不在本市范围内",
    messageEn: "The location is outside the city",
  },
  HOTLINE_LOCATION_REQUIRED: {
    status: 400,
    message: "请填写地址或在地图上选择位置",
    messageEn: "Give an address or a position on the map",
  },
  HOTLINE_TOO_MANY_PHOTOS: { status: 400, message: "照片最多 3 张", messageEn: "At most 3 photos" },
  HOTLINE_UNKNOWN_DEPARTMENT: { status: 400, message: "承办部门不存在", messageEn: "Unknown department" },
  HOTLINE_WRONG_STATE: {
    status: 409,
    message: "诉求当前状态不允许此操作",
    messageEn: "The request's state does not allow this action",
  },
  HOTLINE_NOT_OWNER: {
    status: 403,
    message: "该诉求不在本部门办理",
    messageEn: "This request is not assigned to your department",
  },
  HOTLINE_NOT_DUPLICATE: {
    status: 409,
    message: "只能合并 200 米内同一分类的未办结诉求",
    messageEn: "Only open requests of the same category within 200 m can be merged",
  },
  HOTLINE_API_KEY_INVALID: { status: 403, message: "API 密钥无效", messageEn: "Invalid API key" },
  HOTLINE_EXTENSION_ONCE: {
    status: 409,
    message: "每件诉求只能申请一次延期",
    messageEn: "An extension can be requested only once per request",
  },
  HOTLINE_EXTENSION_TOO_LONG: {
    status: 400,
    message: "延期不能超过原办理时限",
    messageEn: "An extension cannot be longer than the original time limit",
  },
  // Field forces (网格员、城管队员, acceptance 4)
  HOTLINE_NOT_FIELD_STAFF: {
    status: 403,
    message: "您不在外勤力量名册中，请联系部门负责人",
    messageEn: "You are not on a field-force roster; ask your department head",
  },
  HOTLINE_UNKNOWN_STAFF: {
    status: 404,
    message: "本部门没有该工作人员",
    messageEn: "No such staff member in your department",
  },
  HOTLINE_POSITION_TIME: {
    status: 400,
    message: "定位时间不合理（不能晚于现在，也不能早于 24 小时前）",
    messageEn: "A position's time is in the future or more than 24 hours old",
  },
  HOTLINE_NO_DISTRICT: {
    status: 400,
    message: "该位置不在任何区的范围内，请选择所在区",
    messageEn: "The position is in no district; choose the district",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
