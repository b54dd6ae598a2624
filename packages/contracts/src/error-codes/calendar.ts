import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of the work calendar (platform/calendar). Codes are part of the API contract: never rename one. */
export const CalendarErrorCodes = {
  CALENDAR_DAY_NOT_FOUND: {
    status: 404,
    message: "该日期没有节假日或调休设置",
    messageEn: "No holiday or make-up working day is set for this date",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
