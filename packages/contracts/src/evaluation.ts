/**
 * 好差评 (evaluation) contracts: invitations, evaluations and 追评, 差评 rectification tickets, appeals
 * (申诉复核) and statistics. Rules and their sources are in docs/modules/evaluation.md.
 */
import { z } from "zod";
import { isoInstant } from "./common.js";
import {
  APPEAL_STATUS_TERMS,
  EVALUATION_CHANNEL_TERMS,
  EVALUATION_MODE_TERMS,
  EVALUATION_STATS_DIMENSION_TERMS,
  EVALUATION_SUBJECT_TERMS,
  EVALUATION_TAGS_MAX,
  EVALUATION_TEXT_MAX,
  RECTIFICATION_HANDLING_TERMS,
  RECTIFICATION_STATUS_TERMS,
} from "./evaluation-vocabulary.js";
import { codesOf } from "./vocabulary.js";

export const EvaluationLevel = z.number().int().min(1).max(5);
export const EvaluationChannel = z.enum(codesOf(EVALUATION_CHANNEL_TERMS));
export type EvaluationChannel = z.infer<typeof EvaluationChannel>;
/** What a citizen may say they used; the kiosk and the hotline set their own channel. */
export const CitizenChannel = z.enum(["pc", "mobile", "sms"]);
export const EvaluationSubjectKind = z.enum(codesOf(EVALUATION_SUBJECT_TERMS));
export const EvaluationMode = z.enum(codesOf(EVALUATION_MODE_TERMS));
export const RectificationStatus = z.enum(codesOf(RECTIFICATION_STATUS_TERMS));
export type RectificationStatus = z.infer<typeof RectificationStatus>;
export const RectificationHandling = z.enum(codesOf(RECTIFICATION_HANDLING_TERMS));
export const AppealStatus = z.enum(codesOf(APPEAL_STATUS_TERMS));
export const EvaluationStatsDimension = z.enum(codesOf(EVALUATION_STATS_DIMENSION_TERMS));
export type EvaluationStatsDimension = z.infer<typeof EvaluationStatsDimension>;

const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1).max(max);
const expectedVersion = z.number().int().min(1);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "月份格式应为 YYYY-MM / Month must be YYYY-MM" });

// ── indicator sets ──────────────────────────────────────────────────────────────────────────────────

const Label = z.object({ code: z.string(), zh: z.string(), en: z.string() });

/** A versioned national indicator set (评价指标) with the reason tags offered per level. */
export const IndicatorSet = z.object({
  id: z.string(),
  mode: EvaluationMode,
  version: z.number().int(),
  name: z.string(),
  source: z.string(),
  indicators: z.array(Label),
  reasons: z.array(Label.extend({ levels: z.array(EvaluationLevel) })),
});
export type IndicatorSet = z.infer<typeof IndicatorSet>;

// ── evaluations ─────────────────────────────────────────────────────────────────────────────────────

/** An evaluation (or 追评): level, indicator scores, reason tags, free text. Immutable once given. */
export const GiveEvaluationRequest = z.object({
  level: EvaluationLevel,
  /** Indicator code → 1–5; indicators left out are not scored. */
  scores: z.record(z.string().max(40), EvaluationLevel).default({}),
  tags: z.array(z.string().max(40)).max(EVALUATION_TAGS_MAX).default([]),
  text: text(EVALUATION_TEXT_MAX).default(""),
  channel: CitizenChannel.default("pc"),
  /** A photo uploaded for this invitation first (POST …/invitations/{id}/photo). */
  photoId: z.uuid().optional(),
});
export type GiveEvaluationRequest = z.input<typeof GiveEvaluationRequest>;

/** 追评: once, after the evaluation; a new record (the first one is never changed). */
export const FollowUpRequest = z.object({
  level: EvaluationLevel.optional(),
  text: required(EVALUATION_TEXT_MAX),
  channel: CitizenChannel.default("pc"),
});
export type FollowUpRequest = z.input<typeof FollowUpRequest>;

export const Evaluation = z.object({
  id: z.uuid(),
  kind: z.enum(["initial", "follow_up"]),
  level: EvaluationLevel,
  scores: z.record(z.string(), z.number().int()),
  tags: z.array(z.string()),
  text: z.string(),
  channel: EvaluationChannel,
  createdAt: isoInstant,
  /** Excluded from the statistics by an upheld appeal (kept, with the reason). */
  excluded: z.object({ reason: z.string(), at: isoInstant }).nullable(),
  /** A photo came with it: GET /api/evaluation/evaluations/{id}/photo (the invitee, or the department's staff). */
  hasPhoto: z.boolean(),
});
export type Evaluation = z.infer<typeof Evaluation>;

