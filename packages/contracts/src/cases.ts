/**
 * Cases (办件): the API contract of applications, their workflow tasks, materials and history.
 * The portal (applicant side) and the workbench (staff side) read the same `CaseDetail`; what differs is
 * which actions the server lists in `allowedActions` for the caller.
 */
import { z } from "zod";
import {
  CASE_STATUS_TERMS,
  DEADLINE_LIGHT_TERMS,
  DELIVERY_METHOD_TERMS,
  SPECIAL_PROCEDURE_TERMS,
  TASK_STAGE_TERMS,
} from "./cases-vocabulary.js";
import { Audience, ItemCode } from "./catalog.js";
import { isoDate, isoInstant, uuid } from "./common.js";
import { codesOf } from "./vocabulary.js";

// ── vocabulary ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Case states. `queued` is a bundle case waiting for the bundle's earlier items; `accepted` is an
 * accepted case at its decide stage (受理，待决定); `in_review` is at a review stage (sequential or
 * parallel). `refused`, `approved`, `denied`, `delivered`, `withdrawn` and `cancelled` are final except
 * that an approved or denied case is then delivered (送达).
 */
export const CASE_STATUSES = codesOf(CASE_STATUS_TERMS);
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Append-only actions (the case history). */
export const CASE_ACTION_TYPES = [
  "created",
  "updated",
  "material_added",
  "material_removed",
  "submitted",
  "queued",
  "accepted",
  "refused",
  "claimed",
  "released",
  "review_passed",
  "review_vetoed",
  "supplement_requested",
  "supplement_answered",
  "suspended",
  "resumed",
  "approved",
  "denied",
  "delivered",
  "withdrawn",
  "cancelled",
  "escalated",
  /** A license the case used by reference (免提交) was revoked or suspended afterwards. */
  "license_status_changed",
  /** Every material deferred at 容缺受理 has been handed in: the commitment is fulfilled. */
  "deferral_cleared",
  /** The applicant paid the payment order raised with the approval (缴费, payments module). */
  "fee_paid",
  /** The payment order passed its due date unpaid: flagged to the window clerk. */
  "fee_overdue",
] as const;
export const CaseActionType = z.enum(CASE_ACTION_TYPES);
export type CaseActionType = z.infer<typeof CaseActionType>;

/** What a caller may do next (the server computes it for the caller; the UI shows these buttons). */
export const CASE_COMMANDS = [
  "edit",
  "submit",
  "withdraw",
  "answer_supplement",
  "claim",
  "release",
  "accept",
  "refuse",
  "request_supplement",
  "pass",
  "veto",
  "suspend",
  "resume",
  "approve",
  "deny",
  "deliver",
] as const;
export const CaseCommand = z.enum(CASE_COMMANDS);
export type CaseCommand = z.infer<typeof CaseCommand>;

/** A task's stage: the item workflow's (受理, 审查, 决定), or 送达 after the decision. */
export const TaskStage = z.enum(codesOf(TASK_STAGE_TERMS));
export type TaskStage = z.infer<typeof TaskStage>;

/** Deadline light (红黄灯): green, yellow when the remaining share drops below the threshold, red when overdue. */
export const DeadlineLight = z.enum(codesOf(DEADLINE_LIGHT_TERMS));
export type DeadlineLight = z.infer<typeof DeadlineLight>;

/** Special procedures (特别程序) that stop the clock. */
export const SpecialProcedureKind = z.enum(codesOf(SPECIAL_PROCEDURE_TERMS));
export type SpecialProcedureKind = z.infer<typeof SpecialProcedureKind>;

const reason = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: "请填写理由 / A reason is required" })
    .max(max, { message: `最多 ${max} 字 / At most ${max} characters` });
const comment = z.string().trim().max(2000).optional();

/** The case version the caller saw: a stale one is refused with 409 CASE_VERSION_CONFLICT (optimistic lock). */
const expectedVersion = z.number().int().min(1);

