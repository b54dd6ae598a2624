import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, department, type Headers } from "../../test-support/identity.js";
import { RECOMPUTE_JOB, RECOMPUTE_KEY } from "./index.js";
import {
  drain,
  type FakeCase,
  fakeCase,
  fileFakeCase,
  insertEvaluation,
  insertHotlineRequest,
  moveFakeCase,
} from "./testing.js";

/**
 * Issue 22, acceptance 2 (row-level security and public embeds), 3 (alert rules with a pending period),
 * 5 (bad definitions refused with the path named), plus the registry's versions, the drift report and the
 * live counters over SSE.
 */

const NOW = new Date("2026-03-08T02:00:00Z"); // 10:00 in Asia/Shanghai
const TODAY = "2026-03-08";

describe("indicators", () => {
  let t: TestApp;
  let clock: TestClock;
  let supervisor: { id: string; headers: Headers };
  let head: { id: string; headers: Headers; departmentId: string };
  let otherHead: { id: string; headers: Headers };
  let otherDept: string;
  const mine: FakeCase[] = [];
  const theirs: FakeCase[] = [];

  const get = (url: string, headers?: Headers) => t.app.inject({ method: "GET", url, headers });
  const post = (url: string, payload: unknown, headers?: Headers, method: "POST" | "PUT" = "POST") =>
    t.app.inject({ method, url, payload: payload as object, headers });

  const file = async (departmentId: string, channel: "online" | "window", at = new Date(NOW.getTime() - 3_600_000)) => {
    const c = fakeCase({
      departmentId,
      regionCode: "990101",
      itemCode: "990100-XK-001",
      itemName: "食品经营许可（新办）",
      promiseDays: 3,
      channel,
      applicantId: randomUUID(),
    });
    await fileFakeCase(t, c, at, "2026-03-11");
    return c;
  };

  beforeAll(async () => {
    clock = new TestClock(NOW);
    t = await createTestApp({ clock });
    supervisor = await createStaff(t, { roles: ["supervisor"] });
    const h = await createStaff(t, { roles: ["dept_admin"] });
    head = { ...h };
    otherDept = await department(t, "amr");
    otherHead = await createStaff(t, { roles: ["dept_admin"], departmentKey: "amr" });
    for (let i = 0; i < 2; i++) mine.push(await file(head.departmentId, "window"));
    for (let i = 0; i < 3; i++) theirs.push(await file(otherDept, "online"));
    await moveFakeCase(
      t,
      theirs[0]?.id as string,
      { status: "approved", decidedAt: NOW, outcome: "approved" },
      "decided",
    );
    await drain(t);
  });
  afterAll(() => t.close());

  describe("acceptance 2: row-level security and public embeds", () => {
    it("a department head sees only its department's figures and drill-down rows; the supervisor sees all", async () => {
      const all = await get(`/api/indicators/drill?measure=cases.volume&from=${TODAY}&to=${TODAY}`, supervisor.headers);
      expect(all.statusCode, all.body).toBe(200);
      expect(all.json().total).toBe(5);
      const own = await get(`/api/indicators/drill?measure=cases.volume&from=${TODAY}&to=${TODAY}`, head.headers);
      expect(own.json().total).toBe(2);
      expect(new Set(own.json().items.map((r: { caseId: string }) => r.caseId))).toEqual(
        new Set(mine.map((c) => c.id)),
      );
      // Naming another department gives nothing, not its rows.
      const other = await get(
        `/api/indicators/drill?measure=cases.volume&from=${TODAY}&to=${TODAY}&department=${otherDept}`,
        head.headers,
      );
      expect(other.json()).toEqual({ items: [], total: 0 });
      const decided = await get(
        `/api/indicators/drill?measure=cases.decided&from=${TODAY}&to=${TODAY}`,
        otherHead.headers,
      );
      expect(decided.json().items.map((r: { caseId: string }) => r.caseId)).toEqual([theirs[0]?.id]);

      const figures = await get(`/api/indicators/values?from=${TODAY}&to=${TODAY}&by=department`, head.headers);
      expect(figures.json().groups.map((g: { key: string }) => g.key)).toEqual([head.departmentId]);
      expect(figures.json().totals.online_rate).toBe(0);
      const city = await get(`/api/indicators/values?from=${TODAY}&to=${TODAY}&by=department`, supervisor.headers);
      expect(city.json().groups).toHaveLength(2);
      expect(city.json().totals).toMatchObject({ case_volume: 5, online_rate: 60, open_cases: 4 });
      expect(city.json().freshness.rows).toBe(5);
      expect(city.json().groups.find((g: { key: string }) => g.key === otherDept).label).not.toBe(otherDept);
    });

    it("a signed embed shows aggregates only and stops working after its expiry; a tampered one never works", async () => {
      const made = await post(
        "/api/indicators/embeds",
        { codes: ["case_volume", "online_rate"], by: "department", days: 7, expiresInMinutes: 30 },
        supervisor.headers,
      );
      expect(made.statusCode, made.body).toBe(201);
      const { token, path } = made.json();
      expect(path).toContain(encodeURIComponent(token));
      const shown = await get(`/api/indicators/public/embeds/${token}`);
      expect(shown.statusCode, shown.body).toBe(200);
      expect(shown.json().totals).toEqual({ case_volume: 5, online_rate: 60 });
      expect(JSON.stringify(shown.json())).not.toContain(mine[0]?.id);
      // Only the head of the embed can be changed by whoever holds it, and that breaks the signature.
      const [body, mac] = token.split(".");
      const claims = JSON.parse(Buffer.from(body, "base64url").toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString("base64url");
      expect((await get(`/api/indicators/public/embeds/${forged}.${mac}`)).json().code).toBe("INDICATOR_EMBED_INVALID");
      // Staff routes stay closed to the anonymous.
      expect((await get(`/api/indicators/drill?measure=cases.volume&from=${TODAY}&to=${TODAY}`)).statusCode).toBe(401);

      clock.advance(31 * 60_000);
      const expired = await get(`/api/indicators/public/embeds/${token}`);
      expect([expired.statusCode, expired.json().code]).toEqual([401, "INDICATOR_EMBED_INVALID"]);
      // A department head cannot sign embeds.
      expect((await post("/api/indicators/embeds", { codes: ["case_volume"] }, head.headers)).statusCode).toBe(403);
      // The public dashboard: aggregates by department, no rows.
      const summary = await get("/api/indicators/public/summary");
      expect(summary.statusCode).toBe(200);
      expect(summary.json().totals.case_volume).toBe(5);
    });
  });

  describe("acceptance 5: bad definitions are refused with the path named", () => {
    const valid = {
      code: "window_share",
      name: "窗口办件占比",
      nameEn: "Share filed at a window",
      formula: "100 - online_rate",
      dimensions: ["day", "department"],
    };
    const refused = async (indicators: unknown[], code: string, path: string, problem: string) => {
      const res = await post("/api/indicators/registry", { indicators }, supervisor.headers, "PUT");
      expect([res.statusCode, res.json().code], res.body).toEqual([400, code]);
      expect(res.json().details).toMatchObject({ path });
      expect(res.json().messageEn).toContain(`${path} → ${problem}`);
      expect(res.json().message).toContain(path);
    };

    it("an unknown measure, an unknown indicator, a cycle, a dimension a measure lacks, a syntax error", async () => {
      await refused(
        [valid, valid, valid, { ...valid, code: "x4", formula: "cases.foo / cases.volume" }].map((v, i) => ({
          ...v,
          code: `x${i}`,
        })),
        "INDICATOR_MEASURE_UNKNOWN",
        "indicators[3].formula",
        "measure cases.foo",
      );
      await refused(
        [{ ...valid, formula: "nothing_here * 2" }],
        "INDICATOR_DEFINITION_INVALID",
        "indicators[0].formula",
        "indicator nothing_here",
      );
      await refused(
        [
          { ...valid, code: "a_one", formula: "b_two + 1" },
          { ...valid, code: "b_two", formula: "c_three * 2" },
          { ...valid, code: "c_three", formula: "a_one / 2" },
        ],
        "INDICATOR_DEFINITION_INVALID",
        "indicators[0].formula",
        "cycle a_one → b_two → c_three → a_one",
      );
      await refused(
        [{ ...valid, formula: "open_cases / case_volume", dimensions: ["department", "day"] }],
        "INDICATOR_DIMENSION_UNSUPPORTED",
        "indicators[0].dimensions[1]",
        "measure cases.open lacks dimension day",
      );
      await refused(
        [{ ...valid, formula: "(cases.volume + " }],
        "INDICATOR_DEFINITION_INVALID",
        "indicators[0].formula",
        "formula ends too early",
      );
      // Nothing of a refused batch was written.
      const list = await get("/api/indicators/registry", supervisor.headers);
      expect(list.json().indicators.map((i: { code: string }) => i.code)).not.toContain("x0");
      // A composite that would make a built-in refer back to itself.
      await refused(
        [{ ...valid, code: "online_rate", formula: "service_score * 2" }],
        "INDICATOR_DEFINITION_INVALID",
        "indicators[0].formula",
        "cycle online_rate → service_score → online_rate",
      );
    });

    it("a good batch is saved as new versions (an unchanged definition keeps its version)", async () => {
      const first = await post("/api/indicators/registry", { indicators: [valid] }, supervisor.headers, "PUT");
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().indicators[0]).toMatchObject({ code: "window_share", version: 1 });
      const again = await post("/api/indicators/registry", { indicators: [valid] }, supervisor.headers, "PUT");
      expect(again.json().indicators[0].version).toBe(1);
      const edited = await post(
        "/api/indicators/registry",
        { indicators: [{ ...valid, target: 10, definition: "窗口提交的办件占比" }] },
        supervisor.headers,
        "PUT",
      );
      expect(edited.json().indicators[0].version).toBe(2);
      const versions = await get("/api/indicators/registry/window_share/versions", head.headers);
      expect(versions.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      const values = await get(`/api/indicators/values?from=2026-03-01&to=${TODAY}&codes=window_share`, head.headers);
      expect(values.json().totals).toEqual({ window_share: 100 });
      expect((await post("/api/indicators/registry", { indicators: [valid] }, head.headers, "PUT")).statusCode).toBe(
        403,
      );
    });
  });

  describe("acceptance 3: an alert rule with a 10-minute pending period", () => {
    it("is pending until the condition has held 10 minutes, then fires, then resolves; notices to the head and supervisors", async () => {
      const created = await post(
        "/api/indicators/alerts",
        {
          indicatorCode: "online_rate",
          departmentId: head.departmentId,
          comparison: "below",
          threshold: 50,
          windowDays: 1,
          intervalSeconds: 60,
          pendingSeconds: 600,
        },
        supervisor.headers,
      );
      expect(created.statusCode, created.body).toBe(201);
      const rule = created.json();
      const stateOf = async () =>
        (await get("/api/indicators/alerts", supervisor.headers))
          .json()
          .items.find((r: { id: string }) => r.id === rule.id);
      const notices = async (h: Headers) =>
        (await get("/api/notifications", h))
          .json()
          .items.filter((n: { kind: string }) => n.kind.startsWith("indicators.alert"));

      await drain(t);
      expect((await stateOf()).state).toBe("pending");
      for (let minute = 1; minute <= 9; minute++) {
        clock.advance(60_000);
        await drain(t);
        expect((await stateOf()).state, `after ${minute} min`).toBe("pending");
      }
      expect(await notices(head.headers)).toEqual([]);
      clock.advance(60_000);
      await drain(t);
      expect(await stateOf()).toMatchObject({ state: "firing", lastValue: 0 });
      expect((await notices(head.headers)).map((n: { kind: string }) => n.kind)).toEqual(["indicators.alert.firing"]);
      expect((await notices(supervisor.headers)).map((n: { kind: string }) => n.kind)).toEqual([
        "indicators.alert.firing",
      ]);
      // Another department's head is not told.
      expect(await notices(otherHead.headers)).toEqual([]);
      // The head sees the rule of its department.
      expect((await get("/api/indicators/alerts", head.headers)).json().items.map((r: { id: string }) => r.id)).toEqual(
        [rule.id],
      );

      // Three online cases: 3 of 5 online today, above 50 %: the rule resolves at its next evaluation.
      for (let i = 0; i < 3; i++) mine.push(await file(head.departmentId, "online", clock.now()));
      await drain(t);
      clock.advance(60_000);
      await drain(t);
      expect(await stateOf()).toMatchObject({ state: "ok", lastValue: 60 });
      expect((await notices(head.headers)).map((n: { kind: string }) => n.kind).sort()).toEqual([
        "indicators.alert.firing",
        "indicators.alert.resolved",
      ]);
      const history = await get(`/api/indicators/alerts/${rule.id}/history`, head.headers);
      expect(history.json().items.map((h: { from: string; to: string }) => `${h.from}>${h.to}`)).toEqual([
        "ok>pending",
        "pending>firing",
        "firing>ok",
      ]);
    });

    it("a silenced rule records its transitions without telling anyone; a rule on an unknown indicator is refused", async () => {
      const created = await post(
        "/api/indicators/alerts",
        { indicatorCode: "case_volume", comparison: "above", threshold: 1, pendingSeconds: 0, intervalSeconds: 60 },
        supervisor.headers,
      );
      const rule = created.json();
      const silenced = await post(
        `/api/indicators/alerts/${rule.id}/silence`,
        { until: new Date(clock.now().getTime() + 3_600_000).toISOString() },
        supervisor.headers,
      );
      expect(silenced.statusCode, silenced.body).toBe(200);
      const before = (await get("/api/notifications", supervisor.headers)).json().items.length;
      await drain(t);
      const history = (await get(`/api/indicators/alerts/${rule.id}/history`, supervisor.headers)).json().items;
      expect(history.map((h: { to: string }) => h.to)).toEqual(["firing"]);
      expect((await get("/api/notifications", supervisor.headers)).json().items.length).toBe(before);
      const unknown = await post(
        "/api/indicators/alerts",
        { indicatorCode: "no_such", comparison: "above", threshold: 1 },
        supervisor.headers,
      );
      expect([unknown.statusCode, unknown.json().code]).toEqual([404, "INDICATOR_NOT_FOUND"]);
      expect(
        (
          await post(
            "/api/indicators/alerts",
            { indicatorCode: "case_volume", comparison: "above", threshold: 1 },
            head.headers,
          )
        ).statusCode,
      ).toBe(403);
    });
  });

  describe("alert rules are edited (versions) and a firing alert acknowledged with a note", () => {
    const patch = (url: string, payload: unknown, headers?: Headers) =>
      t.app.inject({ method: "PATCH", url, payload: payload as object, headers });
    /** Audit entries (queued or sequenced) of a type about a subject. */
    const audited = async (type: string, subject: string) => {
      const rows = [
        ...(await t.database.db.selectFrom("audit_queue").select("entry").execute()),
        ...(await t.database.db.selectFrom("audit_entries").select("entry").execute()),
      ];
      return rows
        .map((r) => JSON.parse(Buffer.from(r.entry).toString("utf8")) as { type: string; subject: string })
        .filter((e) => e.type === type && e.subject === subject);
    };

    it("PATCH makes version 2 (version 1 kept), is evaluated at once, and refuses bad input without writing", async () => {
      const created = await post(
        "/api/indicators/alerts",
        {
          indicatorCode: "case_volume",
          comparison: "above",
          threshold: 1_000,
          pendingSeconds: 0,
          intervalSeconds: 600,
        },
        supervisor.headers,
      );
      const rule = created.json();
      expect(rule).toMatchObject({ version: 1, updatedAt: null, acknowledgement: null });
      await drain(t);
      const url = `/api/indicators/alerts/${rule.id}`;
      const refused = [
        [{}, 400],
        [{ indicatorCode: "online_rate" }, 400],
        [{ threshold: "many" }, 400],
        [{ windowDays: 0 }, 400],
        [{ comparison: "equal" }, 400],
        [{ departmentId: "not-a-uuid" }, 400],
      ] as const;
      for (const [body, status] of refused) {
        const res = await patch(url, body, supervisor.headers);
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
      }
      expect((await patch(url, { threshold: 1 }, head.headers)).statusCode).toBe(403);
      const missing = await patch(`/api/indicators/alerts/${randomUUID()}`, { threshold: 1 }, supervisor.headers);
      expect([missing.statusCode, missing.json().code]).toEqual([404, "INDICATOR_ALERT_NOT_FOUND"]);
      const versions = () => get(`${url}/versions`, supervisor.headers).then((r) => r.json().items);
      expect((await versions()).map((v: { version: number }) => v.version)).toEqual([1]);
      expect(await audited("indicators.alert.updated", `indicator-alert:${rule.id}`)).toEqual([]);

      const edited = await patch(url, { threshold: 1, windowDays: 7 }, supervisor.headers);
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ version: 2, threshold: 1, windowDays: 7, state: "ok" });
      const listed = await versions();
      expect(listed.map((v: { version: number; threshold: number }) => [v.version, v.threshold])).toEqual([
        [2, 1],
        [1, 1_000],
      ]);
      expect(listed[0].savedBy).toBe(supervisor.id);
      // The same values again: no version 3.
      expect((await patch(url, { threshold: 1 }, supervisor.headers)).json().version).toBe(2);
      expect(await audited("indicators.alert.updated", `indicator-alert:${rule.id}`)).toHaveLength(1);
      // Evaluated under the new condition at once (its interval is 10 minutes; no time passes).
      await drain(t);
      const now = (await get("/api/indicators/alerts", supervisor.headers))
        .json()
        .items.find((r: { id: string }) => r.id === rule.id);
      expect(now.state).toBe("firing");
    });

    it("an acknowledgement needs a firing alert and a note; it is kept in history and audit, and cleared on resolve", async () => {
      const rule = (
        await post(
          "/api/indicators/alerts",
          { indicatorCode: "case_volume", comparison: "above", threshold: 1, pendingSeconds: 0, intervalSeconds: 60 },
          supervisor.headers,
        )
      ).json();
      const ack = (body: unknown, headers = supervisor.headers) =>
        post(`/api/indicators/alerts/${rule.id}/acknowledge`, body, headers);
      const early = await ack({ note: "在处理" });
      expect([early.statusCode, early.json().code]).toEqual([409, "INDICATOR_ALERT_NOT_FIRING"]);
      await drain(t);
      for (const bad of [{}, { note: "   " }, { note: "x".repeat(501) }, { note: "ok", extra: 1 }])
        expect((await ack(bad)).statusCode, JSON.stringify(bad)).toBe(400);
      expect((await ack({ note: "在处理" }, head.headers)).statusCode).toBe(403);
      const missing = await post(
        `/api/indicators/alerts/${randomUUID()}/acknowledge`,
        { note: "x" },
        supervisor.headers,
      );
      expect([missing.statusCode, missing.json().code]).toEqual([404, "INDICATOR_ALERT_NOT_FOUND"]);

      const done = await ack({ note: "已联系窗口加派人手" });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({
        state: "firing",
        acknowledgement: { by: supervisor.id, note: "已联系窗口加派人手" },
      });
      const history = (await get(`/api/indicators/alerts/${rule.id}/history`, supervisor.headers)).json().items;
      expect(history.map((h: { from: string; to: string; note: string | null }) => [h.from, h.to, h.note])).toEqual([
        ["ok", "firing", null],
        ["firing", "firing", "已联系窗口加派人手"],
      ]);
      expect(history[1].actor).toBe(`staff:${supervisor.id}`);
      expect(await audited("indicators.alert.acknowledged", `indicator-alert:${rule.id}`)).toHaveLength(1);

      // The condition stops holding: the rule resolves and the acknowledgement goes with that firing.
      await patch(`/api/indicators/alerts/${rule.id}`, { threshold: 1_000_000 }, supervisor.headers);
      await drain(t);
      const after = (await get("/api/indicators/alerts", supervisor.headers))
        .json()
        .items.find((r: { id: string }) => r.id === rule.id);
      expect(after).toMatchObject({ state: "ok", acknowledgement: null });
    });
  });

  it("the recompute job reports a rollup cell that differs from the raw rows", async () => {
    const clean = await post("/api/indicators/recompute", {}, supervisor.headers);
    expect(clean.json().drift).toEqual([]);
    await sql`update indicator_case_rollups set volume = volume + 1 where department_id = ${otherDept}`.execute(
      t.app.platform.db,
    );
    const drifted = await post("/api/indicators/recompute", {}, supervisor.headers);
    expect(drifted.json().drift).toEqual([expect.objectContaining({ measure: "cases.volume", rollup: 4, raw: 3 })]);
    await sql`update indicator_case_rollups set volume = volume - 1 where department_id = ${otherDept}`.execute(
      t.app.platform.db,
    );
    await t.app.platform.cache.invalidate(t.app.platform.db, "indicators");
  });

  it("a backfill counts cases the events never told about (filed before the module existed)", async () => {
    const { db } = t.app.platform;
    const c = await file(otherDept, "window");
    // As if filed before deployment: the case is there, its delivery never ran.
    await sql`delete from jobs where kind = 'event:indicators.case-rollups'`.execute(db);
    const before = await post("/api/indicators/recompute", {}, supervisor.headers);
    expect(before.json().drift).toContainEqual(expect.objectContaining({ measure: "cases.volume", rollup: 0, raw: 1 }));
    const started = await post("/api/indicators/backfill", {}, supervisor.headers);
    expect(started.statusCode, started.body).toBe(202);
    await drain(t);
    expect((await post("/api/indicators/recompute", {}, supervisor.headers)).json().drift).toEqual([]);
    const rows = await get(
      `/api/indicators/drill?measure=cases.volume&from=${TODAY}&to=${TODAY}&channel=window`,
      supervisor.headers,
    );
    expect(rows.json().items.map((r: { caseId: string }) => r.caseId)).toContain(c.id);
  });

  it("live counters over SSE: the first frame at once, a new one after a case event commits", async () => {
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const controller = new AbortController();
    const res = await fetch(`${address}/api/indicators/live?day=${TODAY}`, {
      headers: supervisor.headers,
      signal: controller.signal,
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const nextCounters = async () => {
      for (;;) {
        const frames = buffer.split("\n\n");
        const i = frames.findIndex((f) => f.includes("event: counters"));
        if (i >= 0 && i < frames.length - 1) {
          buffer = frames.slice(i + 1).join("\n\n");
          return JSON.parse((frames[i] as string).split("data: ")[1] as string);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer += decoder.decode(value);
      }
    };
    const first = await nextCounters();
    await file(otherDept, "online", clock.now());
    await drain(t);
    const second = await nextCounters();
    expect(second.volume).toBe(first.volume + 1);
    expect(second.open).toBe(first.open + 1);
    controller.abort();
  });

  describe("好差评 and 12345 measures (read through those modules' readers)", () => {
    it("rates per department from evaluations and hotline requests, row-level security kept, no case drill", async () => {
      const at = new Date(NOW.getTime() - 3_600_000);
      const due = new Date(NOW.getTime() + 86_400_000);
      const late = new Date(NOW.getTime() - 60_000);
      const d = head.departmentId;
      // Mine: 4 received (a merged duplicate does not count), 2 answered on time, 1 late, 2 called back.
      const first = await insertHotlineRequest(t, {
        departmentId: d,
        createdAt: at,
        deadlineAt: due,
        answeredAt: at,
        callback: { resolved: true, satisfied: true, at },
      });
      await insertHotlineRequest(t, {
        departmentId: d,
        createdAt: at,
        deadlineAt: due,
        answeredAt: at,
        mergedInto: first,
      });
      await insertHotlineRequest(t, {
        departmentId: d,
        createdAt: at,
        deadlineAt: due,
        answeredAt: at,
        callback: { resolved: false, satisfied: true, at },
      });
      await insertHotlineRequest(t, { departmentId: d, createdAt: at, deadlineAt: at, answeredAt: late });
      await insertHotlineRequest(t, { departmentId: d, createdAt: at });
      await insertHotlineRequest(t, { departmentId: otherDept, createdAt: at });
      // Yesterday's request is outside today's figures.
      await insertHotlineRequest(t, { departmentId: d, createdAt: new Date(NOW.getTime() - 86_400_000) });
      for (const level of [5, 4]) await insertEvaluation(t, { departmentId: d, level, at });
      await insertEvaluation(t, { departmentId: d, level: 2, at, rectified: { onTime: true } });
      await insertEvaluation(t, { departmentId: d, level: 1, at });
      await insertEvaluation(t, { departmentId: otherDept, level: 5, at });

      const codes =
        "hotline_received,hotline_response_rate,hotline_resolution_rate,hotline_satisfaction_rate,evaluation_count," +
        "evaluation_satisfaction_rate,bad_review_rate,rectification_on_time_rate";
      const city = await get(
        `/api/indicators/values?from=${TODAY}&to=${TODAY}&by=department&codes=${codes}`,
        supervisor.headers,
      );
      expect(city.statusCode, city.body).toBe(200);
      const mineGroup = city.json().groups.find((g: { key: string }) => g.key === d);
      expect(mineGroup.values).toEqual({
        hotline_received: 4,
        hotline_response_rate: 50,
        hotline_resolution_rate: 50,
        hotline_satisfaction_rate: 100,
        evaluation_count: 4,
        evaluation_satisfaction_rate: 50,
        bad_review_rate: 50,
        rectification_on_time_rate: 50,
      });
      expect(mineGroup.measures).toMatchObject({ "hotline.received": 4, "evaluation.bad": 2 });
      expect(city.json().totals).toMatchObject({ hotline_received: 5, evaluation_count: 5, bad_review_rate: 40 });

      const own = await get(`/api/indicators/values?from=${TODAY}&to=${TODAY}&codes=${codes}`, head.headers);
      expect(own.json().totals).toMatchObject({ hotline_received: 4, evaluation_count: 4 });
      const week = await get(
        `/api/indicators/values?from=2026-03-07&to=${TODAY}&by=day&codes=hotline_received`,
        head.headers,
      );
      expect(week.json().groups.map((g: { key: string; values: object }) => [g.key, g.values])).toEqual([
        ["2026-03-07", { hotline_received: 1 }],
        [TODAY, { hotline_received: 4 }],
      ]);
      // Not by region: those modules' measures lack it, so no figure rather than a wrong one.
      const byRegion = await get(
        `/api/indicators/values?from=${TODAY}&to=${TODAY}&by=region&codes=hotline_received`,
        supervisor.headers,
      );
      expect(byRegion.json().totals.hotline_received).toBeNull();
      const drill = await get(
        `/api/indicators/drill?measure=hotline.received&from=${TODAY}&to=${TODAY}`,
        supervisor.headers,
      );
      expect(drill.statusCode).toBe(400);
      expect(drill.json().details.path).toBe("measure");
      // A composite over cases and 12345 measures is accepted, a region on it refused with the path.
      const bad = await post(
        "/api/indicators/registry",
        {
          indicators: [
            {
              code: "hotline_per_case",
              name: "每件办件对应诉求",
              nameEn: "Requests per case",
              formula: "hotline.received / cases.volume",
              dimensions: ["day", "region"],
            },
          ],
        },
        supervisor.headers,
        "PUT",
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.path).toBe("indicators[0].dimensions[1]");
    });
  });

  it("the 大屏 district map: the hotline's district outlines with 12345 requests per district, scoped per viewer", async () => {
    // A day no other test reads, so these requests move no other figure.
    const day = "2026-01-15";
    const at = new Date(`${day}T03:00:00Z`);
    await insertHotlineRequest(t, { departmentId: head.departmentId, createdAt: at, districtCode: "990102" });
    await insertHotlineRequest(t, { departmentId: head.departmentId, createdAt: at, districtCode: "990102" });
    await insertHotlineRequest(t, { departmentId: otherDept, createdAt: at, districtCode: "990103" });
    const map = async (headers: Headers) => {
      const res = await get(`/api/indicators/districts?from=${day}&to=${day}`, headers);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().districts as { code: string; name: string; ring: number[][]; hotlineReceived: number }[];
    };
    const city = await map(supervisor.headers);
    expect(city.map((d) => [d.code, d.hotlineReceived])).toEqual([
      ["990102", 2],
      ["990103", 1],
      ["990104", 0],
      ["990105", 0],
    ]);
    expect(city[0]?.name).toBe("东城区");
    expect(city[0]?.ring.length).toBeGreaterThanOrEqual(3);
    expect(city[0]?.ring[0]).toEqual([116.4, 39.85]);
    // A department head sees its own department's requests only.
    const own = await map(head.headers);
    expect(own.map((d) => d.hotlineReceived)).toEqual([2, 0, 0, 0]);
    // A reversed range is a 400 with a stable code, not a 500.
    const bad = await get(`/api/indicators/districts?from=${TODAY}&to=${day}`, supervisor.headers);
    expect(bad.statusCode).toBe(400);
    expect((await get(`/api/indicators/districts?from=${day}&to=${day}`)).statusCode).toBe(401);
  });

  it("exports an indicator per department and day as .xlsx; a department head gets only its own row", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const url = `/api/indicators/export?code=hotline_received&from=2026-03-07&to=${TODAY}`;
    const read = async (headers: Headers) => {
      const res = await t.app.inject({ method: "GET", url, headers });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      expect(res.headers["content-type"]).toContain("spreadsheetml");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const rows: unknown[][] = [];
      ws?.eachRow((r) => {
        rows.push((r.values as unknown[]).slice(1));
      });
      return rows;
    };
    const labels = await get(`/api/indicators/values?from=${TODAY}&to=${TODAY}&by=department`, supervisor.headers);
    const nameOf = (key: string) => labels.json().groups.find((g: { key: string }) => g.key === key).label;
    const city = await read(supervisor.headers);
    expect(city[3]).toEqual(["部门", "2026-03-07", TODAY, "全期"]);
    expect(city.find((r) => r[0] === nameOf(head.departmentId))).toEqual([nameOf(head.departmentId), 1, 4, 5]);
    expect(city.find((r) => r[0] === nameOf(otherDept))).toEqual([nameOf(otherDept), 0, 1, 1]);
    expect(city.at(-1)).toEqual(["合计", 1, 5, 6]);
    const own = await read(head.headers);
    expect(own.slice(4)).toEqual([[nameOf(head.departmentId), 1, 4, 5]]);
    const bad = await get(`/api/indicators/export?code=nope&from=2026-03-07&to=${TODAY}`, supervisor.headers);
    expect(bad.statusCode).toBe(404);
  });

  it("a weighted indicator system: the weighted sum of its children's normalised scores; bad weights refused", async () => {
    const system = (code: string, formula: string, extra: object = {}) => ({
      code,
      name: "综合评价",
      nameEn: "Composite",
      formula,
      dimensions: ["day", "department"],
      target: 100,
      thresholds: { warning: 80, critical: 0 },
      ...extra,
    });
    const put = (indicators: object[]) => post("/api/indicators/registry", { indicators }, supervisor.headers, "PUT");
    const saved = await put([
      system("city_system", "weighted(online_rate: 0.5, overdue_rate: 0.25, immediate_rate: 0.25)"),
    ]);
    expect(saved.statusCode, saved.body).toBe(200);
    const got = await get(
      `/api/indicators/values?from=${TODAY}&to=${TODAY}&by=department&codes=city_system,online_rate,overdue_rate,immediate_rate`,
      supervisor.headers,
    );
    expect(got.statusCode, got.body).toBe(200);
    // online_rate: target 90, critical 60; overdue_rate: 0 and 5; immediate_rate: 50 and 10 (defaults.ts).
    const score = (v: number, target: number, critical: number) =>
      Math.min(1, Math.max(0, (v - critical) / (target - critical))) * 100;
    let checked = 0;
    for (const g of got.json().groups as { values: Record<string, number | null> }[]) {
      const { online_rate: on, overdue_rate: late, immediate_rate: now, city_system: sys } = g.values;
      if (on == null || late == null || now == null) {
        expect(sys).toBeNull();
        continue;
      }
      expect(sys).toBeCloseTo(0.5 * score(on, 90, 60) + 0.25 * score(late, 0, 5) + 0.25 * score(now, 50, 10), 3);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);

    const sum = await put([system("bad_system", "weighted(online_rate: 0.5, overdue_rate: 0.4)")]);
    expect(sum.statusCode).toBe(400);
    expect(sum.json().details).toMatchObject({ path: "indicators[0].formula", problem: "weights sum to 0.9, not 1" });
    const unbounded = await put([system("bad_system", "weighted(online_rate: 0.5, case_volume: 0.5)")]);
    expect(unbounded.json().details.problem).toContain("child case_volume needs a target");
    const cyclic = await put([system("sys_a", "weighted(sys_b: 1)"), system("sys_b", "weighted(sys_a: 1)")]);
    expect(cyclic.statusCode).toBe(400);
    expect(cyclic.json().details.problem).toContain("cycle sys_a → sys_b → sys_a");
  });

  // Last: it moves the clock to the next local day.
  it("the daily recompute is armed at start-up for 02:00 local, runs when the clock gets there and re-arms", async () => {
    const { jobs, db } = t.app.platform;
    const armed = await jobs.pending(RECOMPUTE_JOB);
    expect(armed.map((j) => [j.key, j.runAt.toISOString()])).toEqual([["daily", "2026-03-08T18:00:00.000Z"]]);
    const runs = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from indicator_recompute_runs`.execute(db)).rows[0]?.n);
    const before = await runs();
    clock.set("2026-03-08T17:59:59Z");
    await drain(t);
    expect(await runs()).toBe(before);
    clock.set("2026-03-08T18:00:00Z");
    await drain(t);
    expect(await runs()).toBe(before + 1);
    expect((await jobs.pending(RECOMPUTE_JOB)).map((j) => j.runAt.toISOString())).toEqual(["2026-03-09T18:00:00.000Z"]);
    // Arming again (another node starting) does not move a running schedule.
    await db
      .transaction()
      .execute((trx) => jobs.scheduleIfAbsent(trx, { kind: RECOMPUTE_JOB, key: RECOMPUTE_KEY, runAt: clock.now() }));
    expect((await jobs.pending(RECOMPUTE_JOB)).map((j) => j.runAt.toISOString())).toEqual(["2026-03-09T18:00:00.000Z"]);
  });
});
