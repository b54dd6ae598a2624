import type { SearchResult, ServiceItem } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { readFixture } from "../../test-support/fixtures.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { invalidationOf, listeningRegistry } from "../../test-support/nodes.js";
import { analyzeQuery } from "./search/query.js";
import { SearchService } from "./search/search.service.js";
import { highlightSpans, indexTokens, initials, queryWords, quoteLexeme, tsvectorLiteral } from "./search/segment.js";

/** A platform administrator's session, signed in (password + TOTP) once per file. */
let adminHeaders: Headers = {};
const admin = (): Record<string, string> => adminHeaders;

const fixture = readFixture;

describe("catalog search: text analysis", () => {
  it("segments names into words and their sub-words", () => {
    expect(indexTokens("建设工程规划许可证核发")).toEqual(
      expect.arrayContaining(["建设工程", "建设", "工程", "规划", "许可", "许可证", "核发"]),
    );
    expect(indexTokens("住房公积金提取（购买自住住房）")).toEqual(expect.arrayContaining(["公积金", "住房", "提取"]));
    expect(indexTokens("（）、 的")).toEqual([]); // punctuation and stop words are not lexemes
    expect(queryWords("我要开餐馆")).toEqual(["开", "餐馆"]);
  });

  it("builds tsvector literals with weights and escapes quotes", () => {
    expect(tsvectorLiteral([{ weight: "A", texts: ["婚姻登记"] }])).toBe("'婚姻':1A '登记':2A '婚姻登记':3A");
    expect(quoteLexeme("it's")).toBe("'it''s'");
    expect(quoteLexeme("a\\b")).toBe("'a\\\\b'");
    expect(initials("食品经营许可（新办）")).toBe("spjyxkxb");
  });

  it("expands synonyms of the whole query and of words; ASCII words match by prefix", () => {
    const syn = new Map([["开餐馆", ["食品经营许可"]]]);
    const a = analyzeQuery("开餐馆", syn);
    expect(a.all).toContain("'食品'");
    expect(a.phrases).toEqual(["食品经营许可"]);
    expect(analyzeQuery("spjy", new Map()).all).toBe("'spjy':*");
    expect(analyzeQuery("？！", new Map()).all).toBeNull();
  });

  it("highlights every occurrence, merging overlaps", () => {
    expect(highlightSpans("内地居民婚姻登记（结婚登记）", ["婚姻登记", "登记", "结婚"])).toEqual([
      { start: 4, end: 8 },
      { start: 9, end: 13 },
    ]);
  });
});

