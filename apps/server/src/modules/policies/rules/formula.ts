/**
 * The amount formula (金额公式): a tiny arithmetic language over number facts — numbers, fact names,
 * + - * / and parentheses, min(a, b, …), max(…), round(x), floor(x) — parsed here (never eval) and compiled to
 * a closure. Validation refuses unknown names, non-number facts and a divisor that is zero whatever the facts
 * (constant-folded); a divisor that is zero for one enterprise is that enterprise's error at run time.
 */
import type { FactDefinition, FactValues } from "@yiwang/contracts";

export class FormulaProblem extends Error {
  constructor(
    readonly kind: "invalid" | "division_by_zero" | "unknown_fact",
    /** Where, as "amountFormula@<character offset>". */
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** An enterprise's amount could not be computed (a missing fact, division by zero). */
export class AmountError extends Error {}

type Expr =
  | { k: "num"; v: number }
  | { k: "fact"; name: string }
  | { k: "neg"; e: Expr }
  | { k: "bin"; op: "+" | "-" | "*" | "/"; l: Expr; r: Expr; at: number }
  | { k: "call"; fn: "min" | "max" | "round" | "floor"; args: Expr[] };

const FUNCTIONS = { min: [1, 20], max: [1, 20], round: [1, 1], floor: [1, 1] } as const;

interface Token {
  t: "num" | "id" | "op";
  v: string;
  at: number;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/(),]))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new FormulaProblem("invalid", `amountFormula@${i}`, `unexpected character ${src.slice(i).trim()[0]}`);
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3]).length;
    if (m[1]) out.push({ t: "num", v: m[1], at });
    else if (m[2]) out.push({ t: "id", v: m[2], at });
    else out.push({ t: "op", v: m[3], at });
    i = re.lastIndex;
  }
  return out;
}

export interface CompiledFormula {
  amount(facts: FactValues): number;
  facts: string[];
}

export function compileFormula(src: string, catalogue: ReadonlyMap<string, FactDefinition>): CompiledFormula {
  const tokens = tokenize(src);
  let pos = 0;
  const used = new Set<string>();
  const peek = () => tokens[pos];
  const where = () => `amountFormula@${peek()?.at ?? src.length}`;
  const expect = (v: string) => {
    if (peek()?.v !== v) throw new FormulaProblem("invalid", where(), `expected ${v}`);
    pos++;
  };
  const primary = (): Expr => {
    const tok = peek();
    if (!tok) throw new FormulaProblem("invalid", where(), "unexpected end");
    pos++;
    if (tok.t === "num") return { k: "num", v: Number(tok.v) };
    if (tok.t === "op" && tok.v === "(") {
      const e = sum();
      expect(")");
      return e;
    }
    if (tok.t === "op" && tok.v === "-") return { k: "neg", e: primary() };
    if (tok.t === "id") {
      if (peek()?.v === "(") {
        const arity = FUNCTIONS[tok.v as keyof typeof FUNCTIONS];
        if (!arity) throw new FormulaProblem("invalid", `amountFormula@${tok.at}`, `unknown function ${tok.v}`);
        pos++;
        const args = [sum()];
        while (peek()?.v === ",") {
          pos++;
          args.push(sum());
        }
        expect(")");
        if (args.length < arity[0] || args.length > arity[1])
          throw new FormulaProblem("invalid", `amountFormula@${tok.at}`, `${tok.v} takes ${arity.join("–")} arguments`);
        return { k: "call", fn: tok.v as keyof typeof FUNCTIONS, args };
      }
      const def = catalogue.get(tok.v);
      if (!def) throw new FormulaProblem("unknown_fact", `amountFormula@${tok.at}`, `unknown fact ${tok.v}`);
      if (def.type !== "number")
        throw new FormulaProblem("invalid", `amountFormula@${tok.at}`, `fact ${tok.v} is not a number`);
      used.add(def.name);
      return { k: "fact", name: def.name };
    }
    throw new FormulaProblem("invalid", `amountFormula@${tok.at}`, `unexpected ${tok.v}`);
  };
  const product = (): Expr => {
    let l = primary();
    while (peek()?.v === "*" || peek()?.v === "/") {
      const op = peek() as Token;
      pos++;
      l = { k: "bin", op: op.v as "*" | "/", l, r: primary(), at: op.at };
    }
    return l;
  };
  function sum(): Expr {
    let l = product();
    while (peek()?.v === "+" || peek()?.v === "-") {
      const op = peek() as Token;
      pos++;
      l = { k: "bin", op: op.v as "+" | "-", l, r: product(), at: op.at };
    }
    return l;
  }
  const tree = sum();
  if (pos < tokens.length) throw new FormulaProblem("invalid", where(), `unexpected ${peek()?.v}`);
  checkDivisors(tree);
  const run = compile(tree);
  return {
    amount: (facts) => {
      const v = run(facts);
      if (!Number.isFinite(v)) throw new AmountError("amount is not a finite number");
      return Math.max(0, Math.round(v));
    },
    facts: [...used].sort(),
  };
}

