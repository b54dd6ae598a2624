/**
 * Issues the 文书 a case event calls for — 受理 → 受理回执, 补正 → 补正告知书, 不予受理 → 不予受理决定书,
 * 准予/不予许可 → the decision — when the outbox delivers the event, in the delivery's transaction (as the
 * licenses module issues licenses): the PDF is rendered, stamped and PAdES-signed with the lead
 * department's seal (the seals module), stored with its SHA-256, and recorded with an audit entry. At
 * least once: a case that already has the document of that kind is skipped, so a redelivery never issues
 * twice, and a failure rolls the whole document back for the next delivery to try again.
 */
import type { CaseDocumentKind } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { localDate } from "../../../platform/clock/clock.js";
import type { DB } from "../../../platform/db/schema.js";
import type { DomainEvent } from "../../../platform/events/index.js";
import type { DepartmentService } from "../../org/index.js";
import type { SealService } from "../../seals/index.js";
import type { CaseDeps } from "../context.js";
import { planOf } from "../mapping.js";
import { DOCUMENT_TITLES, documentContent, documentNumber } from "./content.js";
import { documentPdf } from "./pdf.js";
import type { CaseDocumentRepository } from "./repository.js";

export const DOCUMENT_EVENTS = ["case.accepted", "case.supplement_requested", "case.refused", "case.decided"] as const;

/** The action in the case history that each kind documents. */
const ACTION_OF: Record<CaseDocumentKind, string> = {
  acceptance_receipt: "accepted",
  supplement_notice: "supplement_requested",
  refusal_decision: "refused",
  approval_decision: "approved",
  denial_decision: "denied",
};

export interface DocumentIssuerDeps {
  cases: CaseDeps;
  documents: CaseDocumentRepository;
  seals: SealService;
  departments: DepartmentService;
  timeZone: string;
}

export function kindOf(event: DomainEvent): CaseDocumentKind | null {
  const outcome = (event.payload as { outcome?: string | null }).outcome;
  switch (event.type) {
    case "case.accepted":
      return "acceptance_receipt";
    case "case.supplement_requested":
      return "supplement_notice";
    case "case.refused":
      return "refusal_decision";
    case "case.decided":
      return outcome === "approved" ? "approval_decision" : outcome === "denied" ? "denial_decision" : null;
    default:
      return null;
  }
}

export function issueDocuments(d: DocumentIssuerDeps) {
  return async (event: DomainEvent, trx: Kysely<DB>) => {
    const kind = kindOf(event);
    const caseId = (event.payload as { caseId?: string }).caseId;
    if (!kind || !caseId) return;
    if (await d.documents.findKind(caseId, kind, trx)) return;
    const row = await d.cases.repo.find(caseId, trx);
    if (!row) return;
    const action = (await d.cases.repo.actions(caseId, trx)).filter((a) => a.type === ACTION_OF[kind]).at(-1);
    const now = d.cases.clock.now();
    const issuedOn = localDate(now, d.timeZone);
    const department = await d.departments.get(planOf(row).lead.id, trx);
    const year = issuedOn.slice(0, 4);
    const serial = await d.cases.repo.nextNumber(`doc:${department.id}:${year}`, trx);
    // The department's short stable key stands for its 机关代字 (e.g. AMR准许〔2026〕2号).
    const number = documentNumber(kind, department.key.toUpperCase(), year, serial);
    const payload = (action?.payload ?? {}) as { items?: { material?: string | null; note: string }[] };
    const unsigned = await documentPdf(
      documentContent({
        kind,
        number,
        row,
        departmentName: department.name,
        issuedOn,
        submittedOn: row.submitted_at ? localDate(row.submitted_at, d.timeZone) : null,
        comment: action?.comment ?? null,
        supplementItems: payload.items ?? [],
      }),
    );
    const seal = await d.seals.issuingSeal(department.id, trx);
    const actor = action?.actor_id ? `${action.actor_kind}:${action.actor_id}` : null;
    const title = DOCUMENT_TITLES[kind];
    const pdf = await d.seals.sealDocument(trx, seal, unsigned, `${title} ${number}`, actor);
    const stored = await d.cases.files.put(
      pdf,
      { name: `${title}-${row.number ?? row.id}.pdf`, contentType: "application/pdf", createdBy: "system:cases" },
      trx,
    );
    const doc = await d.documents.insert(
      {
        case_id: row.id,
        kind,
        number,
        department_id: department.id,
        seal_id: seal.id,
        file_id: stored.id,
        sha256: stored.sha256,
        issued_at: now,
      },
      trx,
    );
    await d.cases.audit.append(
      {
        type: "case.document_issued",
        actor: "system:cases",
        subject: `case:${row.id}`,
        payload: { documentId: doc.id, kind, number, sealId: seal.id, sha256: stored.sha256, onBehalfOf: actor },
        time: now,
      },
      trx,
    );
  };
}
