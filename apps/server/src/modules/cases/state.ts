/**
 * The case state machine: which command is legal in which status. Anything else is 409
 * CASE_ILLEGAL_TRANSITION. Who may run a legal command (the applicant, or staff holding the open task
 * of the right stage in the right department) is checked by the services. Pure.
 */
import type { CaseCommand, CaseStatus } from "@yiwang/contracts";

/** Filed and not yet decided (or refused or withdrawn). */
export const OPEN: readonly CaseStatus[] = ["submitted", "accepted", "in_review", "supplement_requested", "suspended"];

export const LEGAL_FROM: Record<CaseCommand, readonly CaseStatus[]> = {
  edit: ["draft"],
  submit: ["draft"],
  // From a draft it discards the application (cancelled); later it is 撤回 (withdrawn), before a decision.
  withdraw: ["draft", "queued", ...OPEN],
  answer_supplement: ["supplement_requested"],
  // The deliver task of a decided case is claimed like any other task.
  claim: ["submitted", "accepted", "in_review", "approved", "denied"],
  release: ["submitted", "accepted", "in_review", "approved", "denied"],
  accept: ["submitted"],
  refuse: ["submitted"],
  request_supplement: ["submitted", "accepted", "in_review"],
  pass: ["in_review"],
  veto: ["in_review"],
  suspend: ["accepted", "in_review"],
  resume: ["suspended"],
  approve: ["accepted"],
  deny: ["accepted"],
  deliver: ["approved", "denied"],
};

/** Statuses in which the case is being worked and its clock may run. */
export const IN_PROGRESS: ReadonlySet<CaseStatus> = new Set(["accepted", "in_review"]);
/** Statuses after which nothing but delivery happens. */
export const FINAL: ReadonlySet<CaseStatus> = new Set([
  "refused",
  "approved",
  "denied",
  "delivered",
  "withdrawn",
  "cancelled",
]);

export function isLegal(command: CaseCommand, status: CaseStatus): boolean {
  return LEGAL_FROM[command].includes(status);
}
