import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { departmentId, HERE, operatorOf, seedCity, staffOf, step, storedCounts } from "./testing.js";

/**
 * Issue 19, acceptance 1 and 5 for Open311: a client that speaks only GeoReport v2 over plain HTTP (fetch,
 * form-encoded POST, JSON and XML) files a request that is routed, handled, answered, called back and
 * closed — and sees it closed; bad input is refused in Open311's error format and stores nothing.
 */
describe("hotline: Open311 GeoReport v2", () => {
  let t: TestApp;
  let base: string;
  let apiKey: string;
  let operator: Headers;
  let amr: Headers;
  const clock = new TestClock("2026-03-02T10:00:00+08:00");

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    operator = await operatorOf(t);
    amr = await staffOf(t, "window_clerk", "amr");
    const admin = await loginAs(t, "platform_admin");
    const key = await t.app.inject({
      method: "POST",
      url: "/api/hotline/open311/keys",
      headers: admin,
      payload: { name: "示例市城市服务 App" },
    });
    expect(key.statusCode, key.body).toBe(201);
    apiKey = key.json().apiKey;
    base = `${await t.app.listen({ port: 0, host: "127.0.0.1" })}/open311/v2`;
  });
  afterAll(() => t.close());

  const post = (fields: Record<string, string>) =>
    fetch(`${base}/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  const form = (over: Record<string, string> = {}) => ({
    api_key: apiKey,
    service_code: "050101",
    lat: String(HERE.lat),
    long: String(HERE.long),
    address_string: "西城区和平路 8 号",
    "attribute[district]": "990103",
    "attribute[kind]": "complaint",
    description: "餐馆后厨卫生状况差",
    first_name: "明",
    last_name: "李",
    phone: "13800002222",
    ...over,
  });

  it("lists services (JSON and XML) and a service definition", async () => {
    const json = (await (await fetch(`${base}/services.json`)).json()) as { service_code: string }[];
    expect(json.length).toBeGreaterThanOrEqual(40);
    expect(json.find((s) => s.service_code === "050101")).toMatchObject({ service_name: "食品安全", metadata: true });
    const xmlRes = await fetch(`${base}/services.xml`);
    expect(xmlRes.headers.get("content-type")).toMatch(/xml/);
    const xml = new XMLParser().parse(await xmlRes.text());
    expect(xml.services.service.length).toBe(json.length);
    const def = (await (await fetch(`${base}/services/050101.json`)).json()) as { attributes: { code: string }[] };
    expect(def.attributes.map((a) => a.code)).toEqual(["district", "kind"]);
    const missing = await fetch(`${base}/services/999999.json`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([{ code: 404, description: "service_code 999999 not found" }]);
  });

  it("a request filed by an Open311 client is routed, answered, called back and closed", async () => {
    const res = await post(form());
    expect(res.status).toBe(201);
    const [created] = (await res.json()) as { service_request_id: string; token: string }[];
    expect(created?.service_request_id).toMatch(/^12345-/);
    const byToken = (await (await fetch(`${base}/tokens/${created?.token}.json`)).json()) as unknown[];
    expect(byToken).toEqual([{ service_request_id: created?.service_request_id, token: created?.token }]);

    const row = await t.database.db
      .selectFrom("hotline_requests")
      .selectAll()
      .where("number", "=", created?.service_request_id ?? "")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: "open311", status: "assigned", department_id: await departmentId(t, "amr") });
    const open = (await (await fetch(`${base}/requests/${row.number}.json`)).json()) as Record<string, unknown>[];
    expect(open[0]).toMatchObject({
      status: "open",
      agency_responsible: "示例市市场监督管理局",
      service_code: "050101",
    });
    expect(String(open[0]?.requested_datetime)).toMatch(/^2026-03-02T10:00:00\+08:00$/);
    // The caller's name and phone are never in the public feed.
    expect(JSON.stringify(open)).not.toMatch(/13800002222|李明/);

    await step(t, amr, row.id, "answer", { answer: "已现场检查并责令整改。" });
    await step(t, operator, row.id, "callback", { resolved: true, satisfied: true });
    const closed = (await (await fetch(`${base}/requests/${row.number}.xml`)).text()) as string;
    const doc = new XMLParser().parse(closed);
    expect(doc.service_requests.request).toMatchObject({ status: "closed", status_notes: "已现场检查并责令整改。" });
    const list = (await (await fetch(`${base}/requests.json?service_code=050101&status=closed`)).json()) as {
      service_request_id: string;
    }[];
    expect(list.map((x) => x.service_request_id)).toContain(row.number);
  });

  it("bad input is refused in Open311's error format and stores nothing", async () => {
    const before = await storedCounts(t);
    const cases: [Record<string, string>, number, RegExp][] = [
      [form({ api_key: "wrong" }), 403, /API/],
      [form({ service_code: "999999" }), 400, /分类|category/i],
      [form({ lat: "31.2304", long: "121.4737" }), 400, /本市|outside/],
      [form({ description: "长".repeat(10_000) }), 400, /description/],
      [form({ "attribute[district]": "" }), 400, /district/],
    ];
    for (const [fields, status, text] of cases) {
      const res = await post(fields);
      expect(res.status, JSON.stringify(fields).slice(0, 80)).toBe(status);
      const body = (await res.json()) as { code: number; description: string }[];
      expect(body).toHaveLength(1);
      expect(body[0]?.code).toBe(status);
      expect(body[0]?.description).toMatch(text);
    }
    const xml = await fetch(`${base}/requests.xml`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form({ service_code: "999999" })).toString(),
    });
    expect(new XMLParser().parse(await xml.text()).errors.error.code).toBe(400);
    const wide = await fetch(
      `${base}/requests.json?start_date=2025-01-01T00:00:00%2B08:00&end_date=2026-03-01T00:00:00%2B08:00`,
    );
    expect(wide.status).toBe(400);
    expect(await storedCounts(t)).toEqual(before);
  });
});
