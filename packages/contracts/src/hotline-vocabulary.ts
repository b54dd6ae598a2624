/** 12345 hotline constants without zod (the web imports them through `@yiwang/contracts/vocabularies`). */

/** 咨询 / 求助 / 投诉 / 举报 / 建议 / 表扬 */
export const HOTLINE_KINDS = ["consult", "help", "complaint", "report", "suggestion", "praise"] as const;
/** field: 网格员/城管队员 上报 from the field page (issue 19, acceptance 4). */
export const HOTLINE_CHANNELS = ["phone", "web", "open311", "field"] as const;
/** Field forces (网格化管理): 网格员, 城管队员, 保安员 — a roster kept per department, not a role. */
export const HOTLINE_FIELD_KINDS = ["grid_worker", "city_inspector", "security_guard"] as const;
/** A position batch holds at most this many fixes (a phone posts every half minute). */
export const HOTLINE_POSITIONS_MAX = 200;
/** 待派单 / 办理中 / 已答复 (待回访) / 办结 / 已合并 */
export const HOTLINE_STATUSES = ["dispatching", "assigned", "answered", "closed", "merged"] as const;
/** A description longer than this is refused (a 12345 record is a summary, not a letter). */
export const HOTLINE_TEXT_MAX = 2000;
/** Photo limits: 3 JPEG/PNG photos of at most 2 MB each. */
export const HOTLINE_PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const HOTLINE_PHOTOS_MAX = 3;
