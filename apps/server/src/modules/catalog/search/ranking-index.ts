/**
 * The published catalog's search index held in each process: what the `catalog_search` function
 * (migration 20261123008000_catalog_search.sql) computes, computed in Node from the same stored vectors,
 * so a search that misses the result cache no longer waits for PostgreSQL. PostgreSQL stays the source of
 * truth: the index is built from `catalog_items.search` as PostgreSQL prints it, dropped with the catalog's
 * caches when any item or bundle changes on any node (LISTEN/NOTIFY), and rebuilt in the background while
 * searches go to PostgreSQL meanwhile (search.service.ts).
 *
 * Layout: items are numbered in the order the function breaks ties in (name length, then code), each
 * lexeme keeps the ascending item numbers it occurs in with the weights it carries there, and a query is
 * evaluated as bit sets, one bit per item. Walking the matching bits in ascending order yields each
 * ranking tier already sorted, so a page needs no sort. ranking-index.test.ts checks pages, totals and
 * bundles against the function on a seeded catalog, on both drivers.
 */
import type { StoredHit } from "../mapping.js";
import type { BundleRow, RankQuery, SearchFilter } from "./repository.js";
import {
  ANY_WEIGHT,
  type Operand,
  type Position,
  parseTsQuery,
  parseTsVector,
  type TsQuery,
  type TsVector,
} from "./text-search.js";
import { tsRank } from "./ts-rank.js";

/** A published item as the index is built from it (catalog_items, `search` as text). */
export interface IndexItemRow {
  code: string;
  name_norm: string;
  audience: string;
  dept: string;
  co_depts: string[];
  topics: string[];
  online_depth: number;
  hit: StoredHit;
  search: string;
}

/** A published bundle as the index is built from it (catalog_bundles, `search` as text). */
export interface IndexBundleRow extends BundleRow {
  search: string;
}

/** The function's bundle weights, `ts_rank('{0.1, 0.2, 0.4, 1.0}', …)`: D, C, B, A. */
const BUNDLE_WEIGHTS = [0.1, 0.2, 0.4, 1.0] as const;

interface Postings {
  ids: number[];
  /** Per id, the weights the lexeme carries in that item (bit 1 << code, A = 8 … D = 1). */
  weights: number[];
}

interface Bundle {
  row: BundleRow;
  vector: TsVector;
  lexemes: Map<string, Position[]>;
}

