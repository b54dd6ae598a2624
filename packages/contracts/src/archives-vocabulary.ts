/**
 * The archives module's vocabularies (电子档案). 保管期限 after DA/T 22-2015 / GB/T 39362-2020 (永久, 定期 30 年,
 * 定期 10 年); the short code is the one written into the 档号 (Y, D30, D10). 四性检测 item codes are stable:
 * they are the contract of the check report (DA/T 70-2018: 真实性, 完整性, 可用性, 安全性).
 */

/** 保管期限 (retention class). `years: null` = kept permanently (never offered for disposal). */
export const RETENTION_CLASS_TERMS = [
  { code: "permanent", zh: "永久", en: "Permanent", short: "Y", years: null },
  { code: "30y", zh: "30年", en: "30 years", short: "D30", years: 30 },
  { code: "10y", zh: "10年", en: "10 years", short: "D10", years: 10 },
] as const;

/** 四性: the four properties a check item belongs to. */
export const ARCHIVE_PROPERTY_TERMS = [
  { code: "authenticity", zh: "真实性", en: "Authenticity" },
  { code: "integrity", zh: "完整性", en: "Integrity" },
  { code: "usability", zh: "可用性", en: "Usability" },
  { code: "security", zh: "安全性", en: "Security" },
] as const;

/** The check items (检测项), each with its stable code and property. */
export const ARCHIVE_CHECK_TERMS = [
  {
    code: "AU-01",
    property: "authenticity",
    zh: "档案包摘要与归档登记一致",
    en: "Package digest matches the archiving record",
  },
  {
    code: "AU-02",
    property: "authenticity",
    zh: "归档登记在审计日志中可验证",
    en: "Archiving record verifies in the audit log",
  },
  {
    code: "AU-03",
    property: "authenticity",
    zh: "著录元数据与包内元数据一致",
    en: "Catalogued metadata matches the package's metadata",
  },
  {
    code: "AU-04",
    property: "authenticity",
    zh: "电子证照签名与电子印章验证通过",
    en: "License credential signature and PDF seal verify",
  },
  {
    code: "IN-01",
    property: "integrity",
    zh: "BagIt 结构完整（声明、清单、载荷齐全）",
    en: "BagIt structure complete (declaration, manifests, payload)",
  },
  { code: "IN-02", property: "integrity", zh: "载荷文件摘要与清单一致", en: "Payload digests match the manifest" },
  {
    code: "IN-03",
    property: "integrity",
    zh: "标签文件摘要与标签清单一致",
    en: "Tag file digests match the tag manifest",
  },
  { code: "IN-04", property: "integrity", zh: "Payload-Oxum 与载荷一致", en: "Payload-Oxum matches the payload" },
  {
    code: "IN-05",
    property: "integrity",
    zh: "元数据项齐全、类型正确、取值在范围内",
    en: "Metadata fields present, typed and in range",
  },
  { code: "IN-06", property: "integrity", zh: "档号连续无断号", en: "Archive numbers without gaps" },
  { code: "US-01", property: "usability", zh: "文件格式在允许范围内", en: "File formats on the allowed list" },
  {
    code: "US-02",
    property: "usability",
    zh: "文件可正常打开（PDF 可解析、JSON 可读）",
    en: "Files open (PDF parses, JSON reads)",
  },
  { code: "SE-01", property: "security", zh: "无加密或私有压缩", en: "No encryption or proprietary compression" },
  {
    code: "SE-02",
    property: "security",
    zh: "无可执行内容（脚本、启动动作）",
    en: "No executable content (scripts, launch actions)",
  },
] as const;

/** 档案状态. */
export const ARCHIVE_STATUS_TERMS = [
  { code: "archived", zh: "在库", en: "Archived" },
  { code: "destroyed", zh: "已销毁", en: "Destroyed" },
] as const;

/** 档案来源: archived from a case here, or received in a transfer (移交接收). */
export const ARCHIVE_SOURCE_TERMS = [
  { code: "case", zh: "办件归档", en: "Archived case" },
  { code: "transfer", zh: "移交接收", en: "Received transfer" },
] as const;

/** 检测时机. */
export const ARCHIVE_CHECK_TRIGGER_TERMS = [
  { code: "archiving", zh: "归档检测", en: "At archiving" },
  { code: "receipt", zh: "接收检测", en: "On receipt" },
  { code: "scheduled", zh: "定期检测", en: "Scheduled" },
  { code: "manual", zh: "人工检测", en: "On request" },
] as const;

/** 鉴定销毁 status. */
export const DISPOSAL_STATUS_TERMS = [
  { code: "proposed", zh: "待审批", en: "Awaiting approval" },
  { code: "destroyed", zh: "已销毁", en: "Destroyed" },
  { code: "rejected", zh: "已驳回", en: "Rejected" },
] as const;

/** 借阅 status. */
export const LOAN_STATUS_TERMS = [
  { code: "requested", zh: "待审批", en: "Requested" },
  { code: "approved", zh: "借阅中", en: "On loan" },
  { code: "rejected", zh: "已驳回", en: "Rejected" },
  { code: "returned", zh: "已归还", en: "Returned" },
] as const;

/** The longest loan (借阅期限) in days that may be requested. */
export const LOAN_MAX_DAYS = 30;
/** At most this many open loans (requested or on loan) per borrower. */
export const LOAN_MAX_OPEN = 5;
