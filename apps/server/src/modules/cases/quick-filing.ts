/**
 * Filing on the applicant's behalf from another module's page (惠企政策 快申快享): a draft of a published item
 * with its 免填 prefill, the caller's values on top (facts it read itself, the account confirmed on its
 * form), numbered and filed at once — the draft, the filing and the caller's own rows (`within`) in one
 * transaction, so nothing is half-written when the form or the caller refuses. The case is then handled
 * like any other; the caller learns the decision from `case.decided` and reads it with `decision`.
 */
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import type { ApplicationService } from "./application.service.js";
import { actorFrom, type CaseDeps } from "./context.js";
import type { CaseRow } from "./repository.js";

export interface FiledCase {
  id: string;
  number: string;
  /** The promised working days counted on the work calendar from filing. */
  deadlineDate: string | null;
}

export interface CaseDecision {
  outcome: "approved" | "denied";
  reason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export class QuickFiling {
  constructor(
    private readonly deps: Pick<CaseDeps, "db" | "repo">,
    private readonly applications: ApplicationService,
  ) {}

  async file<T>(
    p: Principal,
    itemCode: string,
    values: Record<string, unknown>,
    within: (trx: Kysely<DB>, filed: FiledCase) => Promise<T>,
  ): Promise<T> {
    const draft = await this.applications.prepare(p, itemCode);
    const prepared = { ...draft, formData: { ...draft.formData, ...values } };
    // The number needs only the lead department's region (see allocateNumber for why it is taken first).
    const number = await this.applications.allocateNumber({ region_code: draft.lead.regionCode } as CaseRow);
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.applications.insertDraft(trx, p, prepared);
      const filed = await this.applications.submitIn(trx, row, actorFrom(p), number);
      return within(trx, { id: filed.id, number, deadlineDate: filed.deadline_date });
    });
  }

  /** The decision of a decided case (undefined while it is open). */
  async decision(caseId: string, trx: Kysely<DB>): Promise<CaseDecision | undefined> {
    const row = await this.deps.repo.find(caseId, trx);
    if (!row || (row.outcome !== "approved" && row.outcome !== "denied")) return undefined;
    return {
      outcome: row.outcome,
      reason: row.decision_reason,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at,
    };
  }
}
