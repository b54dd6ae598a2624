/**
 * Notice constants without zod (issue 18): the web app takes them through `@yiwang/contracts/vocabularies`,
 * so its bundle does not pull in the schemas; `notify.ts` builds its schemas from them.
 */

/** Where a notice can go. In-app is the notification centre; the others leave the platform. */
export const NOTICE_CHANNELS = ["inapp", "sms", "email", "webhook", "webpush"] as const;
/** Channels a person may choose for their own notices (webhooks go to department groups, not people). */
export const PERSONAL_CHANNELS = ["inapp", "sms", "email", "webpush"] as const;

export const NOTICE_LANGUAGES = ["zh-CN", "en"] as const;

/** Variables every template may use: the in-app notice's own text and link. */
export const COMMON_NOTICE_VARIABLES = ["title", "body", "link"] as const;

/**
 * The event types people get notices for, with what their templates may use. `legal`: a notice the law
 * requires (补正告知, 决定送达) — it cannot be switched off, only moved to another channel, and quiet hours
 * do not hold it back.
 */
export const NOTICE_EVENTS = {
  "case.accepted": { legal: false, variables: ["caseNumber"] },
  "case.supplement_requested": { legal: true, variables: ["caseNumber"] },
  "case.refused": { legal: true, variables: ["caseNumber"] },
  "case.decided": { legal: true, variables: ["caseNumber", "outcome"] },
  "case.delivered": { legal: false, variables: ["caseNumber"] },
  "case.cancelled": { legal: false, variables: ["caseNumber"] },
  "evaluation.invited": { legal: false, variables: ["itemName", "caseNumber", "days"] },
  "policies.matched": { legal: false, variables: ["enterpriseName", "benefitTitle", "amount"] },
} as const satisfies Record<string, { legal: boolean; variables: readonly string[] }>;
export type NoticeEventType = keyof typeof NOTICE_EVENTS;
export const NOTICE_EVENT_TYPES = Object.keys(NOTICE_EVENTS) as NoticeEventType[];

export const DELIVERY_STATUSES = ["queued", "sent", "delivered", "failed"] as const;
