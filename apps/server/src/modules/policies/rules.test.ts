import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRules, RuleProblem } from "./rules/conditions.js";
import { CATALOGUE, yearsBetween } from "./rules/facts.js";
import { AmountError, compileFormula, FormulaProblem } from "./rules/formula.js";

/** The rule evaluator and the amount formula on their own: semantics, refusals with paths, and agreement of the two compiled forms. */
describe("policies rules: conditions", () => {
  const rules = compileRules(
    {
      conditions: {
        all: [
          { fact: "registeredCapital", operator: "gte", value: 100 },
          { any: [{ fact: "district", operator: "eq", value: "990102" }, { rule: "techFirm" }] },
          { not: { fact: "creditGrade", operator: "in", value: ["C", "D"] } },
        ],
      },
      rules: { techFirm: { fact: "industryCode", operator: "in", value: ["I6510", "I6520"] } },
    },
    CATALOGUE,
  );

  it("all / any / not / named rules, and the facts they read", () => {
    expect(rules.facts).toEqual(["creditGrade", "district", "industryCode", "registeredCapital"]);
    const base = { registeredCapital: 200, district: "990103", industryCode: "I6510", creditGrade: "A" };
    expect(rules.test(base)).toBe(true);
    expect(rules.test({ ...base, industryCode: "F5211" })).toBe(false);
    expect(rules.test({ ...base, creditGrade: "C" })).toBe(false);
    // An unknown fact value (null) never satisfies a comparison.
    expect(rules.test({ ...base, registeredCapital: null })).toBe(false);
    const why = rules.explain({ ...base, creditGrade: "D" });
    expect(why.eligible).toBe(false);
    expect(why.conditions.find((c) => c.fact === "creditGrade")).toMatchObject({
      passed: true,
      negated: true,
      actual: "D",
      path: "conditions.all[2].not",
    });
    expect(why.conditions.find((c) => c.fact === "industryCode")?.path).toBe("rules.techFirm");
  });

  it("refuses with the rule and the path named", () => {
    const refuse = (set: { conditions: unknown; rules?: Record<string, unknown> }) => {
      try {
        compileRules(set, CATALOGUE);
      } catch (err) {
        if (err instanceof RuleProblem) return [err.kind, err.rule, err.path];
        throw err;
      }
      return null;
    };
    expect(refuse({ conditions: { all: [{ fact: "revenue", operator: "gt", value: 1 }] } })).toEqual([
      "unknown_fact",
      "conditions",
      "conditions.all[0].fact",
    ]);
    expect(refuse({ conditions: { fact: "district", operator: "gt", value: 1 } })).toEqual([
      "invalid",
      "conditions",
      "conditions.value",
    ]);
    expect(refuse({ conditions: { fact: "district", operator: "like", value: "x" } })?.[2]).toBe("conditions.operator");
    expect(refuse({ conditions: { all: [] } })?.[2]).toBe("conditions.all");
    expect(refuse({ conditions: { rule: "a" }, rules: { a: { not: { rule: "a" } } } })).toEqual([
      "cycle",
      "a",
      "rules.a.not.rule",
    ]);
    // A cycle among named rules that the root does not reach is refused too.
    expect(
      refuse({
        conditions: { fact: "district", operator: "eq", value: "x" },
        rules: { a: { rule: "b" }, b: { rule: "a" } },
      })?.[0],
    ).toBe("cycle");
    expect(refuse({ conditions: { rule: "missing" } })?.[2]).toBe("conditions.rule");
  });

  it("the boolean form and the explanation always agree (property)", () => {
    const grade = fc.constantFrom("A", "B", "C", "D", null);
    fc.assert(
      fc.property(
        fc.record({
          registeredCapital: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
          district: fc.constantFrom("990102", "990103", null),
          industryCode: fc.constantFrom("I6510", "F5211", null),
          creditGrade: grade,
        }),
        (facts) => rules.test(facts) === rules.explain(facts).eligible,
      ),
      { numRuns: 50 },
    );
  });
});

describe("policies rules: amount formula", () => {
  it("arithmetic, precedence, functions; rounded to whole yuan, never negative", () => {
    const f = compileFormula("min(employeesInsured * 1000, 200000) + round(taxPaid / 3) - 1", CATALOGUE);
    expect(f.facts).toEqual(["employeesInsured", "taxPaid"]);
    expect(f.amount({ employeesInsured: 48, taxPaid: 10 })).toBe(48_002);
    expect(f.amount({ employeesInsured: 500, taxPaid: 0 })).toBe(199_999);
    expect(compileFormula("-(5)", CATALOGUE).amount({})).toBe(0);
    expect(compileFormula("2 + 3 * 4", CATALOGUE).amount({})).toBe(14);
  });

  it("a divisor that is zero for one enterprise is that enterprise's error; a missing fact too", () => {
    const f = compileFormula("taxPaid / employeesInsured", CATALOGUE);
    expect(() => f.amount({ taxPaid: 1, employeesInsured: 0 })).toThrow(AmountError);
    expect(() => f.amount({ taxPaid: 1, employeesInsured: null })).toThrow(AmountError);
    expect(f.amount({ taxPaid: 9, employeesInsured: 3 })).toBe(3);
  });

  it("refuses what cannot be right for any enterprise, with the position", () => {
    const refuse = (src: string) => {
      try {
        compileFormula(src, CATALOGUE);
      } catch (err) {
        if (err instanceof FormulaProblem) return [err.kind, err.path];
        throw err;
      }
      return null;
    };
    expect(refuse("taxPaid / 0")).toEqual(["division_by_zero", "amountFormula@8"]);
    expect(refuse("taxPaid / (2 - 2)")).toEqual(["division_by_zero", "amountFormula@8"]);
    expect(refuse("taxPaid / (employeesInsured * 0)")).toEqual(["division_by_zero", "amountFormula@8"]);
    expect(refuse("revenue * 2")).toEqual(["unknown_fact", "amountFormula@0"]);
    expect(refuse("district * 2")?.[0]).toBe("invalid");
    expect(refuse("eval(1)")?.[0]).toBe("invalid");
    expect(refuse("1 +")?.[0]).toBe("invalid");
    expect(refuse("(1")?.[0]).toBe("invalid");
    expect(refuse("1; process.exit()")?.[0]).toBe("invalid");
    expect(refuse("round(1, 2)")?.[0]).toBe("invalid");
  });

  it("years since establishment count the anniversary", () => {
    expect(yearsBetween("2019-04-16", "2026-04-15")).toBe(6);
    expect(yearsBetween("2019-04-16", "2026-04-16")).toBe(7);
  });
});
