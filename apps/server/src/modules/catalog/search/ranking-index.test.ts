import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../seed/index.js";
import { openTestDatabase, type TestDatabase } from "../../../test-support/database.js";
import { prng, seedSyntheticItems, syntheticQueries } from "../synthetic.js";
import { analyzeQuery } from "./query.js";
import { RankingIndex } from "./ranking-index.js";
import { type SearchFilter, SearchRepository } from "./repository.js";
import { tsvectorLiteral } from "./segment.js";

/**
 * The in-process ranking index against the `catalog_search` function it stands in for: the same page
 * (items in the same order), the same total and the same bundles in the same order, for every query of a
 * seeded catalog (the demo items, 1,400 synthetic ones, 40 extra bundles) across filters and pages.
 */
describe("catalog ranking index = catalog_search, on the same catalog", () => {
  let database: TestDatabase;
  let repo: SearchRepository;
  let index: RankingIndex;
  let synonyms: Map<string, string[]>;
  const subjects = syntheticQueries().slice(0, 40);

  beforeAll(async () => {
    database = await openTestDatabase();
    await seedDemo(database.db);
    await seedSyntheticItems(database.db, 1_400, { append: async () => {} });
    // More bundles than the demo's two, with overlapping words, so bundle ranking has ties and orders to get right.
    for (const [k, name] of subjects.entries()) {
      const code = `990100-YJS-9${String(k).padStart(2, "0")}`;
      const description = `${subjects[(k * 7) % subjects.length]}一次办 ${k % 3 ? "开办企业" : ""}`;
      await sql`insert into catalog_bundles (code, status, name, description, items, topics, search, published_at)
        values (${code}, 'published', ${name}, ${description}, '[]'::jsonb, ${["一件事"]}::text[],
          ${tsvectorLiteral([
            { weight: "A", texts: [name] },
            { weight: "B", texts: ["一件事"] },
            { weight: "C", texts: [description] },
          ])}::tsvector, now())`.execute(database.db);
    }
    repo = new SearchRepository(database.db);
    const rows = await repo.indexRows();
    index = await RankingIndex.build(rows.items, rows.bundles);
    synonyms = new Map((await repo.synonyms()).entries());
  }, 120_000);
  afterAll(() => database.dispose());

  it("answers every query, filter and page as the function does", async () => {
    const demoNames = (
      await sql<{ name: string }>`select name from catalog_items where code not like '990100-SYN-%'`.execute(
        database.db,
      )
    ).rows.map((r) => r.name);
    const random = prng(20261206);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const queries = [
      ...demoNames,
      ...[...synonyms.keys()],
      ...syntheticQueries().filter(() => random() < 0.15),
      // Words that several bundles share (道路运输, 建筑施工 …), so several bundles are ranked against each other.
      ...subjects.map((name) => name.slice(0, 4)),
      // Parts of names, pinyin initials and English prefixes, words no item has, stop words around words.
      "许可",
      "登记",
      "证明",
      "公积金",
      "spjy",
      "jdc",
      "business",
      "start a",
      "我要办理营业执照",
      "怎么办结婚登记",
      "量子隧穿许可",
      "药品 医疗",
      "一件事",
      "开办企业",
      // Words from different fields, so items land in different tiers of one page: topics (B) beside
      // names (A), materials and conditions (C), and a bundle's topic beside its description.
      ...["开办企业", "交通出行", "社会保障", "住房", "医疗卫生", "环境保护"].flatMap((t) => [
        `${t} 许可`,
        `${t} 登记`,
      ]),
      "申请表 许可",
      "承诺书 备案",
      "营业执照 登记",
      "法律法规 许可",
      "一件事 开办企业",
      "一件事 道路运输",
      "一次办 药品",
    ];
    const depts = (
      await sql<{ dept: string }>`select distinct dept from catalog_items order by dept`.execute(database.db)
    ).rows.map((r) => r.dept);
    const topics = ["开办企业", "交通出行", "社会保障", "住房", "医疗卫生"];
    let compared = 0;
    let withHits = 0;
    let withBundles = 0;
    let multiBundles = 0;
    for (const text of queries) {
      const a = analyzeQuery(text, synonyms);
      if (!a.all) continue;
      const q = { all: a.all, inName: a.inName!, inNameOrTopics: a.inNameOrTopics!, text: a.text, phrases: a.phrases };
      const filters: SearchFilter[] = [
        { limit: 10, offset: 0 },
        { limit: 20, offset: pick([10, 20, 40]) },
        { limit: 100, offset: 0 }, // a long page holds several tiers
        {
          audience: pick(["natural_person", "legal_person"]),
          dept: random() < 0.4 ? pick(depts) : undefined,
          topic: random() < 0.3 ? pick(topics) : undefined,
          onlineDepth: random() < 0.4 ? pick([2, 3, 4]) : undefined,
          limit: 5,
          offset: 0,
        },
      ];
      for (const f of filters) {
        const bundles = f.offset === 0 ? 5 : 0;
        const expected = await repo.search(q, f, bundles);
        const actual = index.search(q, f, bundles);
        expect(actual.total, `${text} ${JSON.stringify(f)}`).toBe(expected.total);
        expect(
          actual.hits.map((h) => h.code),
          `${text} ${JSON.stringify(f)}`,
        ).toEqual(expected.hits.map((h) => h.code));
        expect(actual.hits).toEqual(expected.hits);
        expect(actual.bundles, `${text} bundles`).toEqual(expected.bundles);
        compared++;
        if (expected.total > 0) withHits++;
        if (expected.bundles.length) withBundles++;
        if (expected.bundles.length > 1) multiBundles++;
      }
      // The suggestions' query: any word.
      if (a.any) {
        const any = { all: a.any, inName: a.any, inNameOrTopics: a.any, text: a.text, phrases: a.phrases };
        const f = { limit: 5, offset: 0 };
        expect(index.search(any, f).hits).toEqual((await repo.search(any, f)).hits);
      }
    }
    // Not a vacuous comparison: most searches matched items, many found bundles, some several to order.
    expect(compared).toBeGreaterThan(600);
    expect(withHits / compared).toBeGreaterThan(0.6);
    expect(withBundles).toBeGreaterThan(100);
    expect(multiBundles).toBeGreaterThan(50);
  }, 120_000);
});
