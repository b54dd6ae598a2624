import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of supervision 互联网+监管 and credit 信用. Codes are part of the API contract: never rename one. */
export const SupervisionErrorCodes = {
  SUPERVISION_ITEM_NOT_FOUND: { status: 404, message: "监管事项不存在", messageEn: "No such supervision item" },
  SUPERVISION_ITEM_EXISTS: { status: 409, message: "监管事项编码已存在", messageEn: "The item code is taken" },
  SUPERVISION_BUSINESS_UNKNOWN: {
    status: 422,
    message: "法人库中没有该在营企业",
    messageEn: "No active enterprise with this code in the business registry",
  },
  SUPERVISION_NOT_STAFF: {
    status: 422,
    message: "检查人员须为本部门在职工作人员",
    messageEn: "An inspector must be a staff account of the department",
  },
  SUPERVISION_INSPECTOR_ELSEWHERE: {
    status: 409,
    message: "该人员已在执法检查人员名录中（一人不能同时列入两处）",
    messageEn: "The person is already on an inspector roster (one person, one place)",
  },
  SUPERVISION_CERTIFICATE_TAKEN: {
    status: 409,
    message: "执法证号已被登记",
    messageEn: "The law-enforcement certificate number is already registered",
  },
  SUPERVISION_PLAN_NOT_FOUND: { status: 404, message: "抽查计划不存在", messageEn: "No such inspection plan" },
  SUPERVISION_PLAN_STATE: {
    status: 409,
    message: "抽查计划当前状态不允许此操作",
    messageEn: "The plan's state does not allow this",
  },
  SUPERVISION_ROSTER_EMPTY: {
    status: 422,
    message: "名录库为空：没有符合条件的检查对象或检查人员",
    messageEn: "Empty roster: no matching targets or no inspectors",
  },
  SUPERVISION_NOT_ENOUGH_INSPECTORS: {
    status: 422,
    message: "回避后可抽取的检查人员不足",
    messageEn: "Too few inspectors remain after recusal",
  },
  SUPERVISION_BEACON_PENDING: {
    status: 409,
    message: "随机种子尚未产生（审计日志尚未达到承诺的树大小），请稍后再抽取",
    messageEn: "The seed does not exist yet (the audit log has not reached the committed tree size)",
  },
  SUPERVISION_DRAW_NOT_FOUND: { status: 404, message: "抽取记录不存在", messageEn: "No such draw" },
  SUPERVISION_VISIT_NOT_FOUND: { status: 404, message: "检查任务不存在", messageEn: "No such inspection visit" },
  SUPERVISION_NOT_YOUR_VISIT: {
    status: 403,
    message: "您不是该检查任务的检查人员",
    messageEn: "You are not an inspector of this visit",
  },
  SUPERVISION_VISIT_STATE: {
    status: 409,
    message: "检查任务当前状态不允许此操作",
    messageEn: "The visit's state does not allow this",
  },
  SUPERVISION_INSPECTOR_BUSY: {
    status: 409,
    message: "该检查人员正在另一处检查，不能同时出现在两处",
    messageEn: "The inspector is at another inspection; one person cannot be in two places at once",
  },
  SUPERVISION_CHECKLIST_INCOMPLETE: {
    status: 422,
    message: "检查要点尚未逐项填写",
    messageEn: "Not every check point has an outcome",
  },
  SUPERVISION_CHECK_INDEX: { status: 400, message: "检查要点序号不存在", messageEn: "No such check point" },
  SUPERVISION_RECTIFICATION_NOT_FOUND: {
    status: 404,
    message: "整改记录不存在",
    messageEn: "No such rectification",
  },
  SUPERVISION_RECTIFICATION_STATE: {
    status: 409,
    message: "整改记录当前状态不允许此操作",
    messageEn: "The rectification's state does not allow this",
  },
  SUPERVISION_RECTIFY_DEADLINE: {
    status: 422,
    message: "整改期限须为今天以后的工作日",
    messageEn: "The rectification deadline must be a working day after today",
  },
  SUPERVISION_NOT_RECHECKER: {
    status: 403,
    message: "只有该检查任务的检查人员可以复查",
    messageEn: "Only an inspector of the visit may re-check",
  },
  SUPERVISION_SIGNATURE_INVALID: {
    status: 422,
    message: "签名图片无效",
    messageEn: "The signature is not a valid PNG image",
  },
  SUPERVISION_PHOTO_MISSING: {
    status: 400,
    message: "请以 multipart/form-data 上传照片（文件字段 file）",
    messageEn: "Upload the photo as multipart/form-data (file field `file`)",
  },
  SUPERVISION_PHOTO_LIMIT: {
    status: 409,
    message: "本次检查的照片已达上限",
    messageEn: "This visit already has the maximum number of photos",
  },
  SUPERVISION_PHOTO_VISIT_CLOSED: {
    status: 409,
    message: "检查已结束，不能再添加照片",
    messageEn: "The visit is finished: no more photos can be added",
  },
  SUPERVISION_PHOTO_NOT_FOUND: { status: 404, message: "照片不存在", messageEn: "No such photo" },
  SUPERVISION_EVIDENCE_REQUIRED: {
    status: 422,
    message: "整改情况须附证明材料",
    messageEn: "A rectification report needs evidence",
  },
  CREDIT_PUBLICATION_PERIOD: {
    status: 422,
    message: "行政处罚公示期须为三个月至三年",
    messageEn: "A penalty's publication period must be 3 months to 3 years",
  },
  CREDIT_RECORD_NOT_FOUND: { status: 404, message: "信用记录不存在", messageEn: "No such credit record" },
  CREDIT_ENTERPRISE_NOT_FOUND: { status: 404, message: "未找到该企业", messageEn: "No such enterprise" },
  CREDIT_NOT_REPAIRABLE: {
    status: 409,
    message: "该记录不可申请信用修复",
    messageEn: "This record cannot be repaired",
  },
  CREDIT_NOT_YOUR_ENTERPRISE: {
    status: 403,
    message: "只能为本人代表的企业申请信用修复",
    messageEn: "Repair may be applied for only by the enterprise acted for",
  },
  CREDIT_EVIDENCE_REQUIRED: {
    status: 422,
    message: "信用修复须提交证明材料",
    messageEn: "Credit repair needs evidence",
  },
  CREDIT_REPAIR_NOT_FOUND: { status: 404, message: "信用修复申请不存在", messageEn: "No such repair application" },
  CREDIT_REPAIR_DECIDED: { status: 409, message: "该申请已审核", messageEn: "The application was already decided" },
} as const satisfies Record<string, ErrorCodeDefinition>;
