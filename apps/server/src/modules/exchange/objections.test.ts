import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../platform/auth/permissions.js";
import { CalendarRepository } from "../../platform/calendar/calendar.repository.js";
import { TestClock } from "../../platform/clock/clock.js";
import calendar from "../../seed/data/work-calendar-cn.json" with { type: "json" };
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { department, type Headers, loginAs } from "../../test-support/identity.js";
import { auditEntries, loadRegistries, person } from "../identity/testing.js";
import { OBJECTION_DEADLINE_JOB } from "./objections.service.js";

/**
 * Data quality objections (数据异议): 人社局 (hrss) received a population record it believes wrong and objects
 * by the call that returned it; 公安局 (psb) must answer within 5 working days on the work calendar —
 * raised on the Friday before the 2026 Spring Festival, the answer is due on 2026-02-27 (the make-up
 * Saturday 02-14 counts, the holiday does not). Still open after that day, it is escalated once, by a job.
 */

const clock = new TestClock("2026-02-13T10:00:00+08:00");
const LI = person("李娜");
let t: TestApp;
let hrssId: string;
let hrssAdmin: Headers;
let psbAdmin: Headers;
let amrAdmin: Headers;
let callId: string;
const system: Headers = { "x-test-client": "hrss-system" };

function client(departmentId: string): Principal {
  return {
    kind: "client",
    id: "hrss-system",
    sessionId: null,
    displayName: "hrss-system",
    roles: [],
    departmentId,
    realnameLevel: 1,
    actingFor: null,
    scopes: ["exchange.call"],
  };
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  await new CalendarRepository(t.database.db).insertMissing(calendar.days as never);
  hrssId = await department(t, "hrss");
  await department(t, "amr");
  await loadRegistries(t);
  t.app.auth.addResolver(async (req) => (req.headers["x-test-client"] === "hrss-system" ? client(hrssId) : null));
  hrssAdmin = await loginAs(t, "dept_admin", "hrss");
  psbAdmin = await loginAs(t, "dept_admin", "psb");
  amrAdmin = await loginAs(t, "dept_admin", "amr");
  const now = clock.now().getTime();
  const app = await t.app.inject({
    method: "POST",
    url: "/api/exchange/applications",
    headers: hrssAdmin,
    payload: {
      resourceCode: "population.person",
      purpose: "核验社保参保人员身份信息",
      fields: ["idNumber", "name", "birthDate"],
      queryPattern: "lookup_by_key",
      validFrom: new Date(now - 86_400_000).toISOString(),
      validTo: new Date(now + 365 * 86_400_000).toISOString(),
    },
  });
  const approved = await t.app.inject({
    method: "POST",
    url: `/api/exchange/applications/${app.json().id}/approve`,
    headers: psbAdmin,
    payload: {},
  });
  expect(approved.statusCode, approved.body).toBe(200);
  const res = await t.app.inject({
    method: "GET",
    url: `/api/exchange/gateway/population.person?key=${LI.idNumber}`,
    headers: system,
  });
  expect(res.statusCode, res.body).toBe(200);
  callId = res.json().callId;
});
afterAll(() => t?.close());

const raise = (headers: Headers, payload: object) =>
  t.app.inject({ method: "POST", url: "/api/exchange/objections", headers, payload });
const answer = (headers: Headers, id: string, payload: object) =>
  t.app.inject({ method: "POST", url: `/api/exchange/objections/${id}/answer`, headers, payload });
const list = async (headers: Headers) =>
  (await t.app.inject({ method: "GET", url: "/api/exchange/objections", headers })).json();

