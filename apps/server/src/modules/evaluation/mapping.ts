/** Rows → contract types (never a row in an answer). */
import {
  type Appeal,
  type Evaluation,
  type EvaluationChannel,
  maskName,
  type Rectification,
  type RectificationForCitizen,
} from "@yiwang/contracts";
import type { WorkCalendar } from "../../platform/calendar/work-calendar.js";
import type { AppealRow, RectificationRow } from "./rectifications.repository.js";
import type { EvaluationWithExclusion, InvitationRow } from "./repository.js";

export function toEvaluation(r: EvaluationWithExclusion): Evaluation {
  return {
    id: r.id,
    kind: r.kind as Evaluation["kind"],
    level: r.level,
    scores: r.scores,
    tags: r.tags,
    text: r.text,
    channel: r.channel as EvaluationChannel,
    createdAt: r.created_at.toISOString(),
    excluded:
      r.excluded_reason !== null && r.excluded_at
        ? { reason: r.excluded_reason, at: new Date(r.excluded_at).toISOString() }
        : null,
    hasPhoto: Boolean(r.has_photo),
  };
}

export function toCitizenRectification(r: RectificationRow): RectificationForCitizen {
  return {
    id: r.id,
    status: r.status as RectificationForCitizen["status"],
    handling: r.handling as RectificationForCitizen["handling"],
    reply: r.reply,
    repliedAt: r.replied_at?.toISOString() ?? null,
    callback:
      r.callback_satisfied !== null && r.callback_at
        ? { satisfied: r.callback_satisfied, comment: r.callback_comment ?? "", at: r.callback_at.toISOString() }
        : null,
  };
}

export function toAppeal(a: AppealRow, departmentName: string): Appeal {
  return {
    id: a.id,
    evaluationId: a.evaluation_id,
    department: { id: a.department_id, name: departmentName },
    reason: a.reason,
    filedBy: a.filed_by_name,
    filedAt: a.filed_at.toISOString(),
    status: a.status as Appeal["status"],
    decision:
      a.decided_at && a.decision_reason !== null
        ? { reason: a.decision_reason, by: a.decided_by_name ?? "", at: a.decided_at.toISOString() }
        : null,
  };
}

/** Masks a name for staff screens (张三 → *三); the invitation keeps only this form. */
export const maskedName = (name: string) => (name.trim() ? maskName(name.trim()) : "");

export function toRectification(
  r: RectificationRow,
  e: EvaluationWithExclusion,
  inv: InvitationRow,
  appeal: AppealRow | undefined,
  cal: WorkCalendar,
  now: Date,
): Rectification {
  const due = cal.endOfDay(r.deadline_date);
  const open = r.status === "verifying" || r.status === "rectifying";
  return {
    id: r.id,
    version: r.version,
    status: r.status as Rectification["status"],
    department: { id: r.department_id, name: inv.department_name },
    subject: { kind: inv.subject_kind as Rectification["subject"]["kind"], label: inv.subject_label },
    itemName: inv.item_name,
    staffName: inv.staff_name,
    applicant: inv.invitee_name_masked,
    evaluation: toEvaluation(e),
    handling: r.handling as Rectification["handling"],
    finding: r.finding,
    reply: r.reply,
    repliedAt: r.replied_at?.toISOString() ?? null,
    repliedOnTime: r.replied_on_time,
    deadlineDate: r.deadline_date,
    deadlineAt: due.toISOString(),
    overdue: open && now.getTime() > due.getTime(),
    escalationLevel: r.escalation_level,
    callback: toCitizenRectification(r).callback,
    appeal: appeal ? toAppeal(appeal, inv.department_name) : null,
    createdAt: r.created_at.toISOString(),
  };
}