/** A photo uploaded for an invitation, to be named in the evaluation (`photoId`). */
export const EvaluationPhoto = z
  .object({ id: z.uuid(), contentType: z.string(), size: z.number().int() })
  .meta({ id: "EvaluationPhoto" });
export type EvaluationPhoto = z.infer<typeof EvaluationPhoto>;

/** What the citizen sees of the rectification of their 差评: the department's reply, and their callback. */
export const RectificationForCitizen = z.object({
  id: z.uuid(),
  status: RectificationStatus,
  handling: RectificationHandling.nullable(),
  reply: z.string().nullable(),
  repliedAt: isoInstant.nullable(),
  callback: z.object({ satisfied: z.boolean(), comment: z.string(), at: isoInstant }).nullable(),
});
export type RectificationForCitizen = z.infer<typeof RectificationForCitizen>;

export const EvaluationInvitation = z.object({
  id: z.uuid(),
  subject: z.object({ kind: EvaluationSubjectKind, id: z.string(), label: z.string() }),
  itemName: z.string(),
  departmentName: z.string(),
  staffName: z.string().nullable(),
  status: z.enum(["open", "evaluated", "expired"]),
  createdAt: isoInstant,
  expiresAt: isoInstant,
  indicatorSet: IndicatorSet,
  evaluation: Evaluation.nullable(),
  followUp: Evaluation.nullable(),
  /** Until when a 追评 may be added (null when it may not). */
  followUpUntil: isoInstant.nullable(),
  rectification: RectificationForCitizen.nullable(),
});
export type EvaluationInvitation = z.infer<typeof EvaluationInvitation>;

export const EvaluationInvitationList = z.object({ items: z.array(EvaluationInvitation), total: z.number().int() });
export type EvaluationInvitationList = z.infer<typeof EvaluationInvitationList>;
export const MyEvaluationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The citizen's answer to the department's reply: did it fix things? Closes the ticket. */
export const RectificationCallbackRequest = z.object({
  satisfied: z.boolean(),
  comment: text(EVALUATION_TEXT_MAX).default(""),
});
export type RectificationCallbackRequest = z.input<typeof RectificationCallbackRequest>;

// ── rectification (staff) ───────────────────────────────────────────────────────────────────────────

export const Appeal = z.object({
  id: z.uuid(),
  evaluationId: z.uuid(),
  department: z.object({ id: z.uuid(), name: z.string() }),
  reason: z.string(),
  filedBy: z.string(),
  filedAt: isoInstant,
  status: AppealStatus,
  decision: z.object({ reason: z.string(), by: z.string(), at: isoInstant }).nullable(),
});
export type Appeal = z.infer<typeof Appeal>;

/** The department's view of a 差评 and its ticket; the applicant's name masked. */
export const Rectification = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: RectificationStatus,
  department: z.object({ id: z.uuid(), name: z.string() }),
  subject: z.object({ kind: EvaluationSubjectKind, label: z.string() }),
  itemName: z.string(),
  staffName: z.string().nullable(),
  applicant: z.string(),
  evaluation: Evaluation,
  handling: RectificationHandling.nullable(),
  finding: z.string().nullable(),
  reply: z.string().nullable(),
  repliedAt: isoInstant.nullable(),
  repliedOnTime: z.boolean().nullable(),
  deadlineDate: z.string(),
  deadlineAt: isoInstant,
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  callback: RectificationForCitizen.shape.callback,
  appeal: Appeal.nullable(),
  createdAt: isoInstant,
});
export type Rectification = z.infer<typeof Rectification>;

