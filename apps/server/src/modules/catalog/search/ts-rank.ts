/**
 * PostgreSQL's `ts_rank(weights, vector, query)` (normalization 0), ported from src/backend/utils/adt/tsrank.c
 * (calc_rank, calc_rank_and, calc_rank_or, word_distance) so that bundles rank in Node exactly as the
 * `catalog_search` function ranks them. The arithmetic keeps C's types: `float` values are rounded to
 * single precision (Math.fround) where C stores or computes them as float, and expressions with a double
 * constant are computed in double, as C promotes them. ts-rank.test.ts compares it with PostgreSQL on
 * random vectors and queries, value for value.
 */
import { lexemeMatches, type Operand, operands, type Position, type TsQuery, type TsVector } from "./text-search.js";

const f = Math.fround;
const MAXENTRYPOS = 1 << 14;

/** PostgreSQL orders operands by the bytes of their UTF-8 text, shorter first on a tie (tsCompareString). */
function byBytes(a: Operand, b: Operand): number {
  return Buffer.compare(Buffer.from(a.lexeme), Buffer.from(b.lexeme));
}

/** SortAndUniqItems: the query's operands sorted by text, one per text. */
function sortedUnique(q: TsQuery): Operand[] {
  const sorted = operands(q).sort(byBytes);
  return sorted.filter((o, i) => i === 0 || sorted[i - 1]!.lexeme !== o.lexeme);
}

/** find_wordentry: the vector's entries an operand meets (one, or every entry with the prefix), in order. */
function entries(t: TsVector, o: Operand): Position[][] {
  const found: Position[][] = [];
  for (const e of t) if (lexemeMatches(o, e.lexeme)) found.push(e.positions);
  return found;
}

function wordDistance(w: number): number {
  if (w > 100) return f(1e-30);
  return f(1.0 / (1.005 + 0.05 * Math.exp(f(w) / 1.5 - 2)));
}

function calcRankOr(w: readonly number[], t: TsVector, q: TsQuery): number {
  const items = sortedUnique(q);
  let res = 0;
  for (const item of items) {
    for (let post of entries(t, item)) {
      if (post.length === 0) post = [{ pos: 0, weight: 0 }];
      let resj = 0;
      let wjm = -1;
      let jm = 0;
      for (let j = 0; j < post.length; j++) {
        const wj = w[post[j]!.weight]!;
        resj = f(resj + f(wj / ((j + 1) * (j + 1))));
        if (wj > wjm) {
          wjm = wj;
          jm = j;
        }
      }
      // (float + float − float / int) / double → double; res + double → stored as float.
      const inner = f(f(wjm + resj) - f(wjm / ((jm + 1) * (jm + 1))));
      res = f(res + inner / 1.64493406685);
    }
  }
  if (items.length > 0) res = f(res / items.length);
  return res;
}

function calcRankAnd(w: readonly number[], t: TsVector, q: TsQuery): number {
  const items = sortedUnique(q);
  if (items.length < 2) return calcRankOr(w, t, q);
  const NULL_POS: Position[] = [{ pos: MAXENTRYPOS - 1, weight: 0 }];
  const pos: (Position[] | undefined)[] = new Array(items.length);
  let res = -1;
  for (let i = 0; i < items.length; i++) {
    for (const found of entries(t, items[i]!)) {
      const post = found.length ? found : NULL_POS;
      pos[i] = post;
      for (let k = 0; k < i; k++) {
        const ct = pos[k];
        if (!ct) continue;
        for (const l of post) {
          for (const p of ct) {
            let dist = Math.abs(l.pos - p.pos);
            if (dist || post === NULL_POS || ct === NULL_POS) {
              if (!dist) dist = MAXENTRYPOS;
              const curw = f(Math.sqrt(f(f(w[l.weight]! * w[p.weight]!) * wordDistance(dist))));
              res = res < 0 ? curw : f(1.0 - (1.0 - res) * (1.0 - curw));
            }
          }
        }
      }
    }
  }
  return res;
}

/** ts_rank(weights {D, C, B, A}, vector, query), normalization 0, as PostgreSQL computes it (a float4). */
export function tsRank(weights: readonly [number, number, number, number], t: TsVector, q: TsQuery): number {
  if (t.length === 0) return 0;
  const w = weights.map(f);
  let res = q.kind === "and" ? calcRankAnd(w, t, q) : calcRankOr(w, t, q);
  if (res < 0) res = f(1e-20);
  return res;
}
