/**
 * What the licenses module needs from a decided case to issue its e-license, read in the event
 * delivery's transaction: who applied (and for which enterprise), the form data that fills the
 * license's fields, the deciding department and approver. And the other way round: a license used
 * by reference that is later revoked or suspended marks the case's history.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { type CaseDeps, SYSTEM } from "./context.js";
import { openForm } from "./form-data.js";
import { planOf } from "./mapping.js";
import { CaseWriter } from "./writer.js";

export interface CaseIssuanceView {
  caseId: string;
  number: string | null;
  itemCode: string;
  itemVersion: number;
  outcome: string | null;
  applicantAccountId: string;
  enterprise: { id: string; uscc: string; name: string } | null;
  form: Record<string, unknown>;
  /** The implementing (lead) department, which decides. */
  decidingDepartmentId: string;
  /** `staff:<id>` of the approver whose decision issues the license. */
  decidedBy: string | null;
  /** For the evaluation module's invitations (好差评): what the applicant is asked to rate, and who handled it. */
  itemName: string;
  decidingDepartmentName: string;
  applicantName: string;
  /** The staff member who acted on the case last (delivered, refused or decided it). */
  handledBy: { id: string; name: string } | null;
}

export class CaseIssuance {
  private readonly writer: CaseWriter;

  constructor(private readonly deps: CaseDeps) {
    this.writer = new CaseWriter(deps);
  }

  async view(caseId: string, trx: Kysely<DB>): Promise<CaseIssuanceView | null> {
    const row = await this.deps.repo.find(caseId, trx);
    if (!row) return null;
    const actions = await this.deps.repo.actions(caseId, trx);
    const decision = actions.filter((a) => a.type === "approved" || a.type === "denied").at(-1);
    const lastStaff = actions.filter((a) => a.actor_kind === "staff" && a.actor_id).at(-1);
    const lead = planOf(row).lead;
    return {
      caseId: row.id,
      number: row.number,
      itemCode: row.item_code,
      itemVersion: row.item_version,
      outcome: row.outcome,
      applicantAccountId: row.applicant_account_id,
      enterprise:
        row.enterprise_id && row.enterprise_uscc
          ? { id: row.enterprise_id, uscc: row.enterprise_uscc, name: row.enterprise_name ?? row.enterprise_uscc }
          : null,
      form: openForm(this.deps.pii, row.id, row.form_data_enc),
      decidingDepartmentId: lead.id,
      decidedBy: decision?.actor_id ? `${decision.actor_kind}:${decision.actor_id}` : null,
      itemName: row.item_name,
      decidingDepartmentName: lead.name,
      applicantName: row.applicant_name,
      handledBy: lastStaff?.actor_id ? { id: lastStaff.actor_id, name: lastStaff.actor_name } : null,
    };
  }

  /** Records in the case's history that a license it used changed status (no case state changes). */
  async markLicenseChanged(
    trx: Kysely<DB>,
    caseId: string,
    change: { licenseId: string; identifier: string; status: string; reason: string },
  ): Promise<void> {
    const row = await this.deps.repo.find(caseId, trx);
    if (!row) return;
    await this.writer.record(trx, row, SYSTEM, { type: "license_status_changed", payload: change });
  }
}
