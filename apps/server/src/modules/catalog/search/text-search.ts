/**
 * PostgreSQL text search, the parts catalog search uses, evaluated in Node over the same texts: a tsvector
 * as PostgreSQL prints it (`search::text`), and the tsquery text that query.ts builds. What matches here
 * matches `search @@ query` there (ranking-index.test.ts compares the two on thousands of searches), so
 * the in-process ranking index answers exactly what the `catalog_search` function would.
 *
 * Covered: lexemes, `&`, `|`, parentheses, prefix `:*` and weight restrictions (`:A`, `:*AB`) — everything
 * query.ts writes. Not covered (query.ts never writes them, and the parser refuses them): `!`, `<->`.
 */

/** Weight codes as PostgreSQL numbers them (WEP_GETWEIGHT): D = 0 … A = 3. */
const WEIGHT_CODE: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };

/** One occurrence of a lexeme: its position and weight code (0 = D … 3 = A). */
export interface Position {
  pos: number;
  weight: number;
}

/** A tsvector: lexemes in PostgreSQL's order (bytes of UTF-8, shorter first), each with its positions. */
export type TsVector = { lexeme: string; positions: Position[] }[];

/** A query operand: a lexeme, maybe a prefix, maybe restricted to weights (bit 1 << code; 15 = any). */
export interface Operand {
  kind: "lexeme";
  lexeme: string;
  prefix: boolean;
  weights: number;
}
export type TsQuery = Operand | { kind: "and" | "or"; left: TsQuery; right: TsQuery };

export const ANY_WEIGHT = 0b1111;

/** Reads a quoted lexeme at `at` ('…' with '' and \x escapes); returns it and the index after it. */
function quoted(text: string, at: number): [string, number] {
  let out = "";
  let i = at + 1;
  for (;;) {
    const c = text[i];
    if (c === undefined) throw new Error("unterminated lexeme");
    if (c === "\\") {
      out += text[i + 1] ?? "";
      i += 2;
    } else if (c === "'") {
      if (text[i + 1] === "'") {
        out += "'";
        i += 2;
      } else return [out, i + 1];
    } else {
      out += c;
      i++;
    }
  }
}

/** Parses tsvector output: `'词':1A,5 'x':2B` (weight D is not printed; a lexeme may have no positions). */
export function parseTsVector(text: string): TsVector {
  const out: TsVector = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === " ") {
      i++;
      continue;
    }
    const [lexeme, next] = quoted(text, i);
    i = next;
    const positions: Position[] = [];
    if (text[i] === ":") {
      i++;
      for (;;) {
        let n = 0;
        while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57)
          n = n * 10 + text.charCodeAt(i++) - 48;
        const w = WEIGHT_CODE[text[i] ?? ""];
        if (w !== undefined) i++;
        positions.push({ pos: n, weight: w ?? 0 });
        if (text[i] !== ",") break;
        i++;
      }
    }
    out.push({ lexeme, positions });
  }
  return out;
}

/** Parses the tsquery text query.ts writes; AND binds tighter than OR, as in PostgreSQL. */
export function parseTsQuery(text: string): TsQuery {
  let i = 0;
  const space = () => {
    while (text[i] === " ") i++;
  };
  const operand = (): TsQuery => {
    space();
    if (text[i] === "(") {
      i++;
      const inner = or();
      space();
      if (text[i] !== ")") throw new Error(`tsquery: ")" expected at ${i}`);
      i++;
      return inner;
    }
    if (text[i] !== "'") throw new Error(`tsquery: lexeme expected at ${i}`);
    const [lexeme, next] = quoted(text, i);
    i = next;
    let prefix = false;
    let weights = 0;
    if (text[i] === ":") {
      i++;
      for (;;) {
        const c = text[i];
        if (c === "*") prefix = true;
        else if (c !== undefined && WEIGHT_CODE[c] !== undefined) weights |= 1 << WEIGHT_CODE[c];
        else break;
        i++;
      }
    }
    return { kind: "lexeme", lexeme, prefix, weights: weights || ANY_WEIGHT };
  };
  const and = (): TsQuery => {
    let left = operand();
    for (;;) {
      space();
      if (text[i] !== "&") return left;
      i++;
      left = { kind: "and", left, right: operand() };
    }
  };
  const or = (): TsQuery => {
    let left = and();
    for (;;) {
      space();
      if (text[i] !== "|") return left;
      i++;
      left = { kind: "or", left, right: and() };
    }
  };
  const query = or();
  space();
  if (i !== text.length) throw new Error(`tsquery: unexpected "${text[i]}" at ${i}`);
  return query;
}

/** The distinct operands of a query (what PostgreSQL's ranking walks), in tree order. */
export function operands(q: TsQuery, out: Operand[] = []): Operand[] {
  if (q.kind === "lexeme") out.push(q);
  else {
    operands(q.left, out);
    operands(q.right, out);
  }
  return out;
}

/** Does a lexeme entry satisfy an operand? Equal, or starting with it for a prefix. */
export function lexemeMatches(o: Operand, lexeme: string): boolean {
  return o.prefix ? lexeme.startsWith(o.lexeme) : lexeme === o.lexeme;
}