/** Code-point length, as PostgreSQL's length() counts a text's characters. */
function chars(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function weightBits(positions: Position[]): number {
  if (positions.length === 0) return ANY_WEIGHT; // never written by tsvectorLiteral; matches any weight
  let bits = 0;
  for (const p of positions) bits |= 1 << p.weight;
  return bits;
}

export class RankingIndex {
  readonly #items: Omit<IndexItemRow, "search">[];
  readonly #postings: Map<string, Postings>;
  /** The lexemes in string order: a prefix's lexemes are one run of it. */
  readonly #lexemes: string[];
  readonly #words: number;
  readonly #bundles: Bundle[];

  private constructor(items: Omit<IndexItemRow, "search">[], postings: Map<string, Postings>, bundles: Bundle[]) {
    this.#items = items;
    this.#words = (items.length + 31) >>> 5;
    this.#postings = postings;
    this.#lexemes = [...postings.keys()].sort();
    this.#bundles = bundles;
  }

  /**
   * Builds the index, yielding to the event loop every 500 items: 10,000 items take about 140 ms of CPU,
   * which in one piece would hold up every request of the process for as long after each catalog change.
   */
  static async build(items: IndexItemRow[], bundles: IndexBundleRow[]): Promise<RankingIndex> {
    // The function orders a tier by length(name_norm), then code; codes are upper-case ASCII (ItemCode),
    // so JavaScript's comparison is the C collation's the function uses.
    const keyed = items.map((row) => ({ row, len: chars(row.name_norm) }));
    keyed.sort((a, b) => a.len - b.len || byCode(a.row, b.row));
    const postings = new Map<string, Postings>();
    for (let id = 0; id < keyed.length; id++) {
      if (id % 500 === 499) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const { lexeme, positions } of parseTsVector(keyed[id]!.row.search)) {
        let p = postings.get(lexeme);
        if (!p) {
          p = { ids: [], weights: [] };
          postings.set(lexeme, p);
        }
        p.ids.push(id);
        p.weights.push(weightBits(positions));
      }
    }
    const ranked = bundles
      .map(({ search, ...row }) => {
        const vector = parseTsVector(search);
        return { row, vector, lexemes: new Map(vector.map((e) => [e.lexeme, e.positions])) };
      })
      .sort((a, b) => byCode(a.row, b.row));
    return new RankingIndex(
      keyed.map(({ row: { search, ...item } }) => item), // the vector text is not kept
      postings,
      ranked,
    );
  }

  get size(): number {
    return this.#items.length;
  }

  /** What `catalog_search(…)` returns for the same arguments. */
  search(q: RankQuery, f: SearchFilter, bundles = 0): { hits: StoredHit[]; total: number; bundles: BundleRow[] } {
    const memo = new Map<string, Uint32Array>();
    const all = parseTsQuery(q.all);
    const matched = this.#evaluate(all, memo);
    const inName = this.#evaluate(parseTsQuery(q.inName), memo);
    const inNameOrTopics = this.#evaluate(parseTsQuery(q.inNameOrTopics), memo);
    const tiers: number[][] = [[], [], [], [], [], []];
    let total = 0;
    for (let w = 0; w < this.#words; w++) {
      let x = matched[w]!;
      while (x !== 0) {
        const low = x & -x;
        const id = (w << 5) | (31 - Math.clz32(low));
        x ^= low;
        const item = this.#items[id]!;
        if (!passes(item, f)) continue;
        total++;
        tiers[tier(item.name_norm, q, inName, inNameOrTopics, w, low)]!.push(id);
      }
    }
    const page: StoredHit[] = [];
    let skip = f.offset;
    for (let t = 5; t >= 0 && page.length < f.limit; t--) {
      const ids = tiers[t]!;
      if (skip >= ids.length) {
        skip -= ids.length;
        continue;
      }
      for (let k = skip; k < ids.length && page.length < f.limit; k++) page.push(this.#items[ids[k]!]!.hit);
      skip = 0;
    }
    return { hits: page, total, bundles: bundles > 0 ? this.#rankBundles(all, bundles) : [] };
  }

  #rankBundles(all: TsQuery, limit: number): BundleRow[] {
    const ranked: { bundle: Bundle; rank: number }[] = [];
    for (const bundle of this.#bundles)
      if (matchesVector(all, bundle)) ranked.push({ bundle, rank: tsRank(BUNDLE_WEIGHTS, bundle.vector, all) });
    // Stable sort over bundles already in code order: equal ranks stay by code, as `order by rank desc, code`.
    ranked.sort((a, b) => b.rank - a.rank);
    return ranked.slice(0, limit).map((r) => r.bundle.row);
  }

  #evaluate(q: TsQuery, memo: Map<string, Uint32Array>): Uint32Array {
    if (q.kind === "lexeme") return this.#operand(q, memo);
    const left = this.#evaluate(q.left, memo);
    const right = this.#evaluate(q.right, memo);
    const out = new Uint32Array(this.#words);
    if (q.kind === "and") for (let w = 0; w < out.length; w++) out[w] = left[w]! & right[w]!;
    else for (let w = 0; w < out.length; w++) out[w] = left[w]! | right[w]!;
    return out;
  }

  #operand(o: Operand, memo: Map<string, Uint32Array>): Uint32Array {
    const key = `${o.prefix ? "*" : ""}${o.weights}:${o.lexeme}`;
    const known = memo.get(key);
    if (known) return known;
    const bits = new Uint32Array(this.#words);
    const add = (p: Postings | undefined) => {
      if (!p) return;
      for (let k = 0; k < p.ids.length; k++) {
        if ((p.weights[k]! & o.weights) === 0) continue;
        const id = p.ids[k]!;
        bits[id >>> 5]! |= 1 << (id & 31);
      }
    };
    if (!o.prefix) add(this.#postings.get(o.lexeme));
    else
      for (let j = lowerBound(this.#lexemes, o.lexeme); j < this.#lexemes.length; j++) {
        const lexeme = this.#lexemes[j]!;
        if (!lexeme.startsWith(o.lexeme)) break;
        add(this.#postings.get(lexeme));
      }
    memo.set(key, bits);
    return bits;
  }
}

function byCode(a: { code: string }, b: { code: string }): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

function lowerBound(sorted: string[], s: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The function's filters (each optional). */
function passes(item: Omit<IndexItemRow, "search">, f: SearchFilter): boolean {
  if (f.audience && item.audience !== f.audience && item.audience !== "any") return false;
  if (f.dept && item.dept !== f.dept && !item.co_depts.includes(f.dept)) return false;
  if (f.topic && !item.topics.includes(f.topic)) return false;
  if (f.onlineDepth && item.online_depth < f.onlineDepth) return false;
  return true;
}

/** The function's ranking tiers, best first: 5 name = query … 0 matched anywhere. */
function tier(name: string, q: RankQuery, inName: Uint32Array, inNameOrTopics: Uint32Array, w: number, bit: number) {
  if (name === q.text) return 5;
  if (name.includes(q.text)) return 4;
  if (q.phrases.some((p) => name.includes(p))) return 3;
  if ((inName[w]! & bit) !== 0) return 2;
  if ((inNameOrTopics[w]! & bit) !== 0) return 1;
  return 0;
}

/** `vector @@ query` for one bundle. */
function matchesVector(q: TsQuery, bundle: Bundle): boolean {
  if (q.kind !== "lexeme")
    return q.kind === "and"
      ? matchesVector(q.left, bundle) && matchesVector(q.right, bundle)
      : matchesVector(q.left, bundle) || matchesVector(q.right, bundle);
  const weighted = (positions: Position[]) => (weightBits(positions) & q.weights) !== 0;
  if (!q.prefix) {
    const positions = bundle.lexemes.get(q.lexeme);
    return positions !== undefined && weighted(positions);
  }
  return bundle.vector.some((e) => e.lexeme.startsWith(q.lexeme) && weighted(e.positions));
}