export const RectificationList = z.object({ items: z.array(Rectification), total: z.number().int() });
export type RectificationList = z.infer<typeof RectificationList>;
export const RectificationListQuery = z.object({
  status: RectificationStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type RectificationListQuery = z.infer<typeof RectificationListQuery>;

/** 核实: the department states what it found and how it handles it. */
export const VerifyRectificationRequest = z.object({
  version: expectedVersion,
  handling: RectificationHandling,
  finding: required(2000),
});
export type VerifyRectificationRequest = z.infer<typeof VerifyRectificationRequest>;

/** 答复: what the department tells the citizen it did. */
export const ReplyRectificationRequest = z.object({ version: expectedVersion, reply: required(2000) });
export type ReplyRectificationRequest = z.infer<typeof ReplyRectificationRequest>;

// ── appeals (申诉复核) ──────────────────────────────────────────────────────────────────────────────

export const FileAppealRequest = z.object({ reason: required(2000) });
export type FileAppealRequest = z.infer<typeof FileAppealRequest>;

export const DecideAppealRequest = z.object({ upheld: z.boolean(), reason: required(2000) });
export type DecideAppealRequest = z.infer<typeof DecideAppealRequest>;

/** An appeal with the review it is about, for the supervisors. */
export const AppealDetail = Appeal.extend({
  subject: z.object({ kind: EvaluationSubjectKind, label: z.string() }),
  itemName: z.string(),
  evaluation: Evaluation,
  rectificationId: z.uuid().nullable(),
});
export type AppealDetail = z.infer<typeof AppealDetail>;
export const AppealList = z.object({ items: z.array(AppealDetail), total: z.number().int() });
export type AppealList = z.infer<typeof AppealList>;
export const AppealListQuery = z.object({
  status: AppealStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AppealListQuery = z.infer<typeof AppealListQuery>;

// ── statistics ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Counts and rates of one group. Over evaluations (not 追评) not excluded by an upheld appeal:
 * satisfactionRate = levels 3–5 / total, badRate = levels 1–2 / total, rectificationRate = 差评 replied to /
 * 差评, onTimeRate = replied by the deadline / replied. A rate is null when its denominator is 0; rates are
 * rounded to 4 decimal places.
 */
export const EvaluationFigures = z.object({
  total: z.number().int(),
  satisfied: z.number().int(),
  bad: z.number().int(),
  rectified: z.number().int(),
  onTime: z.number().int(),
  satisfactionRate: z.number().nullable(),
  badRate: z.number().nullable(),
  rectificationRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
});
export type EvaluationFigures = z.infer<typeof EvaluationFigures>;

export const EvaluationStatsQuery = z.object({
  by: EvaluationStatsDimension.default("department"),
  from: month.optional(),
  to: month.optional(),
});
export type EvaluationStatsQuery = z.infer<typeof EvaluationStatsQuery>;

export const EvaluationStatsRow = EvaluationFigures.extend({ key: z.string(), label: z.string() });
export type EvaluationStatsRow = z.infer<typeof EvaluationStatsRow>;
export const EvaluationStats = z.object({
  by: EvaluationStatsDimension,
  rows: z.array(EvaluationStatsRow),
  totals: EvaluationFigures,
  /** Expired invitations never evaluated, counted as 默认好评 only when configured (else null); never in the rates. */
  defaultGood: z.number().int().nullable(),
});
export type EvaluationStats = z.infer<typeof EvaluationStats>;

/** The public page: per-department figures, no personal data. */
export const PublicEvaluationStats = z.object({
  departments: z.array(EvaluationFigures.extend({ departmentId: z.uuid(), departmentName: z.string() })),
  totals: EvaluationFigures,
});
export type PublicEvaluationStats = z.infer<typeof PublicEvaluationStats>;

// ── service hall visits (评价器) ───────────────────────────────────────────────────────────────────

export const CreateVisitRequest = z.object({ itemName: required(200), itemCode: z.string().max(40).optional() });
export type CreateVisitRequest = z.infer<typeof CreateVisitRequest>;
/** The kiosk link for one visit: the token is shown once (a QR code on the window's pad). */
export const VisitInvitation = z.object({ invitationId: z.uuid(), token: z.string(), expiresAt: isoInstant });
export type VisitInvitation = z.infer<typeof VisitInvitation>;
/** What the kiosk shows for a visit token: no personal data. */
export const KioskInvitation = EvaluationInvitation.pick({
  itemName: true,
  departmentName: true,
  staffName: true,
  status: true,
  expiresAt: true,
  indicatorSet: true,
});
export type KioskInvitation = z.infer<typeof KioskInvitation>;
export const KioskEvaluationRequest = GiveEvaluationRequest.omit({ channel: true, photoId: true });
export type KioskEvaluationRequest = z.input<typeof KioskEvaluationRequest>;
