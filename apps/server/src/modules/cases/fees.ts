/**
 * What the payments module (缴费) needs from a case: whether a caller may see its payment order (the
 * applicant, or staff of its departments) or pay it (the applicant acting for it), and the case history
 * entries for a payment and for an order left unpaid past its due date, in the payments module's transaction.
 */
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { assertApplicant, assertReadable } from "./access.js";
import { type CaseDeps, SYSTEM } from "./context.js";
import { CaseErrors } from "./errors.js";
import { CaseWriter } from "./writer.js";

export class CaseFees {
  private readonly writer: CaseWriter;

  constructor(private readonly deps: CaseDeps) {
    this.writer = new CaseWriter(deps);
  }

  /** 404 / 403 as for the case itself; `pay` also needs the applicant's right to act (case.apply). */
  async assertAccess(p: Principal, caseId: string, need: "read" | "pay"): Promise<void> {
    const row = await this.deps.repo.find(caseId);
    if (!row) throw CaseErrors.CASE_NOT_FOUND({ id: caseId });
    if (need === "pay") assertApplicant(p, row);
    else assertReadable(p, row);
  }

  /** A history entry (and its audit entry) without a state change: fee_paid, fee_overdue. */
  async record(trx: Kysely<DB>, caseId: string, type: "fee_paid" | "fee_overdue", payload: Record<string, unknown>) {
    const row = await this.deps.repo.find(caseId, trx);
    if (!row) return;
    await this.writer.record(trx, row, SYSTEM, { type, payload });
  }
}