describe("catalog search API on the seeded demo catalog", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    adminHeaders = await loginAs(t, "platform_admin");
  });
  afterAll(() => t.close());

  const search = async (query: Record<string, string>) => {
    const res = await t.app.inject({ method: "GET", url: `/api/catalog/search?${new URLSearchParams(query)}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as SearchResult;
  };
  const names = (r: SearchResult) => r.items.map((i) => i.name);

  it("seeds every fixture item and bundle, published", async () => {
    const items = fixture<{ code: string; name: string; promiseDays: number; steps: object[] }[]>("service-items.json");
    // the fixtures predate veto rules: the demo's parallel reviews deny on a veto
    const withVeto = (steps: object[]) => steps.map((s) => ("parallel" in s ? { ...s, onVeto: "deny" } : s));
    for (const f of items) {
      const res = await t.app.inject({ method: "GET", url: `/api/catalog/items/${f.code}` });
      expect(res.statusCode).toBe(200);
      const item = res.json() as ServiceItem;
      expect([item.name, item.promiseDays, item.steps, item.version, item.status]).toEqual([
        f.name,
        f.promiseDays,
        withVeto(f.steps),
        1,
        "published",
      ]);
    }
    for (const b of fixture<{ code: string; items: unknown[] }[]>("bundles.json")) {
      const res = await t.app.inject({ method: "GET", url: `/api/catalog/bundles/${b.code}` });
      expect(res.json().items).toEqual(b.items);
    }
    expect((await search({ pageSize: "50" })).total).toBe(items.length);
  });

  it.each([
    ["开餐馆", "食品经营许可（新办）"],
    ["公积金", "住房公积金提取（购买自住住房）"],
    ["结婚", "内地居民婚姻登记（结婚登记）"],
    ["规划许可", "建设工程规划许可证核发"],
    ["我要开公司", "企业设立登记"],
    ["社保卡", "社会保障卡申领"],
    ["spjy", "食品经营许可（新办）"],
    ["marriage", "内地居民婚姻登记（结婚登记）"],
  ])("%s → %s first", async (q, expected) => {
    const r = await search({ q });
    expect(names(r)[0]).toBe(expected);
    expect(r.suggestions).toEqual([]);
  });

  it("ranks the exact name first, above items that only mention it", async () => {
    const r = await search({ q: "居住证申领" });
    expect(names(r)[0]).toBe("居住证申领");
    const byName = await search({ q: "营业执照" }); // a material of many items; no item is called that
    expect(byName.total).toBeGreaterThan(3);
  });

  it("returns highlight spans on the name", async () => {
    const r = await search({ q: "公积金" });
    const hit = r.items[0]!;
    const marked = hit.highlight.map((s) => hit.name.slice(s.start, s.end));
    expect(marked).toContain("住房公积金提取");
  });

  it("finds bundles (一件事) beside items", async () => {
    const r = await search({ q: "生孩子" });
    expect(r.bundles.map((b) => b.code)).toContain("990100-YJS-002");
    expect(names(r)).toContain("出生医学证明首次签发");
  });

  it("a query with no hits answers 200 with an empty list and suggestions", async () => {
    const none = await search({ q: "火星移民签证" });
    expect(none.items).toEqual([]);
    expect(none.total).toBe(0);
    expect(none.suggestions.length).toBeGreaterThan(0);
    const partial = await search({ q: "结婚 火星" }); // not every word matches: items with some of them
    expect(partial.items).toEqual([]);
    expect(partial.suggestions).toContain("内地居民婚姻登记（结婚登记）");
    const punctuation = await search({ q: "？？！" });
    expect([punctuation.items, punctuation.total]).toEqual([[], 0]);
    expect(punctuation.suggestions.length).toBeGreaterThan(0);
    const quotes = await search({ q: "'\\\" & | ! ( ) :*" });
    expect(quotes.items).toEqual([]);
  });

  it("filters by audience, department, topic and online depth", async () => {
    const personal = await search({ audience: "natural_person", pageSize: "50" });
    expect(personal.items.every((i) => i.audience !== "legal_person")).toBe(true);
    expect(names(personal)).toContain("医疗保险参保登记"); // audience "any" counts for both
    const land = await search({ dept: "housing", pageSize: "50" }); // co-handling department counts
    expect(names(land)).toEqual(["建设工程规划许可证核发"]);
    const topic = await search({ topic: "开办企业", pageSize: "50" });
    expect(names(topic).sort()).toEqual(["企业设立登记", "涉税事项：发票领用"].sort());
    const deep = await search({ q: "许可", onlineDepth: "4" });
    expect(names(deep)).toEqual(["食品经营许可（新办）"]);
    const legal = await search({ q: "结婚", audience: "legal_person" });
    expect(legal.items).toEqual([]);
  });

  it("pages results", async () => {
    const p1 = await search({ pageSize: "4", page: "1" });
    const p3 = await search({ pageSize: "4", page: "3" });
    expect(p1.total).toBe(11);
    expect(p3.items).toHaveLength(3);
    const beyond = await search({ q: "许可", pageSize: "4", page: "9" });
    expect([beyond.items.length, beyond.total > 0]).toEqual([0, true]);
  });

  it("rejects bad parameters with 400 VALIDATION_FAILED", async () => {
    for (const qs of [
      "audience=alien",
      "page=0",
      "pageSize=500",
      "onlineDepth=9",
      `q=${"长".repeat(101)}`,
      "dept=Bad Key",
    ]) {
      const res = await t.app.inject({ method: "GET", url: `/api/catalog/search?${qs}` });
      expect([res.statusCode, res.json().code], qs).toEqual([400, "VALIDATION_FAILED"]);
    }
  });

  it("lists topics, departments and audiences with counts", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/catalog/facets?audience=legal_person" });
    const f = res.json();
    expect(f.topics).toContainEqual({ name: "开办企业", count: 2 });
    expect(f.departments).toContainEqual({ key: "amr", count: 2 });
  });

  it("counts result-cache hits and misses in /metrics", async () => {
    const counts = async () => {
      const text = (await t.app.inject({ method: "GET", url: "/metrics" })).body;
      const n = (result: string) =>
        Number(
          new RegExp(`^cache_lookups_total\\{cache="catalog.search",result="${result}"\\} (\\d+)`, "m").exec(
            text,
          )?.[1] ?? 0,
        );
      return { hit: n("hit"), miss: n("miss") };
    };
    const before = await counts();
    await search({ q: "居住证", audience: "natural_person" });
    await search({ q: "居住证", audience: "natural_person" });
    await search({ q: "居住证", audience: "legal_person" });
    const after = await counts();
    expect(after.miss - before.miss).toBe(2);
    expect(after.hit - before.hit).toBe(1);
  });

  it("caches results in every process: a change shows here at once, in another process when its notification arrives", async () => {
    const query = { q: "出生医学证明", page: 1, pageSize: 10 };
    const other = await listeningRegistry(t.database); // another process's caches
    const otherProcess = new SearchService(t.database.db, other.registry);
    const uncached = new SearchService(t.database.db);
    expect((await otherProcess.search(query)).items[0]!.name).toBe("出生医学证明首次签发");
    expect((await search({ q: "出生医学证明" })).items[0]!.name).toBe("出生医学证明首次签发");

    const current = (
      await t.app.inject({ method: "GET", url: "/api/catalog/admin/items/990100-GG-004", headers: admin() })
    ).json();
    const { version, versionStatus, status, createdAt, updatedAt, publishedAt, ...content } = current;
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/catalog/admin/items/990100-GG-004",
      headers: admin(),
      payload: { ...content, name: "出生医学证明签发" },
    });
    expect(put.statusCode, put.body).toBe(200);
    const heard = invalidationOf(other.registry, "catalog.search");
    await t.app.inject({ method: "POST", url: "/api/catalog/admin/items/990100-GG-004/publish", headers: admin() });

    expect((await search({ q: "出生医学证明" })).items[0]!.name).toBe("出生医学证明签发"); // same process: at once
    expect((await uncached.search(query)).items[0]!.name).toBe("出生医学证明签发");
    await heard;
    expect((await otherProcess.search(query)).items[0]!.name).toBe("出生医学证明签发");
    await other.stop();
  });

  it("answers misses from its in-process ranking index once built; after a change, SQL answers until the index is rebuilt", async () => {
    const node = await listeningRegistry(t.database);
    const service = new SearchService(t.database.db, node.registry);
    const uncached = new SearchService(t.database.db); // not listening: always the SQL function
    const index = async (result: "hit" | "miss") =>
      (await node.registry.lookups.get()).values.find(
        (v) => v.labels.cache === "catalog.index" && v.labels.result === result,
      )?.value ?? 0;
    const queries = ["结婚登记", "公积金", "spjy", "开餐馆", "许可", "社保卡 补领"];

    await service.search({ q: "营业执照", page: 1, pageSize: 10 }); // no index yet: SQL, and a build starts
    expect(await index("hit")).toBe(0);
    await service.indexBuilt();
    for (const q of queries)
      for (const audience of [undefined, "legal_person"] as const) {
        const query = { q, audience, page: 1, pageSize: 5 };
        expect(await service.search(query), q).toEqual(await uncached.search(query));
      }
    // Each search used the index (one with no match twice: its suggestions are a second, any-word search).
    expect(await index("hit")).toBeGreaterThanOrEqual(queries.length * 2);

    // A change anywhere drops the index with the result pages; the first search after it goes to SQL.
    const current = (
      await t.app.inject({ method: "GET", url: "/api/catalog/admin/items/990100-GG-004", headers: admin() })
    ).json();
    const { version, versionStatus, status, createdAt, updatedAt, publishedAt, ...content } = current;
    // The edit invalidates too: its notification must be in before the publish's is awaited (on PostgreSQL it
    // arrives on another connection, and arriving during the rebuild it would discard the rebuilt index).
    const edited = invalidationOf(node.registry, "catalog.index");
    await t.app.inject({
      method: "PUT",
      url: "/api/catalog/admin/items/990100-GG-004",
      headers: admin(),
      payload: { ...content, name: "出生医学证明（首次）签发" },
    });
    await edited;
    const heard = invalidationOf(node.registry, "catalog.index");
    await t.app.inject({ method: "POST", url: "/api/catalog/admin/items/990100-GG-004/publish", headers: admin() });
    await heard;
    const hits = await index("hit");
    const query = { q: "出生医学证明", page: 1, pageSize: 10 };
    expect((await service.search(query)).items[0]!.name).toBe("出生医学证明（首次）签发");
    expect(await index("hit")).toBe(hits); // answered by SQL
    await service.indexBuilt();
    const again = { ...query, audience: "natural_person" as const };
    expect((await service.search(again)).items[0]!.name).toBe("出生医学证明（首次）签发");
    expect(await index("hit")).toBe(hits + 1); // by the rebuilt index
    await node.stop();
  });
});
