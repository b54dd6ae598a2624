import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../../test-support/database.js";
import type { StoredHit } from "../mapping.js";
import { prng } from "../synthetic.js";
import { RankingIndex } from "./ranking-index.js";
import { quoteLexeme } from "./segment.js";
import { parseTsQuery, parseTsVector } from "./text-search.js";
import { tsRank } from "./ts-rank.js";

/**
 * Node's text search against PostgreSQL's own, on random vectors and queries (seeded): the vectors as
 * PostgreSQL prints them parse back to the same lexemes and positions, `@@` selects the same vectors, and
 * ts_rank gives the same float4, bit for bit.
 */
const WORDS = [
  "许可",
  "登记",
  "许可证",
  "营业执照",
  "公积金",
  "it's",
  "a\\b",
  "spjy",
  "spjyxk",
  "sp",
  "busi",
  "business",
  "药",
];
const WEIGHTS = ["A", "B", "C", "D"];

function randomVector(random: () => number): string {
  const parts: string[] = [];
  for (const word of WORDS) {
    if (random() < 0.5) continue;
    const n = 1 + Math.floor(random() * 4);
    const positions = Array.from({ length: n }, () => {
      // Mostly close positions (word_distance matters), some far apart (> 100: the 1e-30 branch).
      const pos = 1 + Math.floor(random() < 0.8 ? random() * 30 : random() * 400);
      const w = WEIGHTS[Math.floor(random() * 4)]!;
      return `${pos}${w}`;
    });
    parts.push(`${quoteLexeme(word)}:${positions.join(",")}`);
  }
  return parts.join(" ");
}

function randomQuery(random: () => number, depth = 0): string {
  if (depth >= 3 || random() < 0.35) {
    const word = WORDS[Math.floor(random() * WORDS.length)]!;
    // As query.ts writes them: Latin words always by prefix, others never (PostgreSQL's ranking keeps one
    // operand per text, and which one of 'sp' and 'sp':* it keeps depends on its sort).
    const prefix = /^[a-z]+$/.test(word) ? "*" : "";
    const weights = random() < 0.3 ? ["A", "AB", "C", "BD"][Math.floor(random() * 4)]! : "";
    return prefix || weights ? `${quoteLexeme(word)}:${prefix}${weights}` : quoteLexeme(word);
  }
  const op = random() < 0.6 ? "&" : "|";
  return `( ${randomQuery(random, depth + 1)} ${op} ${randomQuery(random, depth + 1)} )`;
}

describe("text search in Node = PostgreSQL's", () => {
  let database: TestDatabase;
  const random = prng(6122026);
  const vectors = Array.from({ length: 300 }, () => randomVector(random)).filter((v) => v !== "");
  const queries = Array.from({ length: 200 }, () => randomQuery(random));
  const pairs = vectors.flatMap((v, i) => [0, 1, 2].map((k) => [v, queries[(i * 3 + k) % queries.length]!] as const));

  beforeAll(async () => {
    database = await openTestDatabase({ migrate: false });
  });
  afterAll(() => database.dispose());

  it("parses vectors as PostgreSQL prints them", async () => {
    const printed = await sql<{ t: string }>`select v::tsvector::text as t from unnest(${vectors}::text[]) v`.execute(
      database.db,
    );
    for (const { t } of printed.rows) {
      const again = await sql<{ t: string }>`select ${t}::tsvector::text as t`.execute(database.db);
      expect(again.rows[0]!.t).toBe(t);
      const parsed = parseTsVector(t);
      expect(parsed.length).toBeGreaterThan(0);
      for (const e of parsed) expect(WORDS).toContain(e.lexeme);
    }
  });

  it("ranks as ts_rank('{0.1, 0.2, 0.4, 1.0}', …) does, bit for bit", async () => {
    const r = await sql<{ v: string; q: string; rank: number }>`
      select v::tsvector::text as v, q, ts_rank('{0.1, 0.2, 0.4, 1.0}', v::tsvector, q::tsquery) as rank
      from unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) as t(v, q)`.execute(
      database.db,
    );
    const distinct = new Set<number>();
    for (const row of r.rows) {
      const expected = Math.fround(Number(row.rank));
      expect(tsRank([0.1, 0.2, 0.4, 1.0], parseTsVector(row.v), parseTsQuery(row.q)), `${row.v} @ ${row.q}`).toBe(
        expected,
      );
      distinct.add(expected);
    }
    expect(distinct.size).toBeGreaterThan(100); // not a constant: the ranks vary
  });

  it("matches (@@) the vectors PostgreSQL matches", async () => {
    const rows = vectors.map((v, i) => ({ code: `C${String(i).padStart(4, "0")}`, v }));
    const printed = await sql<{ code: string; t: string }>`
      select code, v::tsvector::text as t from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.v)}::text[])
        as x(code, v)`.execute(database.db);
    const index = await RankingIndex.build(
      printed.rows.map(({ code, t }) => ({
        code,
        name_norm: code,
        audience: "any",
        dept: "d",
        co_depts: [],
        topics: [],
        online_depth: 1,
        hit: { code } as StoredHit,
        search: t,
      })),
      [],
    );
    let nonTrivial = 0;
    for (const q of queries) {
      const matched = await sql<{ code: string }>`
        select code from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.v)}::text[]) as x(code, v)
        where v::tsvector @@ ${q}::tsquery`.execute(database.db);
      const ours = index.search(
        { all: q, inName: q, inNameOrTopics: q, text: "-", phrases: [] },
        { limit: 10_000, offset: 0 },
      );
      expect(ours.hits.map((h) => h.code).sort(), q).toEqual(matched.rows.map((m) => m.code).sort());
      if (matched.rows.length > 0 && matched.rows.length < rows.length) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(100);
  });
});
