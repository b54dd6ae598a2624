/** A benefit's rules and formula compiled together; refusals become the module's errors, rule and path named. */
import type { RuleEdit } from "@yiwang/contracts";
import { naming, PolicyErrors } from "../errors.js";
import { type CompiledRules, compileRules, RuleProblem } from "./conditions.js";
import { CATALOGUE } from "./facts.js";
import { type CompiledFormula, compileFormula, FormulaProblem } from "./formula.js";

export interface CompiledBenefit {
  rules: CompiledRules;
  formula: CompiledFormula;
  /** Every fact the rules and the formula read. */
  facts: string[];
}

export function compileBenefit(edit: RuleEdit): CompiledBenefit {
  try {
    const rules = compileRules(edit.rules, CATALOGUE);
    const formula = compileFormula(edit.amountFormula, CATALOGUE);
    return { rules, formula, facts: [...new Set([...rules.facts, ...formula.facts])].sort() };
  } catch (err) {
    if (err instanceof RuleProblem) {
      const factory =
        err.kind === "unknown_fact"
          ? PolicyErrors.POLICIES_RULE_UNKNOWN_FACT
          : err.kind === "cycle"
            ? PolicyErrors.POLICIES_RULE_CYCLE
            : PolicyErrors.POLICIES_RULE_INVALID;
      throw naming(factory, { rule: err.rule, path: err.path, problem: err.problem });
    }
    if (err instanceof FormulaProblem) {
      const factory =
        err.kind === "division_by_zero"
          ? PolicyErrors.POLICIES_FORMULA_DIVISION_BY_ZERO
          : err.kind === "unknown_fact"
            ? PolicyErrors.POLICIES_RULE_UNKNOWN_FACT
            : PolicyErrors.POLICIES_FORMULA_INVALID;
      throw naming(factory, { rule: "amountFormula", path: err.path, problem: err.problem });
    }
    throw err;
  }
}
