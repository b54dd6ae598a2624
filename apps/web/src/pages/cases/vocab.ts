import type { CaseCommand, CaseStatus, DeadlineLight, SpecialProcedureKind, StageKind } from "@yiwang/contracts";

/**
 * The case vocabulary as runtime lists for selects. Copied from the contract rather than imported: a value
 * import of @yiwang/contracts would bring zod into the bundle (types are checked against it instead).
 */
export const STATUSES = [
  "draft",
  "queued",
  "submitted",
  "accepted",
  "in_review",
  "supplement_requested",
  "suspended",
  "refused",
  "approved",
  "denied",
  "delivered",
  "withdrawn",
  "cancelled",
] as const satisfies readonly CaseStatus[];

export const STAGES = ["accept", "review", "decide"] as const satisfies readonly StageKind[];
export const LIGHTS = ["green", "yellow", "red", "paused", "none"] as const satisfies readonly DeadlineLight[];
export const PROCEDURE_KINDS = [
  "expert_review",
  "hearing",
  "publicity",
  "testing",
  "other",
] as const satisfies readonly SpecialProcedureKind[];
export const DELIVER_METHODS = ["online", "window", "post"] as const;

/** Staff commands in the order the workbench shows them (the applicant's are on the portal). */
export const STAFF_COMMANDS = [
  "claim",
  "accept",
  "pass",
  "approve",
  "deliver",
  "request_supplement",
  "suspend",
  "resume",
  "refuse",
  "veto",
  "deny",
  "release",
] as const satisfies readonly CaseCommand[];
