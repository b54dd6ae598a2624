/**
 * The formula language of indicators: numbers, measure names (`cases.volume`), other indicators' codes
 * (`online_rate`), + - * /, unary minus and parentheses. A recursive-descent parser into a tree that is
 * evaluated by walking it — nothing is ever handed to eval. Division by zero, or by a missing figure, is
 * null (no data), never Infinity.
 *
 * A weighted indicator system is `weighted(online_rate: 0.6, overdue_rate: 0.4)`: the weighted sum of the
 * children's normalised scores (0–100, see `normalise`); the registry checks the weights sum to 1 and each
 * child has a target and a critical threshold to normalise by.
 */

export type Formula =
  | { k: "num"; v: number }
  | { k: "ref"; name: string }
  | { k: "neg"; e: Formula }
  | { k: "bin"; op: "+" | "-" | "*" | "/"; l: Formula; r: Formula }
  | { k: "weighted"; items: { code: string; weight: number }[] };

export class FormulaSyntaxError extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?)|([-+*/():,]))/y;
const MAX_LENGTH = 500;
const MAX_DEPTH = 50;

type Token = { num: number } | { ref: string } | { op: string };

function tokenize(src: string): Token[] {
  if (src.length > MAX_LENGTH) throw new FormulaSyntaxError("formula too long", "公式过长");
  const out: Token[] = [];
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new FormulaSyntaxError(`unexpected character at ${pos + 1}`, `第 ${pos + 1} 个字符无法识别`);
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ num: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ ref: m[2] });
    else out.push({ op: m[3] as string });
  }
  return out;
}

export function parseFormula(src: string): Formula {
  const tokens = tokenize(src);
  let i = 0;
  const peekOp = () => {
    const t = tokens[i];
    return t && "op" in t ? t.op : null;
  };
  const expr = (depth: number): Formula => {
    if (depth > MAX_DEPTH) throw new FormulaSyntaxError("formula nested too deeply", "公式嵌套过深");
    let left = term(depth);
    for (let op = peekOp(); op === "+" || op === "-"; op = peekOp()) {
      i++;
      left = { k: "bin", op, l: left, r: term(depth) };
    }
    return left;
  };
  const term = (depth: number): Formula => {
    let left = factor(depth);
    for (let op = peekOp(); op === "*" || op === "/"; op = peekOp()) {
      i++;
      left = { k: "bin", op, l: left, r: factor(depth) };
    }
    return left;
  };
  const factor = (depth: number): Formula => {
    const t = tokens[i++];
    if (!t) throw new FormulaSyntaxError("formula ends too early", "公式不完整");
    if ("num" in t) return { k: "num", v: t.num };
    if ("ref" in t) {
      const next = tokens[i];
      if (t.ref === "weighted" && next && "op" in next && next.op === "(") return weighted();
      return { k: "ref", name: t.ref };
    }
    if (t.op === "-") return { k: "neg", e: factor(depth + 1) };
    if (t.op === "(") {
      const e = expr(depth + 1);
      if (peekOp() !== ")") throw new FormulaSyntaxError("missing )", "缺少右括号");
      i++;
      return e;
    }
    throw new FormulaSyntaxError(`unexpected ${t.op}`, `多余的 ${t.op}`);
  };
  // weighted(code: weight, …): indicator codes and plain numbers only.
  const weighted = (): Formula => {
    i++; // (
    const items: { code: string; weight: number }[] = [];
    for (;;) {
      const code = tokens[i++];
      const colon = tokens[i++];
      const weight = tokens[i++];
      if (!code || !("ref" in code) || !colon || !("op" in colon) || colon.op !== ":" || !weight || !("num" in weight))
        throw new FormulaSyntaxError("weighted() takes code: weight, …", "weighted() 的参数应为 指标编码: 权重, …");
      items.push({ code: code.ref, weight: weight.num });
      const sep = peekOp();
      i++;
      if (sep === ")") return { k: "weighted", items };
      if (sep !== ",") throw new FormulaSyntaxError("missing ) after weighted(", "weighted( 缺少右括号");
    }
  };
  const tree = expr(0);
  if (i < tokens.length) throw new FormulaSyntaxError("unexpected input after the formula", "公式末尾有多余内容");
  return tree;
}

/** Every name the formula refers to, in order of first appearance. */
export function references(f: Formula, out: string[] = []): string[] {
  switch (f.k) {
    case "ref":
      if (!out.includes(f.name)) out.push(f.name);
      break;
    case "neg":
      references(f.e, out);
      break;
    case "bin":
      references(f.l, out);
      references(f.r, out);
      break;
    case "weighted":
      for (const c of f.items) if (!out.includes(c.code)) out.push(c.code);
      break;
  }
  return out;
}

/** Every weighted(…) in the formula. */
export function weightedNodes(f: Formula, out: Extract<Formula, { k: "weighted" }>[] = []) {
  if (f.k === "weighted") out.push(f);
  else if (f.k === "neg") weightedNodes(f.e, out);
  else if (f.k === "bin") {
    weightedNodes(f.l, out);
    weightedNodes(f.r, out);
  }
  return out;
}

/** A measure is namespaced by its module (`cases.volume`); a bare name is another indicator's code. */
export const isMeasureName = (name: string) => name.includes(".");

/**
 * A child's score in a weighted system: 0 at its critical threshold, 100 at its target, linear between and
 * clamped — whichever way is better (for a lower-is-better child the target is below the critical value).
 */
export function normalise(value: number, target: number, critical: number): number {
  return Math.min(1, Math.max(0, (value - critical) / (target - critical))) * 100;
}

/** The target and critical threshold a child is normalised by (checked present when the system is saved). */
export type Bounds = (code: string) => { target: number; critical: number } | null;

export function evaluate(
  f: Formula,
  lookup: (name: string) => number | null,
  bounds: Bounds = () => null,
): number | null {
  switch (f.k) {
    case "num":
      return f.v;
    case "ref":
      return lookup(f.name);
    case "weighted": {
      let sum = 0;
      for (const c of f.items) {
        const v = lookup(c.code);
        const b = bounds(c.code);
        if (v === null || !b) return null; // a child without data: the system has none either
        sum += c.weight * normalise(v, b.target, b.critical);
      }
      return sum;
    }
    case "neg": {
      const v = evaluate(f.e, lookup, bounds);
      return v === null ? null : -v;
    }
    case "bin": {
      const l = evaluate(f.l, lookup, bounds);
      const r = evaluate(f.r, lookup, bounds);
      if (l === null || r === null) return null;
      switch (f.op) {
        case "+":
          return l + r;
        case "-":
          return l - r;
        case "*":
          return l * r;
        case "/":
          return r === 0 ? null : l / r;
      }
    }
  }
}
