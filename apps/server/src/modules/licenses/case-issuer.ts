/**
 * Issues the e-license an approved case yields (the item version's `resultLicense`), when the cases
 * module's `case.decided` event is delivered — in the delivery's transaction, at least once: a case
 * that already has its license is skipped, so a redelivery never issues twice.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { DomainEvent } from "../../platform/events/index.js";
import type { CaseIssuanceView } from "../cases/index.js";
import type { LicenseDeps } from "./context.js";
import type { HolderInput, LicenseIssuance } from "./issuance.service.js";

export interface CaseIssuanceSources {
  caseView(caseId: string, trx: Kysely<DB>): Promise<CaseIssuanceView | null>;
  resultLicense(itemCode: string, itemVersion: number, trx: Kysely<DB>): Promise<string | null>;
  /** The applicant's verified real name and ID number; null below real-name level 2. */
  person(accountId: string, trx: Kysely<DB>): Promise<{ name: string; idNumber: string } | null>;
}

export function issueOnApproval(deps: LicenseDeps, issuance: LicenseIssuance, sources: CaseIssuanceSources) {
  return async (event: DomainEvent, trx: Kysely<DB>) => {
    const p = event.payload as { caseId: string; outcome: string | null };
    if (p.outcome !== "approved") return;
    if (await deps.repo.findByCase(p.caseId, trx)) return;
    const view = await sources.caseView(p.caseId, trx);
    if (view?.outcome !== "approved") return;
    const typeCode = await sources.resultLicense(view.itemCode, view.itemVersion, trx);
    if (!typeCode) return;
    const type = await deps.repo.type(typeCode, trx);
    const skip = (reason: string) =>
      deps.audit.append(
        {
          type: "license.not_issued",
          actor: "system:licenses",
          subject: `case:${view.caseId}`,
          payload: { typeCode, reason },
        },
        trx,
      );
    if (!type) return skip("LICENSE_TYPE_NOT_FOUND");

    let holder: HolderInput;
    const asEnterprise = type.holder === "legal_person" || (type.holder === "any" && view.enterprise);
    if (asEnterprise) {
      if (!view.enterprise) return skip("NO_ENTERPRISE_APPLICANT");
      holder = {
        kind: "enterprise",
        name: view.enterprise.name,
        uscc: view.enterprise.uscc,
        enterpriseId: view.enterprise.id,
      };
    } else {
      const person = await sources.person(view.applicantAccountId, trx);
      if (!person) return skip("APPLICANT_NOT_REAL_NAME_VERIFIED");
      holder = { kind: "person", name: person.name, idNumber: person.idNumber, accountId: view.applicantAccountId };
    }
    const issuer = await deps.departments.getByKey(type.issuer, trx).catch(() => null);
    await issuance.issue(trx, {
      type,
      departmentId: issuer?.id ?? view.decidingDepartmentId,
      holder,
      fields: formFields(view.form, type.fields as { key: string; formKey?: string | null }[]),
      source: "case",
      caseId: view.caseId,
      issuedBy: "system:licenses",
      onBehalfOf: view.decidedBy,
    });
  };
}

/** A license field takes the form property it names (or the one with its key); scalars only. */
function formFields(form: Record<string, unknown>, fields: { key: string; formKey?: string | null }[]) {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = form[f.formKey ?? f.key];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[f.key] = String(v);
    else if (Array.isArray(v)) out[f.key] = v.filter((x) => typeof x === "string" || typeof x === "number").join("、");
  }
  return out;
}
