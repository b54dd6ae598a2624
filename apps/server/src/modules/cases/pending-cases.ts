import type { CaseStatus } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { CaseRepository } from "./repository.js";

/** What another module (一码通 at a window) may know of a person's case in progress — no form or material data. */
export interface PendingCase {
  id: string;
  number: string | null;
  itemName: string;
  status: CaseStatus;
  /** YYYY-MM-DD: the 办结 deadline, null until accepted. */
  deadlineDate: string | null;
}

/** A person's pending cases; `departmentId` narrows them to cases in that department's workflow. */
export type PendingCaseReader = (accountId: string, departmentId: string | null) => Promise<PendingCase[]>;

/** At most this many cases are shown at a window (the newest). */
const LIMIT = 20;

/**
 * A narrow reader for the onecode module (亮码办事): after the person consents, the window sees their own
 * cases in progress — by default only those its department takes part in.
 */
export function pendingCaseReader(db: Kysely<DB>): PendingCaseReader {
  const repo = new CaseRepository(db);
  return async (accountId, departmentId) =>
    (await repo.openOfApplicant(accountId, departmentId, LIMIT)).map((r) => ({
      id: r.id,
      number: r.number,
      itemName: r.item_name,
      status: r.status as CaseStatus,
      deadlineDate: r.deadline_date,
    }));
}