describe("exchange: data quality objections", () => {
  let first: { id: string };

  it("the consumer objects to a record by its call; due in 5 working days across the Spring Festival", async () => {
    const res = await raise(hrssAdmin, { callId, fields: ["birthDate"], description: "出生日期与户籍档案不一致" });
    expect(res.statusCode, res.body).toBe(201);
    first = res.json();
    expect(first).toMatchObject({
      status: "open",
      dueDate: "2026-02-27",
      overdue: false,
      resourceCode: "population.person",
    });
    const job = await t.database.db
      .selectFrom("jobs")
      .selectAll()
      .where("kind", "=", OBJECTION_DEADLINE_JOB)
      .where("key", "=", first.id)
      .executeTakeFirst();
    expect(job).toBeDefined();
    expect((await auditEntries(t, { type: "exchange.objection.raised" })).length).toBe(1);
  });

  it("refuses another department's call, unknown fields, bad input — and writes nothing", async () => {
    const other = await raise(amrAdmin, { callId, fields: ["name"], description: "不是我们的调用" });
    expect([other.statusCode, other.json().code]).toEqual([404, "EXCHANGE_CALL_NOT_FOUND"]);
    const unknown = await raise(hrssAdmin, { callId, fields: ["phone"], description: "字段不存在的异议" });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, "EXCHANGE_FIELDS_UNKNOWN"]);
    const bad = await raise(hrssAdmin, { callId: "nope", fields: [], description: "" });
    expect([bad.statusCode, bad.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    const clerk = await raise(await loginAs(t, "window_clerk", "hrss"), {
      callId,
      fields: ["name"],
      description: "窗口人员无权提出",
    });
    expect(clerk.statusCode).toBe(403);
    expect((await list(hrssAdmin)).total).toBe(1);
  });

  it("consumer and provider see it, a third department does not", async () => {
    expect((await list(psbAdmin)).items.map((o: { id: string }) => o.id)).toEqual([first.id]);
    expect((await list(hrssAdmin)).items.map((o: { id: string }) => o.id)).toEqual([first.id]);
    expect((await list(amrAdmin)).total).toBe(0);
  });

  it("not escalated on its due day; escalated once after it", async () => {
    clock.set("2026-02-27T23:59:00+08:00");
    await t.app.platform.jobs.runDue();
    expect((await list(psbAdmin)).items[0]).toMatchObject({ overdue: false, escalatedAt: null });
    clock.set("2026-02-28T00:00:01+08:00");
    await t.app.platform.jobs.runDue();
    const [o] = (await list(psbAdmin)).items;
    expect(o).toMatchObject({ status: "open", overdue: true });
    expect(o.escalatedAt).toBe(new Date("2026-02-28T00:00:01+08:00").toISOString());
    clock.advance(86_400_000);
    await t.app.platform.jobs.runDue();
    expect(await auditEntries(t, { type: "exchange.objection.escalated" })).toHaveLength(1);
    const events = await t.database.db
      .selectFrom("outbox_events")
      .select("subject")
      .where("type", "=", "exchange.objection.escalated")
      .execute();
    expect(events).toEqual([{ subject: `exchange-objection:${first.id}` }]);
    // The provider's head hears of it; the consumer's head (who raised it) does not.
    const notices = async (h: Headers) =>
      ((await t.app.inject({ method: "GET", url: "/api/notifications", headers: h })).json().items ?? []) as {
        kind: string;
      }[];
    expect((await notices(psbAdmin)).filter((n) => n.kind === "exchange.objection.escalated")).toHaveLength(1);
    expect((await notices(hrssAdmin)).filter((n) => n.kind === "exchange.objection.escalated")).toHaveLength(0);
  });

  it("only the provider answers, once", async () => {
    const wrong = await answer(hrssAdmin, first.id, { result: "corrected", answer: "已更正" });
    expect(wrong.statusCode).toBe(403);
    const ok = await answer(psbAdmin, first.id, { result: "corrected", answer: "已按户籍档案更正出生日期" });
    expect(ok.json()).toMatchObject({ status: "answered", result: "corrected", overdue: false });
    const again = await answer(psbAdmin, first.id, { result: "confirmed", answer: "再答" });
    expect([again.statusCode, again.json().code]).toEqual([409, "EXCHANGE_OBJECTION_ANSWERED"]);
  });

  it("an answer in time ends the timer", async () => {
    const res = await raise(hrssAdmin, { callId, fields: ["name"], description: "姓名用字有误（生僻字）" });
    const { id } = res.json();
    expect((await answer(psbAdmin, id, { result: "confirmed", answer: "经核实登记无误" })).statusCode).toBe(200);
    const job = await t.database.db
      .selectFrom("jobs")
      .select("id")
      .where("kind", "=", OBJECTION_DEADLINE_JOB)
      .where("key", "=", id)
      .executeTakeFirst();
    expect(job).toBeUndefined();
  });
});
