/**
 * The workflow of a case, derived from the item version's steps when the case is filed and kept with
 * the case (a later catalog edit never changes a running case). A plan is a list of steps; each step
 * has one branch (sequential) or several (并联审批), each branch a stage handled by one department.
 * Pure: no I/O.
 */
import {
  type CaseStatus,
  type StageKind,
  type Step,
  stepIssues,
  type TaskStage,
  type VetoRule,
} from "@yiwang/contracts";
import type { Permission } from "../../platform/auth/permissions.js";

export interface PlanBranch {
  stage: StageKind;
  dept: string;
  deptId: string;
  deptName: string;
}

export interface PlanStep {
  branches: PlanBranch[];
  /** For a parallel group: what a veto does (deny at once, or leave it to the lead department). */
  onVeto: VetoRule;
}

export type WorkflowPlan = PlanStep[];

export interface DepartmentRef {
  id: string;
  name: string;
  regionCode: string;
}

/**
 * Who acts at each stage: accepting is the window's (窗口), reviewing and deciding the approvers', and
 * delivering the decision (送达) the lead department's window again.
 */
export const STAGE_PERMISSION: Record<TaskStage, Permission> = {
  accept: "case.accept",
  review: "case.review",
  decide: "case.decide",
  deliver: "case.deliver",
};

/**
 * Builds the plan of an item version's steps, resolving department keys. Returns the structural
 * problems instead when the definition is not a well-formed workflow (first accept or a lone decide,
 * reviews in between, decide last — so every stage is reachable and none is a dead end) or names a
 * department that does not exist.
 */
export function buildPlan(
  steps: readonly Step[],
  departments: ReadonlyMap<string, DepartmentRef>,
): { plan: WorkflowPlan } | { issues: string[] } {
  const issues = stepIssues([...steps]).map((i) => `steps/${i.path.join("/")}: ${i.message}`);
  const plan: WorkflowPlan = [];
  steps.forEach((s, i) => {
    const stages = "parallel" in s ? s.parallel : [s];
    const branches: PlanBranch[] = [];
    for (const b of stages) {
      const dept = departments.get(b.dept);
      if (!dept) {
        issues.push(`steps/${i}: 部门 ${b.dept} 不存在 / No department ${b.dept}`);
        continue;
      }
      branches.push({ stage: b.stage, dept: b.dept, deptId: dept.id, deptName: dept.name });
    }
    plan.push({ branches, onVeto: "parallel" in s ? (s.onVeto ?? "deny") : "deny" });
  });
  return issues.length > 0 ? { issues } : { plan };
}

/** The status a case has while step `index` is open. */
export function statusAtStep(
  plan: WorkflowPlan,
  index: number,
): Extract<CaseStatus, "submitted" | "in_review" | "accepted"> {
  const stage = plan[index]?.branches[0]?.stage;
  if (stage === "accept") return "submitted";
  if (stage === "review") return "in_review";
  return "accepted";
}

/** Every department taking part (ids), for read access and the supervision filter. */
export function departmentIds(plan: WorkflowPlan): string[] {
  return [...new Set(plan.flatMap((s) => s.branches.map((b) => b.deptId)))];
}

/** Whether the workflow starts by deciding (即办件: filing is accepting, decided on the spot). */
export function startsWithDecision(plan: WorkflowPlan): boolean {
  return plan[0]?.branches[0]?.stage === "decide";
}

export type BranchOutcome = "passed" | "vetoed";

/**
 * What happens after a review branch completes, given the outcomes of the step's completed branches
 * and how many branches are still open: wait for the others, go on to the next step, or deny now.
 */
export function afterReview(step: PlanStep, outcome: BranchOutcome, stillOpen: number): "wait" | "advance" | "deny" {
  if (outcome === "vetoed" && step.onVeto === "deny") return "deny";
  return stillOpen > 0 ? "wait" : "advance";
}
