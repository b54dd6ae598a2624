/**
 * The formula language of indicators: numbers, measure names (`cases.volume`), other indicators' codes
 * (`online_rate`), + - * /, unary minus and parentheses. A recursive-descent parser into a tree that is
 * evaluated by walking it — nothing is ever handed to eval. Division by zero, or by a missing figure, is
 * null (no data), never Infinity.
 */

export type Formula =
  | { k: "num"; v: number }
  | { k: "ref"; name: string }
  | { k: "neg"; e: Formula }
  | { k: "bin"; op: "+" | "-" | "*" | "/"; l: Formula; r: Formula };

export class FormulaSyntaxError extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?)|([-+*/()]))/y;
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
    if ("ref" in t) return { k: "ref", name: t.ref };
    if (t.op === "-") return { k: "neg", e: factor(depth + 1) };
    if (t.op === "(") {
      const e = expr(depth + 1);
      if (peekOp() !== ")") throw new FormulaSyntaxError("missing )", "缺少右括号");
      i++;
      return e;
    }
    throw new FormulaSyntaxError(`unexpected ${t.op}`, `多余的 ${t.op}`);
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
  }
  return out;
}

/** A measure is namespaced by its module (`cases.volume`); a bare name is another indicator's code. */
export const isMeasureName = (name: string) => name.includes(".");

export function evaluate(f: Formula, lookup: (name: string) => number | null): number | null {
  switch (f.k) {
    case "num":
      return f.v;
    case "ref":
      return lookup(f.name);
    case "neg": {
      const v = evaluate(f.e, lookup);
      return v === null ? null : -v;
    }
    case "bin": {
      const l = evaluate(f.l, lookup);
      const r = evaluate(f.r, lookup);
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
