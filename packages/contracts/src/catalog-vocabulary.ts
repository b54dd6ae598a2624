/**
 * The service catalog's official vocabularies (政务服务事项): one table per enumeration, in display order.
 * `catalog.ts` builds its zod enums from them; the workbook (apps/server …/catalog/excel) writes and reads
 * their labels; the web dictionaries and select options are built from them. Change a label here only.
 */

/** 事项类型: the ten kinds of administrative power (行政权力) plus public services. */
export const ITEM_KIND_TERMS = [
  { code: "license", zh: "行政许可", en: "Administrative license" },
  { code: "penalty", zh: "行政处罚", en: "Administrative penalty" },
  { code: "enforcement", zh: "行政强制", en: "Administrative enforcement" },
  { code: "collection", zh: "行政征收", en: "Administrative levy" },
  { code: "payment", zh: "行政给付", en: "Administrative payment" },
  { code: "inspection", zh: "行政检查", en: "Administrative inspection" },
  { code: "confirmation", zh: "行政确认", en: "Administrative confirmation" },
  { code: "reward", zh: "行政奖励", en: "Administrative reward" },
  { code: "ruling", zh: "行政裁决", en: "Administrative ruling" },
  { code: "other", zh: "其他行政权力", en: "Other administrative power" },
  { code: "public_service", zh: "公共服务", en: "Public service" },
] as const;

/**
 * 服务对象. 自然人 and 法人 are the official terms for it in the national 政务服务事项 standards (the
 * elements of a 实施清单), so every label uses them — not 个人/企业, which portals use only as navigation
 * headings (个人办事 / 法人办事). English follows the glossary: natural / legal person.
 */
export const AUDIENCE_TERMS = [
  { code: "natural_person", zh: "自然人", en: "Natural persons" },
  { code: "legal_person", zh: "法人", en: "Legal persons" },
  { code: "any", zh: "自然人和法人", en: "Natural and legal persons" },
] as const;

/** Unit of both time limits (法定时限, 承诺时限). */
export const TIME_UNIT_TERMS = [
  { code: "working_day", zh: "工作日", en: "Working days" },
  { code: "natural_day", zh: "自然日", en: "Calendar days" },
] as const;

/** 办件类型: decided on the spot, or within the promised time limit. */
export const CASE_TYPE_TERMS = [
  { code: "immediate", zh: "即办件", en: "Immediate" },
  { code: "promised", zh: "承诺件", en: "Promised" },
] as const;

/** 实名认证等级 required to apply; the workbook writes the code itself. */
export const REAL_NAME_LEVEL_TERMS = [
  { code: "L1", zh: "一级（注册）", en: "L1 (registered)", workbook: "L1" },
  { code: "L2", zh: "二级（实名核验）", en: "L2 (ID verified)", workbook: "L2" },
  { code: "L3", zh: "三级（强实名）", en: "L3 (strong)", workbook: "L3" },
] as const;

/** 材料形式 of an application material. */
export const MATERIAL_FORMAT_TERMS = [
  { code: "electronic", zh: "电子", en: "Electronic" },
  { code: "paper", zh: "纸质", en: "Paper" },
  { code: "both", zh: "电子和纸质", en: "Electronic and paper" },
] as const;

/**
 * 证照持有人: whose e-license a material takes. A material about a person takes that person's own license,
 * with their own consent, also while they act for an enterprise: `person` the person applying (经办人身份证件,
 * or a citizen's own), `representative` the enterprise's legal representative (法定代表人身份证明: only when
 * she applies herself, since only she can consent); a material about the enterprise (营业执照) the enterprise's.
 */
export const LICENSE_HOLDER_TERMS = [
  { code: "person", zh: "申请人本人", en: "The person applying" },
  { code: "representative", zh: "法定代表人", en: "The legal representative" },
  { code: "enterprise", zh: "申请企业", en: "The applicant enterprise" },
] as const;

/**
 * Workflow stages (环节): 受理 → 审查 → 决定. In English they are named as stages (nouns), as the case pages
 * always did; the catalog pages said "Accept"/"Decide".
 */
export const STAGE_TERMS = [
  { code: "accept", zh: "受理", en: "Acceptance" },
  { code: "review", zh: "审查", en: "Review" },
  { code: "decide", zh: "决定", en: "Decision" },
] as const;

/** Lifecycle (状态) of an item or bundle. */
export const CATALOG_STATUS_TERMS = [
  { code: "draft", zh: "草稿", en: "Draft" },
  { code: "published", zh: "已发布", en: "Published" },
  { code: "retired", zh: "已停用", en: "Retired" },
] as const;

/**
 * 否决规则 of a parallel review group: the short label (workbook, editor) and the sentence the public
 * guide shows.
 */
export const VETO_RULE_TERMS = [
  {
    code: "deny",
    zh: "否决即不予",
    en: "The veto denies",
    zhGuide: "任一部门否决即不予办理",
    enGuide: "A veto by any department denies",
  },
  {
    code: "lead_decides",
    zh: "牵头部门决定",
    en: "The lead department decides",
    zhGuide: "否决意见由牵头部门决定",
    enGuide: "The lead department weighs a veto",
  },
] as const;

/**
 * 网上办理深度 1–4 (the workbook writes the number): the guide's sentence and the short tag of a result.
 */
export const ONLINE_DEPTH_TERMS = [
  {
    code: 1,
    zh: "网办深度一：网上提供办事指南",
    en: "Online depth 1: guide online",
    zhShort: "指南",
    enShort: "Guide",
    workbook: "1",
  },
  {
    code: 2,
    zh: "网办深度二：表格下载、网上预约",
    en: "Online depth 2: forms download, booking",
    zhShort: "预约",
    enShort: "Booking",
    workbook: "2",
  },
  {
    code: 3,
    zh: "网办深度三：网上预审、网上提交",
    en: "Online depth 3: online pre-review and submission",
    zhShort: "网上预审",
    enShort: "Pre-review",
    workbook: "3",
  },
  {
    code: 4,
    zh: "网办深度四：全程网办",
    en: "Online depth 4: fully online",
    zhShort: "全程网办",
    enShort: "Fully online",
    workbook: "4",
  },
] as const;
