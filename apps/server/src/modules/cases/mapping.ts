/** Rows → contract shapes (never a database row in a response). */
import type {
  CaseAction,
  CaseMaterial,
  CaseStatus,
  CaseSummary,
  CaseTask,
  MaterialLicenseHolder,
  TaskStage,
} from "@yiwang/contracts";
import type { WorkCalendar } from "../../platform/calendar/work-calendar.js";
import { deadlineView } from "./deadline.js";
import type { ActionRow, CaseRow, MaterialRow, PauseRow, TaskRow } from "./repository.js";
import { OPEN } from "./state.js";
import type { PlanStep } from "./workflow.js";

/** What cases.steps stores: the workflow plan and the lead (implementing) department. */
export interface StoredPlan {
  lead: { key: string; id: string; name: string };
  steps: PlanStep[];
}

export const planOf = (row: CaseRow) => row.steps as StoredPlan;

export interface MaterialSpec {
  name: string;
  required: boolean;
  fromLicense: string | null;
  /** Whose license (person: the one applying; enterprise: the one applied for); null or absent: as the type says. */
  licenseHolder?: MaterialLicenseHolder | null;
}

export const materialSpecOf = (row: CaseRow) => row.materials_spec as MaterialSpec[];

/** Decided and waiting for 送达 (the deliver task is open). */
const AWAITING_DELIVERY: ReadonlySet<string> = new Set(["approved", "denied"]);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function materialUrl(caseId: string, materialId: string) {
  return `/api/cases/${caseId}/materials/${materialId}/file`;
}

/** The columns a summary needs (lists read only these: not the form, its schema or the plan). */
export const SUMMARY_COLUMNS = [
  "id",
  "number",
  "item_code",
  "item_version",
  "item_name",
  "status",
  "current_step",
  "applicant_name",
  "enterprise_name",
  "bundle_application_id",
  "submitted_at",
  "accepted_at",
  "decided_at",
  "promise_days",
  "deadline_date",
  "paused_working_days",
  "escalation_level",
  "version",
  "created_at",
  "updated_at",
] as const;

/** A summary's row: those columns and the current step's first stage, read in SQL from the stored plan. */
export type SummaryRow = Pick<CaseRow, (typeof SUMMARY_COLUMNS)[number]> & { current_stage: string | null };

/** The current step's first stage of a whole row (what `current_stage` reads in SQL). */
function currentStage(row: CaseRow | SummaryRow): string | null {
  if ("current_stage" in row) return row.current_stage;
  const step = row.current_step !== null ? planOf(row).steps[row.current_step] : undefined;
  return step ? step.branches[0]!.stage : null;
}

export function toSummary(row: CaseRow | SummaryRow, cal: WorkCalendar, now: Date, yellowShare: number): CaseSummary {
  const stage = currentStage(row);
  const open = OPEN.includes(row.status as CaseStatus);
  return {
    id: row.id,
    number: row.number,
    itemCode: row.item_code,
    itemVersion: row.item_version,
    itemName: row.item_name,
    status: row.status as CaseStatus,
    stage: open && stage ? (stage as TaskStage) : AWAITING_DELIVERY.has(row.status) ? "deliver" : null,
    applicantName: row.applicant_name,
    enterpriseName: row.enterprise_name,
    bundleApplicationId: row.bundle_application_id,
    submittedAt: iso(row.submitted_at),
    acceptedAt: iso(row.accepted_at),
    decidedAt: iso(row.decided_at),
    deadline: deadlineView(
      cal,
      {
        status: row.status,
        promiseDays: row.promise_days,
        deadlineDate: row.deadline_date,
        pausedWorkingDays: row.paused_working_days,
        escalationLevel: row.escalation_level,
      },
      now,
      yellowShare,
    ),
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toTask(t: TaskRow): CaseTask {
  return {
    id: t.id,
    step: t.step,
    branch: t.branch,
    stage: t.stage as TaskStage,
    dept: t.dept,
    deptName: t.dept_name,
    status: t.status as CaseTask["status"],
    claimedBy: t.claimed_by ? { id: t.claimed_by, name: t.claimed_by_name ?? "" } : null,
    outcome: t.outcome,
    comment: t.comment,
    completedBy: t.completed_by ? { id: t.completed_by, name: t.completed_by_name ?? "" } : null,
    completedAt: iso(t.completed_at),
    createdAt: t.created_at.toISOString(),
  };
}

export function toMaterial(m: MaterialRow): CaseMaterial {
  return {
    id: m.id,
    material: m.material,
    kind: m.kind as CaseMaterial["kind"],
    fileName: m.file_name,
    contentType: m.content_type,
    size: m.size,
    sha256: m.sha256,
    licenseId: m.license_id,
    url: m.kind === "file" ? materialUrl(m.case_id, m.id) : null,
    addedAt: m.added_at.toISOString(),
    supplement: m.supplement,
  };
}

export function toAction(a: ActionRow): CaseAction {
  return {
    seq: a.seq,
    type: a.type as CaseAction["type"],
    actor: { kind: a.actor_kind as CaseAction["actor"]["kind"], id: a.actor_id, name: a.actor_name },
    actingFor: a.acting_for,
    at: a.at.toISOString(),
    comment: a.comment,
    payload: a.payload,
  };
}

export function toSupplement(p: PauseRow | undefined) {
  if (!p) return null;
  return {
    requestedAt: p.started_at.toISOString(),
    requestedBy: p.started_by,
    items: ((p.items as { material?: string | null; note: string }[] | null) ?? []).map((i) => ({
      material: i.material ?? null,
      note: i.note,
    })),
    comment: p.reason || null,
    answeredAt: iso(p.ended_at),
  };
}

export function toSpecialProcedure(p: PauseRow) {
  return {
    kind: p.kind as "expert_review" | "hearing" | "publicity" | "testing" | "other",
    reason: p.reason,
    startedAt: p.started_at.toISOString(),
    endedAt: iso(p.ended_at),
    result: p.result,
    workingDays: p.working_days,
  };
}
