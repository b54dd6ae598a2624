import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of cases 办件. Codes are part of the API contract: never rename one. */
export const CaseErrorCodes = {
  CASE_NOT_FOUND: { status: 404, message: "办件不存在", messageEn: "No such case" },
  CASE_DOCUMENT_NOT_FOUND: { status: 404, message: "文书不存在", messageEn: "No such document for this case" },
  CASE_DOCUMENT_PDF_INVALID: { status: 400, message: "请上传 PDF 文件", messageEn: "Send the document as a PDF file" },
  CASE_VERSION_CONFLICT: {
    status: 409,
    message: "办件已被他人更新，请刷新后重试",
    messageEn: "The case was changed by someone else; reload it and try again",
  },
  CASE_ILLEGAL_TRANSITION: {
    status: 409,
    message: "办件当前状态不允许此操作",
    messageEn: "The case's current state does not allow this action",
  },
  CASE_NO_TASK_FOR_YOU: {
    status: 403,
    message: "当前环节不由您所在部门或岗位办理",
    messageEn: "The open stage of this case is not handled by your department or role",
  },
  CASE_TASK_CLAIMED: {
    status: 409,
    message: "该任务已由其他工作人员签收",
    messageEn: "Another staff member has claimed this task",
  },
  CASE_TASK_NOT_FOUND: { status: 404, message: "任务不存在或已办结", messageEn: "No such open task" },
  CASE_ITEM_NOT_APPLICABLE: {
    status: 409,
    message: "该事项不可在线申办",
    messageEn: "This service item cannot be applied for online",
  },
  CASE_AUDIENCE_MISMATCH: {
    status: 403,
    message: "该事项的办理对象与当前身份不符（法人事项请切换到企业身份）",
    messageEn: "This item is for another kind of applicant (switch to an enterprise for legal-person items)",
  },
  CASE_WORKFLOW_INVALID: {
    status: 409,
    message: "事项的办理流程定义无效，暂不能申办",
    messageEn: "The item's workflow definition is invalid; it cannot be applied for",
  },
  CASE_FORM_INVALID: { status: 422, message: "申请表填写有误", messageEn: "The application form has errors" },
  CASE_MATERIALS_MISSING: {
    status: 422,
    message: "缺少必交材料",
    messageEn: "Required materials are missing",
  },
  CASE_MATERIAL_UNKNOWN: {
    status: 400,
    message: "该事项没有这项材料",
    messageEn: "The item has no such material",
  },
  CASE_MATERIAL_NOT_FOUND: { status: 404, message: "材料不存在", messageEn: "No such material" },
  CASE_MATERIAL_TOO_LARGE: { status: 413, message: "文件过大", messageEn: "The file is too large" },
  CASE_MATERIAL_FILE_MISSING: {
    status: 400,
    message: "请求中没有文件（multipart 字段 file）",
    messageEn: "The request carries no file (multipart field file)",
  },
  CASE_LICENSE_NOT_FOUND: {
    status: 422,
    message: "找不到可用的电子证照，请上传材料",
    messageEn: "No usable e-license was found; upload the material instead",
  },
  CASE_FEE_UNPAID: {
    status: 409,
    message: "申请人尚未缴费，缴费后才能送达",
    messageEn: "The applicant has not paid the fees yet: deliver after payment",
  },
  CASE_SUPPLEMENT_USED: {
    status: 409,
    message: "补齐补正只能一次性告知，本件已告知过",
    messageEn: "A case gets one supplement request, and this one has had it",
  },
  CASE_SPECIAL_PROCEDURE_UNKNOWN: {
    status: 400,
    message: "未知的特别程序",
    messageEn: "Unknown special procedure",
  },
  CASE_BUNDLE_NOT_FOUND: { status: 404, message: "一件事申请不存在", messageEn: "No such bundle application" },
  // 联合惩戒 (issue 23): a black-listed enterprise applying for an item with a blocking rule; details carry the legal basis.
  CASE_CREDIT_BLOCKED: {
    status: 403,
    message: "申请企业被列入严重失信主体名单，依法限制办理该事项",
    messageEn: "The applicant enterprise is black-listed; the law restricts this item for it",
  },
  CASE_DEFERRAL_NOT_OFFERED: {
    status: 409,
    message: "该事项未设置容缺受理，或申请人不是企业",
    messageEn: "The item offers no acceptance with deferred materials, or the applicant is not an enterprise",
  },
  CASE_DEFERRAL_CREDIT: {
    status: 409,
    message: "申请企业的信用等级不符合容缺受理条件",
    messageEn: "The applicant enterprise's credit grade does not qualify for deferred materials",
  },
  CASE_DEFERRAL_MATERIAL: {
    status: 422,
    message: "所列材料不能容缺（不是本事项的材料、已提交，或为不可容缺的必交材料）",
    messageEn:
      "A listed material cannot be deferred (not the item's, already handed in, or required and not deferrable)",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
