/**
 * 容缺受理 (accept now, materials later), issue 23: an enterprise whose credit grade the item's rule accepts may
 * file without the required materials the rule marks as deferrable, and the window may accept its case with
 * those (or optional) materials still missing, recording the applicant's commitment (承诺) and a due date a
 * rule-given number of working days after acceptance. The applicant hands them in later while the case runs;
 * the last one clears the commitment. The rule and the grade are the supervision module's (CreditCheck port).
 */
import type { CaseDetail, DeferralRequest } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { z } from "zod";
import type { DB } from "../../platform/db/schema.js";
import type { CaseDeps } from "./context.js";
import { CaseErrors } from "./errors.js";
import { materialSpecOf } from "./mapping.js";
import type { CaseRow, DeferralRow, MaterialRow } from "./repository.js";
import { OPEN } from "./state.js";

/** Required materials this case may be filed without: those the item's rule marks, if the grade qualifies. */
export async function deferrableAtFiling(deps: CaseDeps, trx: Kysely<DB>, row: CaseRow): Promise<Set<string>> {
  if (!row.enterprise_uscc) return new Set();
  const rule = await deps.credit.deferral(trx, { itemCode: row.item_code, enterpriseUscc: row.enterprise_uscc });
  return new Set(rule?.qualifies ? rule.materials : []);
}

/** Required materials not attached to the case. */
export async function missingRequired(
  deps: CaseDeps,
  trx: Kysely<DB>,
  row: CaseRow,
  materials?: readonly MaterialRow[], // the case's materials when the caller has just read them
): Promise<string[]> {
  const attached = new Set((materials ?? (await deps.repo.materials(row.id, trx))).map((m) => m.material));
  return materialSpecOf(row)
    .filter((m) => m.required && !attached.has(m.name))
    .map((m) => m.name);
}

/**
 * Checks a 容缺受理 request against the item's rule and the applicant's credit, in the acceptance's
 * transaction, and returns the row to record (the caller writes it with the transition). Without a request,
 * a case missing a required material cannot be accepted (it was filed under a rule: the window decides).
 */
export async function planDeferral(
  deps: CaseDeps,
  trx: Kysely<DB>,
  row: CaseRow,
  request: z.infer<typeof DeferralRequest> | undefined,
  acceptedBy: string,
  now: Date,
): Promise<Omit<DeferralRow, "created_at"> | null> {
  const missing = await missingRequired(deps, trx, row);
  if (!request) {
    if (missing.length > 0) throw CaseErrors.CASE_MATERIALS_MISSING({ missing });
    return null;
  }
  if (!row.enterprise_uscc) throw CaseErrors.CASE_DEFERRAL_NOT_OFFERED({ itemCode: row.item_code });
  const rule = await deps.credit.deferral(trx, { itemCode: row.item_code, enterpriseUscc: row.enterprise_uscc });
  if (!rule) throw CaseErrors.CASE_DEFERRAL_NOT_OFFERED({ itemCode: row.item_code });
  if (!rule.qualifies) throw CaseErrors.CASE_DEFERRAL_CREDIT({ grade: rule.grade });
  const spec = new Map(materialSpecOf(row).map((m) => [m.name, m]));
  const attached = new Set((await deps.repo.materials(row.id, trx)).map((m) => m.material));
  const listed = [...new Set(request.materials)];
  const refused = listed.filter((name) => {
    const m = spec.get(name);
    return !m || attached.has(name) || (m.required && !rule.materials.includes(name));
  });
  if (refused.length > 0) throw CaseErrors.CASE_DEFERRAL_MATERIAL({ materials: refused });
  const unlisted = missing.filter((name) => !listed.includes(name));
  if (unlisted.length > 0) throw CaseErrors.CASE_MATERIALS_MISSING({ missing: unlisted });
  const cal = await deps.calendar.calendar(trx);
  return {
    case_id: row.id,
    commitment: request.commitment,
    materials: listed,
    due_date: cal.addWorkingDays(now, rule.workingDays).deadlineDate,
    grade: rule.grade,
    accepted_by: acceptedBy,
    cleared_at: null,
  };
}

/** Deferred materials not yet handed in. */
export async function outstanding(deps: CaseDeps, trx: Kysely<DB>, d: DeferralRow): Promise<string[]> {
  const attached = new Set((await deps.repo.materials(d.case_id, trx)).map((m) => m.material));
  return d.materials.filter((name) => !attached.has(name));
}

/** Whether the applicant may hand in this material now because it was deferred and the case is still open. */
export function mayHandInLater(row: CaseRow, d: DeferralRow | undefined, material: string): boolean {
  return !!d && !d.cleared_at && OPEN.includes(row.status as never) && d.materials.includes(material);
}

/** The detail's 容缺 view from the deferral and the case's materials as read (pure: the detail reads both at once). */
export function deferralView(d: DeferralRow | undefined, materials: readonly MaterialRow[]): CaseDetail["deferral"] {
  if (!d) return null;
  const attached = new Set(materials.map((m) => m.material));
  return {
    commitment: d.commitment,
    dueDate: d.due_date,
    materials: d.materials.map((name) => ({ name, submitted: attached.has(name) })),
    clearedAt: d.cleared_at ? d.cleared_at.toISOString() : null,
  };
}