// ── requests ─────────────────────────────────────────────────────────────────────────────────────────

/** Start a draft for the current published version of an item (as oneself or as the enterprise acted for). */
export const CreateCaseRequest = z.object({ itemCode: ItemCode });
export type CreateCaseRequest = z.infer<typeof CreateCaseRequest>;

/** Save the draft's form data (validated against the item version's form on submit, shape-checked now). */
export const UpdateCaseFormRequest = z.object({
  formData: z.record(z.string(), z.unknown()),
  version: expectedVersion,
});
export type UpdateCaseFormRequest = z.infer<typeof UpdateCaseFormRequest>;

export const SubmitCaseRequest = z.object({ version: expectedVersion });
export const WithdrawCaseRequest = z.object({ version: expectedVersion, reason: reason(500) });

/** Answer a supplement request: the (possibly corrected) form data and a note; new files are uploaded first. */
export const AnswerSupplementRequest = z.object({
  version: expectedVersion,
  formData: z.record(z.string(), z.unknown()).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type AnswerSupplementRequest = z.infer<typeof AnswerSupplementRequest>;

/** Attach an e-license instead of a file (免提交), once the holder consents; the licenses module resolves it. */
export const AttachLicenseRequest = z.object({
  material: z.string().trim().min(1).max(200),
  licenseId: z.string().trim().min(1).max(128),
  /** The holder authorises the departments handling this case to read the license (授权用证). */
  consent: z.literal(true, { message: "须同意授权用证 / Consent to use the license is required" }),
});
export type AttachLicenseRequest = z.infer<typeof AttachLicenseRequest>;

export const ClaimRequest = z.object({ taskId: uuid });
/**
 * 容缺受理: accept with materials still missing (optional ones, or those the item's credit rule marks), for an
 * enterprise whose credit grade qualifies; the applicant commits (承诺) to hand them in by the due date.
 */
export const DeferralRequest = z.object({
  materials: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
  commitment: reason(1000),
});
export const AcceptRequest = z.object({ version: expectedVersion, comment, deferral: DeferralRequest.optional() });
export type AcceptRequest = z.infer<typeof AcceptRequest>;
export const RefuseRequest = z.object({ version: expectedVersion, reason: reason(2000) });
export const SupplementRequestBody = z.object({
  version: expectedVersion,
  /** 一次性告知: everything that is missing or wrong, one entry each. */
  items: z
    .array(z.object({ material: z.string().trim().max(200).optional(), note: reason(500) }))
    .min(1, { message: "至少列出一项需补正的内容 / List at least one item" })
    .max(50),
  comment,
});
export type SupplementRequestBody = z.infer<typeof SupplementRequestBody>;
export const ReviewRequest = z.object({ version: expectedVersion, comment });
export const VetoRequest = z.object({ version: expectedVersion, reason: reason(2000) });
export const SuspendRequest = z.object({
  version: expectedVersion,
  kind: SpecialProcedureKind,
  reason: reason(1000),
});
export type SuspendRequest = z.infer<typeof SuspendRequest>;
export const ResumeRequest = z.object({ version: expectedVersion, result: reason(2000) });
export const ApproveRequest = z.object({ version: expectedVersion, comment });
export const DenyRequest = z.object({ version: expectedVersion, reason: reason(2000) });
export const DeliverRequest = z.object({
  version: expectedVersion,
  method: z.enum(codesOf(DELIVERY_METHOD_TERMS)).default("online"),
  comment,
});

/** Workbench queue filters. */
export const InboxQuery = z.object({
  scope: z.enum(["open", "mine", "done"]).default("open"),
  stage: TaskStage.optional(),
  light: DeadlineLight.optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  /** Keyset paging: the page after this entry (the previous page's `nextCursor`); `offset` is then ignored. */
  after: z.uuid().optional(),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

/** Supervisor batch view (督办): open cases across departments by light. */
export const SupervisionQuery = z.object({
  light: DeadlineLight.optional(),
  dept: z.string().max(32).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SupervisionQuery = z.infer<typeof SupervisionQuery>;

export const MyCasesQuery = z.object({
  status: CaseStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

/** One application for a bundle (一件事): linked draft cases, one per item, submitted together. */
export const CreateBundleApplicationRequest = z.object({ bundleCode: ItemCode });
export const SubmitBundleApplicationRequest = z.object({
  /** Each case's version as the caller saw it. */
  versions: z.record(uuid, expectedVersion),
});

// ── responses ────────────────────────────────────────────────────────────────────────────────────────

export const Deadline = z.object({
  /** Promised limit in working days, from acceptance. */
  promiseDays: z.number().int(),
  /** Local date whose end is the deadline (moves when the clock stops). */
  date: isoDate.nullable(),
  at: isoInstant.nullable(),
  /** Working days the clock was stopped (supplement, special procedures). */
  pausedWorkingDays: z.number().int(),
  /** Working days left (negative when overdue); null before acceptance or after the decision. */
  remainingWorkingDays: z.number().int().nullable(),
  light: DeadlineLight,
  escalationLevel: z.number().int(),
});
export type Deadline = z.infer<typeof Deadline>;

export const CaseTask = z.object({
  id: uuid,
  step: z.number().int(),
  branch: z.number().int(),
  stage: TaskStage,
  dept: z.string(),
  deptName: z.string(),
  status: z.enum(["open", "done", "cancelled"]),
  claimedBy: z.object({ id: uuid, name: z.string() }).nullable(),
  outcome: z.string().nullable(),
  comment: z.string().nullable(),
  completedBy: z.object({ id: uuid, name: z.string() }).nullable(),
  completedAt: isoInstant.nullable(),
  createdAt: isoInstant,
});
export type CaseTask = z.infer<typeof CaseTask>;

export const CaseMaterial = z.object({
  id: uuid,
  /** The item's material name this satisfies (or 其他材料). */
  material: z.string(),
  kind: z.enum(["file", "license"]),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  size: z.number().int().nullable(),
  sha256: z.string().nullable(),
  licenseId: z.string().nullable(),
  /** Download path (authorised on every request). */
  url: z.string().nullable(),
  addedAt: isoInstant,
  /** Added while answering the supplement request. */
  supplement: z.boolean(),
});
export type CaseMaterial = z.infer<typeof CaseMaterial>;

export const CaseAction = z.object({
  seq: z.number().int(),
  type: CaseActionType,
  actor: z.object({ kind: z.enum(["citizen", "staff", "system"]), id: z.string().nullable(), name: z.string() }),
  /** The enterprise acted for (enterprise:<USCC>), or null. */
  actingFor: z.string().nullable(),
  at: isoInstant,
  comment: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type CaseAction = z.infer<typeof CaseAction>;

export const SupplementInfo = z.object({
  requestedAt: isoInstant,
  requestedBy: z.string(),
  items: z.array(z.object({ material: z.string().nullable(), note: z.string() })),
  comment: z.string().nullable(),
  answeredAt: isoInstant.nullable(),
});

export const SpecialProcedure = z.object({
  kind: SpecialProcedureKind,
  reason: z.string(),
  startedAt: isoInstant,
  endedAt: isoInstant.nullable(),
  result: z.string().nullable(),
  workingDays: z.number().int().nullable(),
});

export const CaseSummary = z
  .object({
    id: uuid,
    /** 办件编号: region code + date + sequence, e.g. 990100-20260213-000042; null for a draft. */
    number: z.string().nullable(),
    itemCode: z.string(),
    itemVersion: z.number().int(),
    itemName: z.string(),
    status: CaseStatus,
    /** Where the case stands: the open stage(s); 送达 once decided and not yet delivered. */
    stage: TaskStage.nullable(),
    applicantName: z.string(),
    /** Enterprise applied for, if any. */
    enterpriseName: z.string().nullable(),
    bundleApplicationId: uuid.nullable(),
    submittedAt: isoInstant.nullable(),
    acceptedAt: isoInstant.nullable(),
    decidedAt: isoInstant.nullable(),
    deadline: Deadline,
    version: z.number().int(),
    updatedAt: isoInstant,
  })
  .meta({ id: "CaseSummary" });
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseDetail = CaseSummary.extend({
  audience: Audience,
  formData: z.record(z.string(), z.unknown()),
  /** 免填: the fields filled in when the draft was made whose value is still the one filled in, and from where. */
  prefilledFrom: z
    .record(z.string(), z.object({ source: z.string(), label: z.string(), labelEn: z.string() }))
    .default({}),
  /** The form schema of the item version the case was filed under (what the data is validated against). */
  form: z.object({ schema: z.record(z.string(), z.unknown()), uiSchema: z.record(z.string(), z.unknown()) }),
  materials: z.array(CaseMaterial),
  tasks: z.array(CaseTask),
  history: z.array(CaseAction),
  supplement: SupplementInfo.nullable(),
  specialProcedures: z.array(SpecialProcedure),
  decision: z
    .object({ outcome: z.enum(["approved", "denied"]), reason: z.string().nullable(), at: isoInstant, by: z.string() })
    .nullable(),
  allowedActions: z.array(CaseCommand),
  /** The open task the caller would act on (for claim/release and stage actions). */
  myTaskId: uuid.nullable(),
  /** 容缺受理: the materials deferred at acceptance, the applicant's commitment and the due date. */
  deferral: z
    .object({
      commitment: z.string(),
      dueDate: isoDate,
      materials: z.array(z.object({ name: z.string(), submitted: z.boolean() })),
      clearedAt: isoInstant.nullable(),
    })
    .nullable(),
}).meta({ id: "CaseDetail" });
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseList = z.object({ items: z.array(CaseSummary), total: z.number().int() });
export type CaseList = z.infer<typeof CaseList>;

/** A workbench queue row: the task and its case. */
export const InboxEntry = z.object({ task: CaseTask, case: CaseSummary });
export type InboxEntry = z.infer<typeof InboxEntry>;
export const Inbox = z.object({
  items: z.array(InboxEntry),
  total: z.number().int(),
  counts: z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int() }),
  /** Pass as `after` for the next page (keyset: stable while tasks come and go); null on the last page. */
  nextCursor: z.uuid().nullable(),
});
export type Inbox = z.infer<typeof Inbox>;

export const BundleApplication = z.object({
  id: uuid,
  bundleCode: z.string(),
  bundleName: z.string(),
  status: z.enum(["draft", "submitted", "completed", "failed"]),
  /** The cases in the bundle's order; `step` is the position (cases in one step run in parallel). */
  cases: z.array(CaseSummary.extend({ step: z.number().int() })),
  createdAt: isoInstant,
});
export type BundleApplication = z.infer<typeof BundleApplication>;

/** 一表申请: the bundle's one form, merged from its drafts' forms (fields asked once). */
export const BundleApplicationForm = z
  .object({
    form: z.object({ schema: z.record(z.string(), z.unknown()), uiSchema: z.record(z.string(), z.unknown()) }),
    formData: z.record(z.string(), z.unknown()),
    /** Which items' form properties each field feeds. */
    feeds: z.record(
      z.string(),
      z.array(z.object({ itemCode: z.string(), itemName: z.string(), property: z.string() })),
    ),
    /** Each draft's version, for the next save or the submit. */
    versions: z.record(uuid, z.number().int()),
    editable: z.boolean(),
  })
  .meta({ id: "BundleApplicationForm" });
export type BundleApplicationForm = z.infer<typeof BundleApplicationForm>;
export const SaveBundleFormRequest = z.object({
  formData: z.record(z.string(), z.unknown()),
  /** Each draft's version as the caller saw it. */
  versions: z.record(uuid, expectedVersion),
});
