/**
 * The catalog workbook (目录工作簿): sheet names, columns and the Chinese labels of enumerations. Export
 * writes exactly this; import reads it (a column may be given by its Chinese header or its key). README
 * documents the template for people filling it in.
 */
import {
  AUDIENCE_TERMS,
  CASE_TYPE_TERMS,
  CATALOG_STATUS_TERMS,
  ITEM_KIND_TERMS,
  LICENSE_HOLDER_TERMS,
  MATERIAL_FORMAT_TERMS,
  REAL_NAME_LEVEL_TERMS,
  STAGE_TERMS,
  TIME_UNIT_TERMS,
  VETO_RULE_TERMS,
  workbookLabelsOf,
} from "@yiwang/contracts";

export interface Column {
  key: string;
  header: string;
  width: number;
}

const col = (key: string, header: string, width = 16): Column => ({ key, header, width });

export const SHEETS = {
  items: {
    name: "事项",
    columns: [
      col("code", "实施编码", 18),
      col("basicCode", "基本编码", 14),
      col("name", "事项名称", 32),
      col("nameEn", "英文名称", 28),
      col("kind", "事项类型", 12),
      col("dept", "实施部门", 12),
      col("coDepts", "联办部门", 14),
      col("audience", "服务对象", 12),
      col("conditions", "受理条件", 40),
      col("legalDays", "法定时限", 10),
      col("promiseDays", "承诺时限", 10),
      col("timeUnit", "时限单位", 10),
      col("caseType", "办件类型", 10),
      col("onlineDepth", "网办深度", 10),
      col("maxVisits", "到现场次数", 10),
      col("realNameLevel", "实名等级", 10),
      col("legalBasis", "设定依据", 40),
      col("resultName", "办理结果", 20),
      col("resultLicense", "结果证照类型", 12),
      col("topics", "主题", 20),
      col("hallAddress", "办理地点", 30),
      col("hallHours", "办理时间", 24),
      col("hallPhone", "咨询电话", 14),
      col("specialProcedures", "特别程序", 16),
      col("status", "状态", 10),
      col("version", "版本（导出时填写，导入时忽略）", 10),
      col("form", "申请表（JSON）", 40),
    ],
  },
  materials: {
    name: "材料",
    columns: [
      col("itemCode", "实施编码", 18),
      col("name", "材料名称", 40),
      col("required", "是否必需", 10),
      col("format", "材料形式", 12),
      col("copies", "份数", 8),
      col("fromLicense", "可用证照类型", 12),
      col("licenseHolder", "证照持有人", 12),
      col("blankForm", "空白表格", 30),
      col("sample", "示例样表", 30),
      col("note", "备注", 30),
    ],
  },
  fees: {
    name: "收费",
    columns: [
      col("itemCode", "实施编码", 18),
      col("name", "收费项目", 24),
      col("amount", "金额（元）", 12),
      col("basis", "收费依据", 40),
      col("exemption", "减免说明", 30),
    ],
  },
  steps: {
    name: "流程",
    columns: [
      col("itemCode", "实施编码", 18),
      col("seq", "环节序号", 10),
      col("dept", "部门", 12),
      col("stage", "环节", 10),
      col("onVeto", "否决规则", 14),
    ],
  },
  faq: {
    name: "常见问题",
    columns: [col("itemCode", "实施编码", 18), col("question", "问题", 40), col("answer", "解答", 60)],
  },
  bundles: {
    name: "一件事",
    columns: [
      col("code", "一件事编码", 18),
      col("name", "名称", 24),
      col("nameEn", "英文名称", 28),
      col("description", "说明", 40),
      col("topics", "主题", 20),
      col("status", "状态", 10),
    ],
  },
  bundleItems: {
    name: "一件事事项",
    columns: [col("bundleCode", "一件事编码", 18), col("seq", "序号", 8), col("itemCode", "实施编码", 18)],
  },
  synonyms: {
    name: "同义词",
    columns: [col("term", "搜索词", 16), col("expansions", "对应事项或关键词", 40)],
  },
} as const;

export type SheetKey = keyof typeof SHEETS;

/**
 * The workbook's word for each code, from the contract's vocabulary tables (the parser also accepts the code).
 */
export const KIND_ZH = workbookLabelsOf(ITEM_KIND_TERMS);
export const AUDIENCE_ZH = workbookLabelsOf(AUDIENCE_TERMS);
export const TIME_UNIT_ZH = workbookLabelsOf(TIME_UNIT_TERMS);
export const CASE_TYPE_ZH = workbookLabelsOf(CASE_TYPE_TERMS);
export const FORMAT_ZH = workbookLabelsOf(MATERIAL_FORMAT_TERMS);
export const LICENSE_HOLDER_ZH = workbookLabelsOf(LICENSE_HOLDER_TERMS);
export const STAGE_ZH = workbookLabelsOf(STAGE_TERMS);
export const STATUS_ZH = workbookLabelsOf(CATALOG_STATUS_TERMS);
export const VETO_ZH = workbookLabelsOf(VETO_RULE_TERMS);
export const LEVEL_ZH = workbookLabelsOf(REAL_NAME_LEVEL_TERMS);

const words = (labels: Record<string, string>) => Object.values(labels).join("/");

/** Separators of list cells: line breaks for sentences, 、 (or commas) for short words. */
export const LINES = "\n";
export const WORDS = "、";
export const splitLines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);
export const splitWords = (s: string) =>
  s
    .split(/[、,，;；\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

export const README_LINES = [
  "一网 · 政务服务事项目录工作簿 / Yiwang service catalog workbook",
  "",
  "每个工作表第一行为列名（中文列名或英文键名均可），从第二行起每行一条记录。",
  "事项：每行一个事项（实施编码唯一）。受理条件、设定依据每行一条（单元格内换行）；联办部门、主题、特别程序以“、”分隔。",
  "材料、收费、流程、常见问题：每行一条，以“实施编码”关联事项，按行的先后排序。",
  "流程：同一事项中“环节序号”相同的多行构成并联审查组；第一个环节为受理，最后一个为决定。",
  "流程“否决规则”只用于并联审查组，组内各行应相同（可只填一行）：否决即不予（默认，任一部门否决即不予办理）/ 牵头部门决定（否决意见交牵头部门在决定环节综合判断）。",
  '申请表（JSON）：空为平台默认申请表；否则为 {"schema": JSON Schema（draft-07，顶层为 object）, "uiSchema": {…}}；字段可用 "x-prefill" 自动填入 applicant.name、applicant.phone、enterprise.name、enterprise.uscc、license:<证照类型>.<字段>、registry:population|business.<字段>。单元格最多 32767 个字符。',
  "一件事事项：“序号”相同的多个事项并联办理。",
  "部门填写部门标识（如 amr）；证照类型填写编码（如 BL）。",
  `证照持有人：${words(LICENSE_HOLDER_ZH)}（空为按证照类型：个人证照取申请人本人的，企业证照取申请企业的）。`,
  `枚举取值：事项类型 ${words(KIND_ZH)}；服务对象 ${words(AUDIENCE_ZH)}；时限单位 ${words(TIME_UNIT_ZH)}；实名等级 ${words(LEVEL_ZH)}；`,
  `办件类型 ${words(CASE_TYPE_ZH)}；材料形式 ${words(FORMAT_ZH)}；环节 ${words(STAGE_ZH)}；否决规则 ${words(VETO_ZH)}；状态 ${words(STATUS_ZH)}；是否必需 是/否。`,
  "导入时默认全部校验通过才写入；选择“仅导入有效行”时跳过有错误的事项并逐格报告。",
];
