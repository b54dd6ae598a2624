/** The fact catalogue as a map, and an enterprise's facts read from the business registry's record. */
import { FACT_CATALOGUE, type FactDefinition, type FactValues } from "@yiwang/contracts";
import type { BusinessFacts } from "../../registry/index.js";

export const CATALOGUE: ReadonlyMap<string, FactDefinition> = new Map(FACT_CATALOGUE.map((f) => [f.name, f]));

/** Whole years from `from` to `today` (both YYYY-MM-DD): the anniversary counts. */
export function yearsBetween(from: string, today: string): number {
  let years = Number(today.slice(0, 4)) - Number(from.slice(0, 4));
  if (today.slice(5) < from.slice(5)) years--;
  return years;
}

export function enterpriseFacts(b: BusinessFacts, today: string): FactValues {
  return {
    registeredCapital: b.registeredCapital,
    industryCode: b.industryCode,
    district: b.district,
    establishedOn: b.registeredOn,
    yearsEstablished: yearsBetween(b.registeredOn, today),
    employeesInsured: b.employeesInsured,
    taxPaid: b.taxPaid,
    creditGrade: b.creditGrade,
    status: b.status,
  };
}

/** Only the facts a benefit's rules read (what an entitlement stores and hashes). */
export function pick(facts: FactValues, names: readonly string[]): FactValues {
  const out: FactValues = {};
  for (const n of names) out[n] = facts[n] ?? null;
  return out;
}
