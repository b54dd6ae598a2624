/**
 * The eligibility rule evaluator: JSON conditions (all / any / not / a named rule / fact operator value),
 * validated with the rule and path named, then compiled to closures. Two compiled forms: `test` (a boolean,
 * for matching 100,000 enterprises × 200 benefits) and `explain` (every leaf condition with the fact's
 * value and whether it held — what staff and the enterprise are shown). ARCHITECTURE.md says why this is
 * ours rather than json-rules-engine (its evaluation is asynchronous, per-fact promise-based and ~100× slower).
 */
import type { ConditionOperator, ConditionResult, FactDefinition, FactValue, FactValues } from "@yiwang/contracts";
import { CONDITION_OPERATORS } from "@yiwang/contracts";

/** A refusal of a rule, naming where: the rule ("conditions" = the root, else the named rule) and the path. */
export class RuleProblem extends Error {
  constructor(
    readonly kind: "invalid" | "unknown_fact" | "cycle",
    readonly rule: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${rule} ${path}: ${problem}`);
  }
}

type Leaf = { fact: string; operator: ConditionOperator; value: FactValue | FactValue[]; label?: string };
type Node =
  | { kind: "all"; items: Node[] }
  | { kind: "any"; items: Node[] }
  | { kind: "not"; item: Node }
  | { kind: "leaf"; leaf: Leaf; path: string };

export interface CompiledRules {
  test(facts: FactValues): boolean;
  explain(facts: FactValues): { eligible: boolean; conditions: ConditionResult[] };
  /** The facts the rules read (what an entitlement records). */
  facts: string[];
}

const MAX_DEPTH = 20;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates and compiles; throws `RuleProblem` on the first problem found. */
export function compileRules(
  ruleSet: { conditions: unknown; rules?: Record<string, unknown> },
  catalogue: ReadonlyMap<string, FactDefinition>,
): CompiledRules {
  const named = ruleSet.rules ?? {};
  const used = new Set<string>();
  const parse = (raw: unknown, rule: string, path: string, stack: string[], depth: number): Node => {
    if (depth > MAX_DEPTH) throw new RuleProblem("invalid", rule, path, "nested too deeply");
    if (!isObject(raw)) throw new RuleProblem("invalid", rule, path, "a condition must be an object");
    const keys = Object.keys(raw);
    if ("all" in raw || "any" in raw) {
      const kind = "all" in raw ? "all" : "any";
      const list = raw[kind];
      if (!Array.isArray(list) || list.length === 0)
        throw new RuleProblem("invalid", rule, `${path}.${kind}`, "must be a non-empty list");
      if (keys.length > 1) throw new RuleProblem("invalid", rule, path, `unexpected keys beside ${kind}`);
      return {
        kind,
        items: list.map((c, i) => parse(c, rule, `${path}.${kind}[${i}]`, stack, depth + 1)),
      };
    }
    if ("not" in raw) {
      if (keys.length > 1) throw new RuleProblem("invalid", rule, path, "unexpected keys beside not");
      return { kind: "not", item: parse(raw.not, rule, `${path}.not`, stack, depth + 1) };
    }
    if ("rule" in raw) {
      const name = raw.rule;
      if (typeof name !== "string" || !Object.hasOwn(named, name))
        throw new RuleProblem("invalid", rule, `${path}.rule`, `no rule named ${String(name)}`);
      if (stack.includes(name))
        throw new RuleProblem("cycle", rule, `${path}.rule`, `cycle: ${[...stack, name].join(" → ")}`);
      return parse(named[name], name, `rules.${name}`, [...stack, name], depth + 1);
    }
    if ("fact" in raw) {
      const fact = raw.fact;
      const def = typeof fact === "string" ? catalogue.get(fact) : undefined;
      if (!def) throw new RuleProblem("unknown_fact", rule, `${path}.fact`, `unknown fact ${String(fact)}`);
      const operator = raw.operator as ConditionOperator;
      if (!CONDITION_OPERATORS.includes(operator))
        throw new RuleProblem("invalid", rule, `${path}.operator`, `unknown operator ${String(raw.operator)}`);
      const value = raw.value;
      const scalarOk = (v: unknown) =>
        def.type === "number" ? typeof v === "number" && Number.isFinite(v) : typeof v === "string";
      if (operator === "in" || operator === "notIn") {
        if (!Array.isArray(value) || value.length === 0 || !value.every(scalarOk))
          throw new RuleProblem("invalid", rule, `${path}.value`, `must be a non-empty list of ${def.type} values`);
      } else if (!scalarOk(value)) {
        throw new RuleProblem("invalid", rule, `${path}.value`, `must be a ${def.type}`);
      }
      if (raw.label !== undefined && typeof raw.label !== "string")
        throw new RuleProblem("invalid", rule, `${path}.label`, "must be text");
      used.add(def.name);
      return {
        kind: "leaf",
        path,
        leaf: { fact: def.name, operator, value: value as FactValue, label: raw.label as string | undefined },
      };
    }
    throw new RuleProblem("invalid", rule, path, "expected all, any, not, rule or fact");
  };
  const root = parse(ruleSet.conditions, "conditions", "conditions", [], 0);
  // A named rule nobody references is still checked (an editor's mistake there is a mistake too).
  for (const [name, raw] of Object.entries(named)) parse(raw, name, `rules.${name}`, [name], 0);
  return { test: compileTest(root), explain: compileExplain(root), facts: [...used].sort() };
}

function leafTest(leaf: Leaf): (actual: FactValue | undefined) => boolean {
  const v = leaf.value;
  switch (leaf.operator) {
    case "eq":
      return (a) => a === v;
    case "ne":
      return (a) => a !== null && a !== undefined && a !== v;
    case "gt":
      return (a) => a !== null && a !== undefined && a > (v as number | string);
    case "gte":
      return (a) => a !== null && a !== undefined && a >= (v as number | string);
    case "lt":
      return (a) => a !== null && a !== undefined && a < (v as number | string);
    case "lte":
      return (a) => a !== null && a !== undefined && a <= (v as number | string);
    case "in": {
      const set = new Set(v as FactValue[]);
      return (a) => a !== null && a !== undefined && set.has(a);
    }
    case "notIn": {
      const set = new Set(v as FactValue[]);
      return (a) => a !== null && a !== undefined && !set.has(a);
    }
  }
}

function compileTest(node: Node): (facts: FactValues) => boolean {
  switch (node.kind) {
    case "leaf": {
      const t = leafTest(node.leaf);
      const fact = node.leaf.fact;
      return (f) => t(f[fact]);
    }
    case "not": {
      const inner = compileTest(node.item);
      return (f) => !inner(f);
    }
    case "all": {
      const items = node.items.map(compileTest);
      return (f) => {
        for (const t of items) if (!t(f)) return false;
        return true;
      };
    }
    case "any": {
      const items = node.items.map(compileTest);
      return (f) => {
        for (const t of items) if (t(f)) return true;
        return false;
      };
    }
  }
}

function compileExplain(root: Node) {
  const walk = (node: Node, negated: boolean, out: ConditionResult[], f: FactValues): boolean => {
    switch (node.kind) {
      case "leaf": {
        const actual = f[node.leaf.fact] ?? null;
        const passed = leafTest(node.leaf)(actual);
        out.push({
          path: node.path,
          label: node.leaf.label ?? null,
          fact: node.leaf.fact,
          operator: node.leaf.operator,
          value: node.leaf.value,
          actual,
          passed,
          negated,
        });
        return passed;
      }
      case "not":
        return !walk(node.item, !negated, out, f);
      case "all": {
        // Every condition is evaluated (no short circuit): the explanation lists them all.
        let ok = true;
        for (const n of node.items) ok = walk(n, negated, out, f) && ok;
        return ok;
      }
      case "any": {
        let ok = false;
        for (const n of node.items) ok = walk(n, negated, out, f) || ok;
        return ok;
      }
    }
  };
  return (facts: FactValues) => {
    const conditions: ConditionResult[] = [];
    const eligible = walk(root, false, conditions, facts);
    return { eligible, conditions };
  };
}
