/**
 * What the evaluation module does with other modules' events (through the outbox, at least once, each in
 * its own transaction): a case that ends for its applicant — delivered, refused (不予受理) or denied
 * (不予许可) — invites the applicant to evaluate it. An approved case is invited when it is delivered; a
 * denied one at once (and its later delivery finds the invitation there: one per subject).
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { DomainEvent } from "../../platform/events/index.js";
import type { CaseIssuance } from "../cases/index.js";
import type { HotlineServices } from "../hotline/index.js";
import type { InvitationService } from "./invitations.service.js";

export const CASE_END_EVENTS = ["case.delivered", "case.refused", "case.decided"] as const;

export function inviteWhenCaseEnds(invitations: InvitationService, cases: Pick<CaseIssuance, "view">) {
  return async (event: DomainEvent, trx: Kysely<DB>) => {
    const p = event.payload as { caseId?: string; outcome?: string | null };
    if (!p.caseId) return;
    if (event.type === "case.decided" && p.outcome !== "denied") return;
    const view = await cases.view(p.caseId, trx);
    if (view) await invitations.inviteForCase(trx, view);
  };
}

/** A 12345 request closed after its 回访 (hotline.closed) invites its signed-in caller. */
export function inviteWhenHotlineCloses(
  invitations: InvitationService,
  hotline: Pick<HotlineServices, "requestForEvaluation">,
) {
  return async (event: DomainEvent, trx: Kysely<DB>) => {
    const id = (event.payload as { requestId?: string }).requestId;
    if (!id) return;
    const r = await hotline.requestForEvaluation(id, trx);
    if (r) await invitations.inviteForHotlineRequest(trx, r);
  };
}
