import type { Figures } from "./drills.js";

/** What must hold after the drills (issue 17, acceptance 2 and the fault drills); each broken rule, in words. */
export function problems(f: Figures): string[] {
  const out: string[] = [];
  const full = (s: string) => {
    const [a, b] = s.split("/");
    return a === b;
  };
  if (!full(f.drillA.reread)) out.push(`drill A: acknowledged writes missing after the kill (${f.drillA.reread})`);
  if (f.drillA.timersFired !== f.drillA.timers)
    out.push(`drill A: ${f.drillA.timersFired}/${f.drillA.timers} timers fired`);
  if (f.drillA.duplicateFirings !== 0) out.push(`drill A: ${f.drillA.duplicateFirings} duplicate timer firings`);
  if (f.drillA.acknowledged === 0) out.push("drill A: no write was acknowledged");
  if (!f.drillB.allNodes503) out.push("drill B: the nodes did not all answer 503 while PostgreSQL was down");
  if (f.drillB.acknowledged === 0) out.push("drill B: no write was acknowledged");
  if (!full(f.drillC.writesOnNewPrimary)) out.push(`drill C: writes on the new primary ${f.drillC.writesOnNewPrimary}`);
  if (f.drillC.newPrimaryInRecovery) out.push("drill C: the promoted replica is still in recovery");
  if (f.drillC.acknowledged === 0) out.push("drill C: no write was acknowledged");
  if (!full(f.rereadAll)) out.push(`acknowledged writes missing at the end (${f.rereadAll})`);
  if (f.auditVerify.code !== 0) out.push(`yiwang audit verify failed: ${f.auditVerify.out}`);
  return out;
}
