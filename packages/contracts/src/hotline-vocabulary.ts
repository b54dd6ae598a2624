/** 12345 hotline constants without zod (the web imports them through `@yiwang/contracts/vocabularies`). */

/** 咨询 / 求助 / 投诉 / 举报 / 建议 / 表扬 */
export const HOTLINE_KINDS = ["consult", "help", "complaint", "report", "suggestion", "praise"] as const;
export const HOTLINE_CHANNELS = ["phone", "web", "open311"] as const;
/** 待派单 / 办理中 / 已答复 (待回访) / 办结 / 已合并 */
export const HOTLINE_STATUSES = ["dispatching", "assigned", "answered", "closed", "merged"] as const;
/** A description longer than this is refused (a 12345 record is a summary, not a letter). */
export const HOTLINE_TEXT_MAX = 2000;
/** Photo limits: 3 JPEG/PNG photos of at most 2 MB each. */
export const HOTLINE_PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const HOTLINE_PHOTOS_MAX = 3;
