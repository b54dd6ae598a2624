/**
 * The cases module's official vocabularies (办件), one table each in display order; `cases.ts` builds its zod
 * enums from them and the web's dictionaries and selects read them. The workflow stages (受理/审查/决定) are
 * the catalog's STAGE_TERMS: a case's task runs a stage of its item's workflow, and after the decision one
 * more task, 送达, which every case has (so it is not a stage an item's workflow names).
 */
import { STAGE_TERMS } from "./catalog-vocabulary.js";

/** 办件环节: the stages of an item's workflow, then delivery (送达) by the lead department's window. */
export const TASK_STAGE_TERMS = [...STAGE_TERMS, { code: "deliver", zh: "送达", en: "Delivery" }] as const;

/** 办件状态. */
export const CASE_STATUS_TERMS = [
  { code: "draft", zh: "草稿", en: "Draft" },
  { code: "queued", zh: "排队待办", en: "Queued" },
  { code: "submitted", zh: "已提交", en: "Submitted" },
  { code: "accepted", zh: "已受理", en: "Accepted" },
  { code: "in_review", zh: "审查中", en: "In review" },
  { code: "supplement_requested", zh: "待补正", en: "Supplement requested" },
  { code: "suspended", zh: "特别程序中", en: "Special procedure" },
  { code: "refused", zh: "不予受理", en: "Not accepted" },
  { code: "approved", zh: "准予许可", en: "Approved" },
  { code: "denied", zh: "不予许可", en: "Denied" },
  { code: "delivered", zh: "已送达", en: "Delivered" },
  { code: "withdrawn", zh: "已撤回", en: "Withdrawn" },
  { code: "cancelled", zh: "已作废", en: "Cancelled" },
] as const;

/** 红黄灯预警: the deadline light of a case or task. */
export const DEADLINE_LIGHT_TERMS = [
  { code: "green", zh: "正常", en: "On time" },
  { code: "yellow", zh: "临期", en: "Due soon" },
  { code: "red", zh: "超期", en: "Overdue" },
  { code: "paused", zh: "暂停计时", en: "Clock stopped" },
  { code: "none", zh: "未计时", en: "Not timed" },
] as const;

/** 特别程序 that stop the clock. */
export const SPECIAL_PROCEDURE_TERMS = [
  { code: "expert_review", zh: "专家评审", en: "Expert review" },
  { code: "hearing", zh: "听证", en: "Hearing" },
  { code: "publicity", zh: "公示", en: "Public notice" },
  { code: "testing", zh: "检验检测", en: "Testing" },
  { code: "other", zh: "其他", en: "Other" },
] as const;

/** 送达方式 of a decision. */
export const DELIVERY_METHOD_TERMS = [
  { code: "online", zh: "网上送达", en: "Online" },
  { code: "window", zh: "窗口领取", en: "Collect at the window" },
  { code: "post", zh: "邮寄送达", en: "By post" },
] as const;
