/**
 * Notice templates: per event type and language, `{{variable}}` placeholders, versioned (a save adds a
 * version; the newest is used). Until an administrator saves one, the built-in default below applies
 * (version 0). A template may use only the event type's variables and the common ones (title, body, link):
 * a misspelt variable would send a hole to thousands of people, so it is refused at save time.
 */
import {
  COMMON_NOTICE_VARIABLES,
  NOTICE_EVENTS,
  type NoticeEventType,
  type NoticeLanguage,
  type NoticeTemplateInput,
} from "@yiwang/contracts";
import { NotifyErrors } from "./errors.js";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface TemplateText {
  version: number;
  title: string;
  body: string;
  smsText: string | null;
  smsSign: string | null;
  smsTemplateId: string | null;
}

export function isNoticeEvent(kind: string): kind is NoticeEventType {
  return Object.hasOwn(NOTICE_EVENTS, kind);
}

/** The variables a template of this event type may use. */
export function allowedVariables(eventType: NoticeEventType): string[] {
  return [...COMMON_NOTICE_VARIABLES, ...NOTICE_EVENTS[eventType].variables];
}

/** The variables a text uses, in order of first use. */
export function variablesIn(...texts: (string | null | undefined)[]): string[] {
  const found = new Set<string>();
  for (const t of texts) for (const m of (t ?? "").matchAll(PLACEHOLDER)) found.add(m[1] as string);
  return [...found];
}

/** Refuses a template that uses a variable its event type does not have, or half an SMS template. */
export function checkTemplate(input: NoticeTemplateInput): void {
  const allowed = new Set(allowedVariables(input.eventType));
  const unknown = variablesIn(input.title, input.body, input.smsText).filter((v) => !allowed.has(v));
  if (unknown.length > 0) throw NotifyErrors.NOTIFY_TEMPLATE_UNKNOWN_VARIABLE({ unknown, allowed: [...allowed] });
  const sms = [input.smsText, input.smsSign, input.smsTemplateId].filter((x) => x != null && x !== "");
  if (sms.length !== 0 && sms.length !== 3) throw NotifyErrors.NOTIFY_TEMPLATE_SMS_INCOMPLETE();
}

/** Fills the placeholders; a variable without a value becomes empty (checked templates use known ones). */
export function render(text: string, variables: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => variables[name] ?? "");
}

const SIGN = "【一网通办】";

/** Built-in texts (version 0), one per event type and language. */
export function defaultTemplate(eventType: NoticeEventType, language: NoticeLanguage): TemplateText {
  const zh = language === "zh-CN";
  const sms = (text: string) => ({
    smsText: text,
    smsSign: SIGN,
    smsTemplateId: `YW_${eventType.replace(/\./g, "_").toUpperCase()}`,
  });
  if (eventType === "evaluation.invited")
    return {
      version: 0,
      title: "{{title}}",
      body: "{{body}}",
      ...sms(
        zh
          ? "您办理的{{itemName}}已办结，请在{{days}}天内评价本次服务：{{link}}"
          : "Your {{itemName}} is complete. Please rate the service within {{days}} days: {{link}}",
      ),
    };
  if (eventType === "policies.matched")
    return {
      version: 0,
      title: "{{title}}",
      body: "{{body}}",
      ...sms(
        zh
          ? "{{enterpriseName}}符合惠企政策「{{benefitTitle}}」的条件，详情：{{link}}"
          : '{{enterpriseName}} meets the conditions of the business support "{{benefitTitle}}". Details: {{link}}',
      ),
    };
  return {
    version: 0,
    title: "{{title}}",
    body: "{{body}}",
    ...sms(zh ? "{{body}}详情：{{link}}" : "{{body}} Details: {{link}}"),
  };
}
