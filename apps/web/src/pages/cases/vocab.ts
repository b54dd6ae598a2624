import type { CaseCommand } from "@yiwang/contracts";
import {
  CASE_STATUS_TERMS,
  codesOf,
  DEADLINE_LIGHT_TERMS,
  DELIVERY_METHOD_TERMS,
  SPECIAL_PROCEDURE_TERMS,
  TASK_STAGE_TERMS,
} from "@yiwang/contracts/vocabularies";

/**
 * The case vocabulary as runtime lists for selects, from the contract tables (the zod-free
 * `@yiwang/contracts/vocabularies`, so zod stays out of the bundle).
 */
export const STATUSES = codesOf(CASE_STATUS_TERMS);
/** The stages a task can be at: the workflow's, then 送达 (the inbox filter offers all four). */
export const STAGES = codesOf(TASK_STAGE_TERMS);
export const LIGHTS = codesOf(DEADLINE_LIGHT_TERMS);
export const PROCEDURE_KINDS = codesOf(SPECIAL_PROCEDURE_TERMS);
export const DELIVER_METHODS = codesOf(DELIVERY_METHOD_TERMS);

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