/** The value of an expression without facts, or undefined when it depends on one. */
function constant(e: Expr): number | undefined {
  switch (e.k) {
    case "num":
      return e.v;
    case "fact":
      return undefined;
    case "neg": {
      const v = constant(e.e);
      return v === undefined ? undefined : -v;
    }
    case "bin": {
      const l = constant(e.l);
      const r = constant(e.r);
      // Anything times zero is zero, whatever the fact (a divisor like `employeesInsured * 0`).
      if (e.op === "*" && (l === 0 || r === 0)) return 0;
      if (l === undefined || r === undefined) return undefined;
      return e.op === "+" ? l + r : e.op === "-" ? l - r : e.op === "*" ? l * r : l / r;
    }
    case "call": {
      const vs = e.args.map(constant);
      if (vs.some((v) => v === undefined)) return undefined;
      const n = vs as number[];
      return e.fn === "min"
        ? Math.min(...n)
        : e.fn === "max"
          ? Math.max(...n)
          : e.fn === "round"
            ? Math.round(n[0])
            : Math.floor(n[0]);
    }
  }
}

function checkDivisors(e: Expr): void {
  if (e.k === "bin") {
    if (e.op === "/" && constant(e.r) === 0)
      throw new FormulaProblem("division_by_zero", `amountFormula@${e.at}`, "the divisor is always zero");
    checkDivisors(e.l);
    checkDivisors(e.r);
  } else if (e.k === "neg") checkDivisors(e.e);
  else if (e.k === "call") for (const a of e.args) checkDivisors(a);
}

function compile(e: Expr): (f: FactValues) => number {
  switch (e.k) {
    case "num": {
      const v = e.v;
      return () => v;
    }
    case "fact": {
      const name = e.name;
      return (f) => {
        const v = f[name];
        if (typeof v !== "number") throw new AmountError(`fact ${name} is not on record`);
        return v;
      };
    }
    case "neg": {
      const inner = compile(e.e);
      return (f) => -inner(f);
    }
    case "bin": {
      const l = compile(e.l);
      const r = compile(e.r);
      if (e.op === "+") return (f) => l(f) + r(f);
      if (e.op === "-") return (f) => l(f) - r(f);
      if (e.op === "*") return (f) => l(f) * r(f);
      return (f) => {
        const d = r(f);
        if (d === 0) throw new AmountError("division by zero");
        return l(f) / d;
      };
    }
    case "call": {
      const args = e.args.map(compile);
      const fn = e.fn === "min" ? Math.min : e.fn === "max" ? Math.max : e.fn === "round" ? Math.round : Math.floor;
      // The common arities without an array per call (the nightly match computes millions of amounts).
      if (args.length === 1) {
        const [a] = args;
        return (f) => fn(a(f));
      }
      if (args.length === 2) {
        const [a, b] = args;
        return (f) => fn(a(f), b(f));
      }
      return (f) => fn(...args.map((a) => a(f)));
    }
  }
}
