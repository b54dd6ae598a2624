/**
 * Recusal over random rosters (property test): every drawn target gets exactly `inspectorsPerDept` distinct
 * inspectors of each department, none recused (same district, a relationship, last year's inspector); the
 * quota is met; the same seed gives the same draw and the independent verifier agrees; too few eligible
 * inspectors is refused, never a silent shortfall.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain .mjs without types: the independent verifier
import { redraw } from "../../test-support/verify-draw.mjs";
import {
  canonicalRosters,
  type DrawParams,
  NotEnoughInspectors,
  quotaCount,
  type RosterInspector,
  type RosterTarget,
  recused,
  runDraw,
} from "./draw.js";

const DISTRICTS = ["东城区", "西城区", "南城区", "北城区"];
const DEPTS = ["d-amr", "d-eco", "d-health"];

const world = fc
  .record({
    targetCount: fc.integer({ min: 1, max: 40 }),
    inspectorCount: fc.integer({ min: 2, max: 30 }),
    departments: fc.subarray(DEPTS, { minLength: 1 }),
    perDept: fc.integer({ min: 2, max: 3 }),
    seed: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    ratio: fc.double({ min: 0.01, max: 1, noNaN: true }),
    picks: fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
  })
  .map(({ targetCount, inspectorCount, departments, perDept, seed, ratio, picks }) => {
    let k = 0;
    const pick = (n: number) => picks[k++ % picks.length] % n;
    const targets: RosterTarget[] = Array.from({ length: targetCount }, (_, i) => ({
      uscc: `T${String(i).padStart(4, "0")}`,
      name: `企业${i}`,
      industry: "餐饮",
      district: DISTRICTS[pick(DISTRICTS.length)],
      riskGrade: (["A", "B", "C", "D"] as const)[pick(4)],
    }));
    const inspectors: RosterInspector[] = Array.from({ length: inspectorCount * departments.length }, (_, i) => ({
      id: `I${i}`,
      certificateNo: `C${String(i).padStart(5, "0")}`,
      departmentId: departments[i % departments.length],
      district: DISTRICTS[pick(DISTRICTS.length)],
      relations: [targets[pick(targets.length)].uscc],
      lastYear: pick(2) ? [targets[pick(targets.length)].uscc] : [],
    }));
    const params: DrawParams = {
      planId: "p",
      departments: [...departments].sort(),
      quota: { A: { ratio }, B: { count: 1 + pick(5) }, D: { ratio: 1 } },
      inspectorsPerDept: perDept,
    };
    return { params, seed: Buffer.from(seed).toString("hex"), ...canonicalRosters(targets, inspectors) };
  });

describe("draw recusal (property)", () => {
  it("teams are full, of the right department, never recused; quotas met; reproducible independently", () => {
    let drawnRuns = 0;
    fc.assert(
      fc.property(world, ({ params, seed, targets, inspectors }) => {
        let result: ReturnType<typeof runDraw>;
        try {
          result = runDraw(seed, params, targets, inspectors);
        } catch (e) {
          // Refused only when some target really has too few eligible inspectors in a department.
          expect(e).toBeInstanceOf(NotEnoughInspectors);
          const err = e as NotEnoughInspectors;
          const t = targets.find((x) => x.uscc === err.uscc) as RosterTarget;
          const eligible = inspectors.filter((i) => i.departmentId === err.departmentId && !recused(i, t)).length;
          expect(eligible).toBe(err.eligible);
          expect(eligible).toBeLessThan(params.inspectorsPerDept);
          return;
        }
        const byId = new Map(inspectors.map((i) => [i.id, i]));
        for (const grade of ["A", "B", "C", "D"] as const) {
          const pool = targets.filter((t) => t.riskGrade === grade);
          const q = params.quota[grade];
          const drawn = result.targets.filter((d) => pool.some((t) => t.uscc === d.uscc));
          expect(drawn.length).toBe(q ? quotaCount(q, pool.length) : 0);
        }
        expect(new Set(result.targets.map((d) => d.uscc)).size).toBe(result.targets.length);
        for (const d of result.targets) {
          const t = targets.find((x) => x.uscc === d.uscc) as RosterTarget;
          expect(Object.keys(d.inspectors).sort()).toEqual(params.departments);
          for (const dept of params.departments) {
            const team = d.inspectors[dept];
            expect(team.length).toBeGreaterThanOrEqual(2);
            expect(new Set(team).size).toBe(params.inspectorsPerDept);
            for (const id of team) {
              const i = byId.get(id) as RosterInspector;
              expect(i.departmentId).toBe(dept);
              expect(recused(i, t)).toBe(false);
            }
          }
        }
        drawnRuns++;
        expect(runDraw(seed, params, targets, inspectors)).toEqual(result);
        expect(redraw(seed, params, structuredClone(targets), inspectors)).toEqual(result);
      }),
      { numRuns: 50 },
    );
    // Not vacuous: most random worlds draw (the rest check the refusal).
    expect(drawnRuns).toBeGreaterThan(25);
  });
});
