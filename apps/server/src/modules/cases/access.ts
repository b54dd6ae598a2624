/**
 * Who may see and do what on a case. The applicant side: the account that filed a personal case, or a
 * person acting for the enterprise a case was filed for (with the agent scope case.view to read and
 * case.apply to act). The staff side: case.read in one of the workflow's departments (a supervisor
 * everywhere); stage actions need the stage's permission in the task's department.
 */
import type { CaseCommand, CaseStatus, TaskStage } from "@yiwang/contracts";
import { can, type Principal } from "../../platform/auth/permissions.js";
import { PlatformErrors } from "../../platform/errors.js";
import { CaseErrors } from "./errors.js";
import type { CaseRow, TaskRow } from "./repository.js";
import { isLegal } from "./state.js";
import { STAGE_PERMISSION } from "./workflow.js";

export function isApplicant(p: Principal, row: CaseRow, need: "view" | "apply"): boolean {
  if (p.kind !== "citizen") return false;
  if (!row.enterprise_id) return row.applicant_account_id === p.id && !p.actingFor;
  const a = p.actingFor;
  if (!a || a.enterpriseId !== row.enterprise_id) return false;
  return a.as === "representative" || a.scopes.includes("*") || a.scopes.includes(`case.${need}`);
}

export function staffMayRead(p: Principal, row: CaseRow): boolean {
  return p.kind === "staff" && row.dept_ids.some((d) => can(p, "case.read", d));
}

/** 404 for a citizen who is not the applicant (nothing revealed), 403 for staff of other departments. */
export function assertReadable(p: Principal, row: CaseRow) {
  if (p.kind === "citizen") {
    if (!isApplicant(p, row, "view")) throw CaseErrors.CASE_NOT_FOUND({ id: row.id });
    return;
  }
  if (!staffMayRead(p, row)) throw PlatformErrors.FORBIDDEN({ permission: "case.read" });
}

export function assertApplicant(p: Principal, row: CaseRow) {
  assertReadable(p, row);
  if (!isApplicant(p, row, "apply")) throw PlatformErrors.FORBIDDEN({ permission: "case.apply" });
}

/** The open tasks the staff member could act on (their department, a role fit for the stage). */
export function tasksFor(p: Principal, open: readonly TaskRow[], stage?: TaskStage): TaskRow[] {
  if (p.kind !== "staff") return [];
  return open.filter((t) => (!stage || t.stage === stage) && can(p, STAGE_PERMISSION[t.stage as TaskStage], t.dept_id));
}

/** The caller's task for a command: prefers one they claimed; 403 when none fits, 409 when claimed by another. */
export function taskFor(p: Principal, open: readonly TaskRow[], stage?: TaskStage): TaskRow {
  const mine = tasksFor(p, open, stage);
  const task = mine.find((t) => t.claimed_by === p.id) ?? mine.find((t) => !t.claimed_by) ?? mine[0];
  if (!task) throw CaseErrors.CASE_NO_TASK_FOR_YOU({ stage: stage ?? null });
  if (task.claimed_by && task.claimed_by !== p.id)
    throw CaseErrors.CASE_TASK_CLAIMED({ taskId: task.id, claimedBy: task.claimed_by_name });
  return task;
}

const STAGE_COMMANDS: Record<TaskStage, CaseCommand[]> = {
  accept: ["accept", "refuse", "request_supplement"],
  review: ["pass", "veto", "request_supplement", "suspend"],
  decide: ["approve", "deny", "request_supplement", "suspend"],
  deliver: ["deliver"],
};

/** The commands the caller may run now (the buttons the UI shows). */
export function allowedCommands(p: Principal, row: CaseRow, open: readonly TaskRow[]): CaseCommand[] {
  const status = row.status as CaseStatus;
  const out = new Set<CaseCommand>();
  if (p.kind === "citizen" && isApplicant(p, row, "apply")) {
    for (const c of ["edit", "submit", "withdraw", "answer_supplement"] as const) if (isLegal(c, status)) out.add(c);
    // A bundle's drafts are submitted (or dropped) with their bundle, not one by one.
    if (row.bundle_application_id && status === "draft") {
      out.delete("submit");
      out.delete("withdraw");
    }
    return [...out];
  }
  if (p.kind !== "staff") return [];
  const mine = tasksFor(p, open);
  for (const t of mine) {
    const free = !t.claimed_by || t.claimed_by === p.id;
    if (!t.claimed_by && isLegal("claim", status)) out.add("claim");
    if (t.claimed_by === p.id && isLegal("release", status)) out.add("release");
    if (!free) continue;
    for (const c of STAGE_COMMANDS[t.stage as TaskStage]) {
      if (c === "request_supplement" && row.supplement_used) continue;
      if (isLegal(c, status)) out.add(c);
    }
    if (isLegal("resume", status)) out.add("resume");
  }
  return [...out];
}
