/**
 * The evaluation module's vocabularies (好差评), one table each in display order. The five levels and their
 * names are the national ones (国办发〔2019〕51号; GB/T 39734-2020 政务服务评价工作指南): 非常满意 … 非常不满意,
 * the bottom two are 差评. `evaluation.ts` builds its zod enums from these tables and the web its labels.
 */

/** 评价等级, 5 (best) to 1. Levels 1 and 2 are 差评 (bad reviews); 3–5 count as satisfied. */
export const EVALUATION_LEVEL_TERMS = [
  { code: 5, zh: "非常满意", en: "Very satisfied" },
  { code: 4, zh: "满意", en: "Satisfied" },
  { code: 3, zh: "基本满意", en: "Fairly satisfied" },
  { code: 2, zh: "不满意", en: "Dissatisfied" },
  { code: 1, zh: "非常不满意", en: "Very dissatisfied" },
] as const;

/** Longest free text of an evaluation or a 追评 (characters); the web's text box stops there too. */
export const EVALUATION_TEXT_MAX = 500;
/**
 * An evaluation's optional photo (JPEG or PNG, sniffed): 5 MB takes a phone camera's picture at full size
 * (a 12-megapixel JPEG is typically 2–4 MB); at most this many uploads per invitation before evaluating.
 */
export const EVALUATION_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const EVALUATION_PHOTO_UPLOADS_MAX = 5;
/** At most this many reason tags on one evaluation. */
export const EVALUATION_TAGS_MAX = 12;

/** The highest level that is a 差评. */
export const BAD_REVIEW_MAX_LEVEL = 2;

/** 评价渠道: where the evaluation was given. */
export const EVALUATION_CHANNEL_TERMS = [
  { code: "pc", zh: "网上办事大厅（PC端）", en: "Web portal" },
  { code: "mobile", zh: "移动端", en: "Mobile" },
  { code: "sms", zh: "短信", en: "Text message" },
  { code: "window", zh: "政务服务大厅评价器", en: "Service hall kiosk" },
  { code: "hotline", zh: "12345热线", en: "12345 hotline" },
] as const;

/** What is evaluated: a case (一事一评), a 12345 request, or a service hall visit (一次一评). */
export const EVALUATION_SUBJECT_TERMS = [
  { code: "case", zh: "办件", en: "Case" },
  { code: "request", zh: "诉求工单", en: "Request" },
  { code: "visit", zh: "现场办事", en: "Service hall visit" },
] as const;

/** Which national indicator set applies: online service or in person (线下). */
export const EVALUATION_MODE_TERMS = [
  { code: "online", zh: "线上服务", en: "Online service" },
  { code: "offline", zh: "线下服务", en: "In-person service" },
] as const;

/** 差评整改 ticket states: verify → rectify (立行立改 / 限期整改 / 解释说明) → reply → callback → closed. */
export const RECTIFICATION_STATUS_TERMS = [
  { code: "verifying", zh: "待核实", en: "To verify" },
  { code: "rectifying", zh: "整改中", en: "Rectifying" },
  { code: "replied", zh: "已答复待回访", en: "Replied, awaiting callback" },
  { code: "closed", zh: "已办结", en: "Closed" },
  { code: "void", zh: "已作废（申诉成立）", en: "Void (appeal upheld)" },
] as const;

/** How the department handles a verified 差评. */
export const RECTIFICATION_HANDLING_TERMS = [
  { code: "immediate", zh: "立行立改", en: "Fixed at once" },
  { code: "scheduled", zh: "限期整改", en: "Fix by a deadline" },
  { code: "explained", zh: "解释说明", en: "Explained" },
] as const;

/** 申诉复核: a department's appeal against a review, decided by the supervisors. */
export const APPEAL_STATUS_TERMS = [
  { code: "pending", zh: "待复核", en: "Pending" },
  { code: "upheld", zh: "申诉成立", en: "Upheld" },
  { code: "rejected", zh: "申诉不成立", en: "Rejected" },
] as const;

/** Dimensions the statistics are grouped by. */
export const EVALUATION_STATS_DIMENSION_TERMS = [
  { code: "department", zh: "部门", en: "Department" },
  { code: "item", zh: "事项", en: "Service item" },
  { code: "channel", zh: "渠道", en: "Channel" },
  { code: "staff", zh: "工作人员", en: "Staff member" },
  { code: "month", zh: "月份", en: "Month" },
] as const;
