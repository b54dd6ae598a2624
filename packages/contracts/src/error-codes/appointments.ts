import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of appointments 网上预约 and the service hall. Codes are part of the API contract: never rename one. */
export const AppointmentErrorCodes = {
  APPOINTMENT_HALL_NOT_FOUND: { status: 404, message: "办事大厅不存在", messageEn: "No such service hall" },
  APPOINTMENT_HALL_EXISTS: { status: 409, message: "该大厅标识已被使用", messageEn: "A hall with this key exists" },
  APPOINTMENT_WINDOW_TYPE_NOT_FOUND: { status: 404, message: "窗口类型不存在", messageEn: "No such window type" },
  APPOINTMENT_WINDOW_TYPE_EXISTS: {
    status: 409,
    message: "本大厅已有该号段字母的窗口类型",
    messageEn: "The hall already has a window type with this letter",
  },
  APPOINTMENT_TEMPLATE_INVALID: {
    status: 400,
    message: "预约时段设置有误：时段须开始早于结束、互不重叠，且至少容纳一个号段",
    messageEn: "Invalid opening periods: each must start before it ends, not overlap, and hold at least one slot",
  },
  APPOINTMENT_NOT_BOOKABLE: {
    status: 404,
    message: "该事项暂不提供网上预约",
    messageEn: "This item cannot be booked online",
  },
  APPOINTMENT_PAST: { status: 400, message: "不能预约已过去的时段", messageEn: "This time slot is in the past" },
  APPOINTMENT_TOO_FAR: {
    status: 400,
    message: "只能预约近期的时段",
    messageEn: "This date is too far ahead to book",
  },
  APPOINTMENT_HOLIDAY: {
    status: 409,
    message: "所选日期为节假日或休息日，大厅不办公",
    messageEn: "The hall is closed on the chosen date (holiday or rest day)",
  },
  APPOINTMENT_SLOT_INVALID: {
    status: 400,
    message: "所选时段不在大厅的预约时段内",
    messageEn: "The chosen time is not one of the hall's slots",
  },
  APPOINTMENT_SLOT_FULL: {
    status: 409,
    message: "该时段已约满，请选择其他时段",
    messageEn: "This slot is fully booked; choose another",
  },
  APPOINTMENT_ALREADY_BOOKED: {
    status: 409,
    message: "您已预约该事项，请先取消原预约",
    messageEn: "You already have a booking for this item; cancel it first",
  },
  APPOINTMENT_BLOCKED: {
    status: 403,
    message: "近 30 天内爽约 3 次，暂停网上预约 7 天",
    messageEn: "Online booking is suspended for 7 days after 3 missed appointments in 30 days",
  },
  APPOINTMENT_NOT_FOUND: { status: 404, message: "预约不存在", messageEn: "No such booking" },
  APPOINTMENT_NOT_ACTIVE: {
    status: 409,
    message: "该预约已取消、已签到或已爽约",
    messageEn: "This booking is no longer active (cancelled, checked in or missed)",
  },
  APPOINTMENT_CANCEL_CLOSED: {
    status: 409,
    message: "已过取消截止时间（预约开始前 1 小时）",
    messageEn: "Too late to cancel (the cut-off is 1 hour before the slot)",
  },
  APPOINTMENT_CODE_INVALID: {
    status: 400,
    message: "预约码无效，请让办事人出示“我的预约”中的二维码",
    messageEn: "Not a valid booking code; ask for the QR code under My bookings",
  },
  APPOINTMENT_CHECKIN_DAY: {
    status: 409,
    message: "只能在预约当天签到",
    messageEn: "Check-in is only possible on the day of the booking",
  },
  APPOINTMENT_QUEUE_EMPTY: { status: 404, message: "当前没有等候的号", messageEn: "Nobody is waiting" },
} as const satisfies Record<string, ErrorCodeDefinition>;
