import type { HelpResult, ServiceItemInputRaw } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import popular from "../../seed/data/help-popular.json" with { type: "json" };
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { FaqRepository } from "./help/faq.repository.js";

/** The help centre (GET /api/help) on the seeded demo catalog: ranking, common questions, bad input, limits. */

const ITEM: ServiceItemInputRaw = {
  code: "990100-GG-950",
  name: "义务教育入学登记",
  nameEn: "Compulsory education enrolment",
  kind: "public_service",
  dept: "civil",
  audience: "natural_person",
  legalDays: 10,
  promiseDays: 5,
  caseType: "promised",
  onlineDepth: 4,
  maxVisits: 0,
  materials: [{ name: "居民户口簿" }],
  steps: [
    { dept: "civil", stage: "accept" },
    { dept: "civil", stage: "decide" },
  ],
  topics: ["教育"],
  faq: [{ question: "学位什么时候公布？", answer: "每年七月在教育局网站公布。" }],
};

describe("help centre: FAQ answers with the catalog's Chinese search", () => {
  let t: TestApp;
  let admin: Headers = {};
  beforeAll(async () => {
    t = await createTestApp({ env: { HELP_RATE_PER_IP: "40" } });
    await seedDemo(t.database.db);
    admin = await loginAs(t, "platform_admin");
  });
  afterAll(() => t.close());

  const help = async (query: string): Promise<HelpResult> => {
    const res = await t.app.inject({ method: "GET", url: `/api/help?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const q = (text: string) => help(`q=${encodeURIComponent(text)}`);

  it("answers a colloquial question with the entry that has its words, and the item it belongs to", async () => {
    const r = await q("孩子上学要办什么");
    expect(r.match).toBe("all");
    expect(r.terms).toEqual(expect.arrayContaining(["孩子", "上学"]));
    expect(r.items[0]).toMatchObject({
      itemCode: "990100-GG-001",
      itemName: "居住证申领",
      itemNameEn: "Residence permit application",
      question: "孩子在本市上学，父母要办什么证？",
    });
    expect(r.items[0]!.questionHighlight.length).toBeGreaterThan(0);
  });

  it("ranks an entry whose question has the words above one with them only in the answer or the item", async () => {
    // 营业执照 is in the question of 多久能拿到营业执照？ and only in answers elsewhere (开一家小餐馆…, 个人和单位…).
    const r = await q("营业执照");
    expect(r.items.length).toBeGreaterThan(1);
    expect(r.items[0]!.question).toBe("多久能拿到营业执照？");
    expect(r.items.slice(1).every((a) => !a.question.includes("营业执照"))).toBe(true);
    expect(r.items.slice(1).some((a) => a.answer.includes("营业执照"))).toBe(true);
    // The item's names count too: 公积金 is in neither question nor answer of 提取的钱多久到账？
    const fund = await q("公积金多久到账");
    expect(fund.items[0]).toMatchObject({ itemCode: "990100-GG-002", question: "提取的钱多久到账？" });
  });

  it("searches the English item names with English words", async () => {
    const r = await q("food business");
    expect(r.items.map((a) => a.itemCode)).toContain("990100-XK-001");
    expect(new Set(r.items.map((a) => a.itemCode))).toEqual(new Set(["990100-XK-001"]));
  });

  it("offers the entries with some of the words when none has all of them", async () => {
    const r = await q("孩子 宇宙飞船");
    expect(r.match).toBe("some");
    expect(r.items[0]!.itemCode).toBe("990100-GG-001");
    const none = await q("宇宙飞船");
    expect([none.match, none.items, none.total]).toEqual(["some", [], 0]);
  });

  it("lists the curated common questions first when nothing is typed, then the rest, paged", async () => {
    const first = await help("pageSize=3");
    expect(first.match).toBe("popular");
    expect(first.items.map((a) => [a.itemCode, a.question])).toEqual(
      popular.slice(0, 3).map((p) => [p.code, p.question]),
    );
    const all = await help("pageSize=20");
    expect(all.total).toBe(all.items.length);
    expect(all.items.slice(0, popular.length).map((a) => a.question)).toEqual(popular.map((p) => p.question));
    const second = await help("pageSize=3&page=2");
    expect(second.items[0]!.question).toBe(popular[3]!.question);
  });

  it("follows publication: a new version's entries replace the old ones, a retired item's disappear", async () => {
    const call = (method: "POST" | "PUT", url: string, payload?: unknown) =>
      t.app.inject({ method, url, payload: payload as object, headers: admin });
    expect((await call("POST", "/api/catalog/admin/items", ITEM)).statusCode).toBe(201);
    expect((await q("学位")).items).toEqual([]); // a draft is not public
    await call("POST", `/api/catalog/admin/items/${ITEM.code}/publish`);
    expect((await q("学位七月")).items.map((a) => [a.itemCode, a.question])).toEqual([
      [ITEM.code, "学位什么时候公布？"],
    ]);

    const faq = [{ question: "学位在哪里查询？", answer: "在教育局网站查询。" }];
    expect((await call("PUT", `/api/catalog/admin/items/${ITEM.code}`, { ...ITEM, faq })).statusCode).toBe(200);
    expect((await q("学位七月")).items).toHaveLength(1); // the published version still answers
    await call("POST", `/api/catalog/admin/items/${ITEM.code}/publish`);
    expect((await q("七月")).items).toEqual([]); // gone with the old answer
    expect((await q("学位")).items.map((a) => a.question)).toEqual(["学位在哪里查询？"]);

    expect((await call("POST", `/api/catalog/admin/items/${ITEM.code}/retire`)).statusCode).toBe(200);
    expect((await q("学位")).items).toEqual([]);
  });

  it("indexes published guides that have no entries yet (published before the help centre)", async () => {
    const db = t.database.db;
    await db.deleteFrom("catalog_faq").where("code", "=", "990100-GG-003").execute();
    const repo = new FaqRepository(db);
    expect(await repo.indexMissing()).toBe(1);
    expect(await repo.indexMissing()).toBe(0);
    const rows = await db.selectFrom("catalog_faq").select("question").where("code", "=", "990100-GG-003").execute();
    expect(rows.map((r) => r.question)).toEqual(["新生儿怎么办社保卡？"]);
  });

  it("refuses control characters, an overlong query and bad pages with 400, never 500", async () => {
    for (const query of [
      `q=${encodeURIComponent("孩子\u0000上学")}`,
      `q=${encodeURIComponent("a\u001b[31m")}`,
      `q=${encodeURIComponent("上学".repeat(51))}`,
      "page=0",
      "page=abc",
      "pageSize=21",
    ]) {
      const res = await t.app.inject({ method: "GET", url: `/api/help?${query}` });
      expect([res.statusCode, res.json().code], query).toEqual([400, "VALIDATION_FAILED"]);
    }
    // Words that are all punctuation or stop words are not an error: no answers.
    expect((await q("？！的")).items).toEqual([]);
  });

  it("limits the path per client IP (429 in the error shape)", async () => {
    // Fixed one-minute windows: 81 requests cross at most one boundary, so one window holds more than 40.
    let limited: { statusCode: number; json(): { code: string } } | undefined;
    for (let i = 0; i < 81 && !limited; i++) {
      const res = await t.app.inject({ method: "GET", url: "/api/help?q=%E5%B1%85%E4%BD%8F%E8%AF%81" });
      if (res.statusCode !== 200) limited = res;
    }
    expect([limited?.statusCode, limited?.json().code]).toEqual([429, "RATE_LIMITED"]);
  });
});
