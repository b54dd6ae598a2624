import type { HotlineRequestView } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { PNG_1X1 } from "../../platform/files/testing.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers, loginAs, type TestStaff } from "../../test-support/identity.js";
import { districtAt } from "./field/districts.js";
import { departmentId, HERE, operatorOf, seedCity, staffOf } from "./testing.js";

/**
 * Issue 19, acceptance 4 (server side; the phone page and the map in hotline-field.browser.test.ts): a field
 * staff member on the department's roster reports from the field and the report reaches the department the
 * category × district rule names (the district taken from the position); positions stream in as batches and
 * the command map shows the newest position and the track; a stored position altered or deleted by SQL is
 * named by the track verifier (each batch's hash is in the audit log).
 */
describe("hotline field forces: 上报, positions, command map, tamper-evident tracks", () => {
  let t: TestApp;
  const clock = new TestClock("2026-03-02T09:30:00+08:00");
  let grid: TestStaff;
  let head: Headers;
  let operator: Headers;
  let auditor: Headers;
  /** A point in Dongcheng (东城区), where 违法建设 goes to the district government. */
  const DONGCHENG = { lat: 39.93, long: 116.45 };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    grid = await createStaff(t, { roles: ["window_clerk"], departmentKey: "dongcheng" });
    head = await staffOf(t, "dept_admin", "dongcheng");
    operator = await operatorOf(t);
    auditor = await loginAs(t, "auditor");
  });
  afterAll(() => t.close());

  const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, headers: Headers, payload?: object) =>
    t.app.inject({ method, url: `/api/hotline${url}`, headers, payload });
  const at = (secondsAgo: number) => new Date(clock.now().getTime() - secondsAgo * 1000).toISOString();
  const report = (position: { lat: number; long: number }, categoryCode = "010103") => ({
    categoryCode,
    description: "巡查发现楼顶新搭建彩钢板房",
    position,
  });

  it("the district outlines put every test point where the addresses say", () => {
    expect(districtAt(DONGCHENG.lat, DONGCHENG.long)).toBe("990102");
    expect(districtAt(HERE.lat, HERE.long)).toBe("990103");
    expect(districtAt(39.75, 116.3)).toBe("990104");
    expect(districtAt(40.1, 116.3)).toBe("990105");
  });

  it("only the roster's staff report; the department head enrols only their own department's staff", async () => {
    const refused = await call("POST", "/field/reports", grid.headers, report(DONGCHENG));
    expect([refused.statusCode, refused.json().code]).toEqual([403, "HOTLINE_NOT_FIELD_STAFF"]);
    expect((await call("GET", "/field/me", grid.headers)).json()).toEqual({ staff: null });

    const other = await createStaff(t, { roles: ["window_clerk"], departmentKey: "housing" });
    const foreign = await call("PUT", `/field/roster/${other.id}`, head, { kind: "grid_worker", callSign: "X" });
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, "HOTLINE_UNKNOWN_STAFF"]);

    const enrolled = await call("PUT", `/field/roster/${grid.id}`, head, {
      kind: "grid_worker",
      callSign: "东城网格 03",
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    expect(enrolled.json()).toMatchObject({ callSign: "东城网格 03", department: { name: expect.any(String) } });
    expect((await call("GET", "/field/me", grid.headers)).json().staff).toMatchObject({ callSign: "东城网格 03" });
  });

  it("a field report is routed by category × the district its position lies in", async () => {
    const res = await call("POST", "/field/reports", grid.headers, report(DONGCHENG));
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json() as HotlineRequestView;
    expect(r).toMatchObject({
      channel: "field",
      status: "assigned",
      location: { districtCode: "990102", ...DONGCHENG },
      department: { id: await departmentId(t, "dongcheng") },
    });
    // The same category in Xicheng goes to the housing bureau (the rule's default owner).
    const xicheng = (await call("POST", "/field/reports", grid.headers, report(HERE))).json() as HotlineRequestView;
    expect(xicheng.department?.id).toBe(await departmentId(t, "housing"));
    // The district's clerks find it in their inbox; the reporter under 我的上报.
    const inbox = await call("GET", "/desk/requests", await staffOf(t, "window_clerk", "dongcheng"));
    expect(inbox.json().items.map((i: HotlineRequestView) => i.id)).toContain(r.id);
    const mine = (await call("GET", "/field/reports", grid.headers)).json().items as HotlineRequestView[];
    expect(mine.map((i) => i.id)).toEqual([xicheng.id, r.id]);
    // The reporter follows the report though it belongs to another department.
    expect((await call("GET", `/requests/${xicheng.id}`, grid.headers)).statusCode).toBe(200);
  });

  it("a report's photo is served to whoever may read the request, and to no one else", async () => {
    const res = await call("POST", "/field/reports", grid.headers, {
      ...report(DONGCHENG),
      photos: [{ name: "现场.png", contentBase64: PNG_1X1.toString("base64") }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json() as HotlineRequestView;
    const url = `/requests/${r.id}/photos/${r.photos[0].id}`;
    for (const who of [grid.headers, await staffOf(t, "window_clerk", "dongcheng"), operator]) {
      const photo = await call("GET", url, who);
      expect([photo.statusCode, photo.headers["content-type"]]).toEqual([200, "image/png"]);
      expect(photo.rawPayload.equals(PNG_1X1)).toBe(true);
    }
    expect((await call("GET", url, await staffOf(t, "window_clerk", "housing"))).statusCode).toBe(404);
    const other = `/requests/${r.id}/photos/00000000-0000-4000-8000-000000000000`;
    expect((await call("GET", other, grid.headers)).statusCode).toBe(404);
    expect((await t.app.inject({ method: "GET", url: `/api/hotline${url}` })).statusCode).toBe(401);
  });

  it("bad field input is refused and nothing is stored", async () => {
    const outside = await call("POST", "/field/reports", grid.headers, report({ lat: 31.2, long: 121.5 }));
    expect([outside.statusCode, outside.json().code]).toEqual([400, "HOTLINE_OUTSIDE_CITY"]);
    const unknown = await call("POST", "/field/reports", grid.headers, report(DONGCHENG, "999999"));
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, "HOTLINE_UNKNOWN_CATEGORY"]);
    const before = await t.database.db
      .selectFrom("hotline_positions")
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const future = await call("POST", "/field/positions", grid.headers, {
      points: [
        { at: at(10), ...DONGCHENG },
        { at: at(-600), ...DONGCHENG },
      ],
    });
    expect([future.statusCode, future.json().code]).toEqual([400, "HOTLINE_POSITION_TIME"]);
    const away = await call("POST", "/field/positions", grid.headers, {
      points: [{ at: at(5), lat: 31.2, long: 121.5 }],
    });
    expect([away.statusCode, away.json().code]).toEqual([400, "HOTLINE_OUTSIDE_CITY"]);
    const after = await t.database.db
      .selectFrom("hotline_positions")
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("positions stream in; the command map shows where each is and the track; an altered position is detected", async () => {
    // Three batches of a patrol walking north-east, half a minute apart.
    const batches: string[] = [];
    for (let b = 0; b < 3; b++) {
      const points = [0, 1].map((i) => ({
        at: at(90 - 30 * b - 15 * i),
        lat: DONGCHENG.lat + (2 * b + i) * 0.001,
        long: DONGCHENG.long + (2 * b + i) * 0.001,
        accuracy: 8,
      }));
      const res = await call("POST", "/field/positions", grid.headers, { points });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().stored).toBe(2);
      batches.push(res.json().batchId);
    }

    const map = (await call("GET", "/field/map", operator)).json();
    const me = map.staff.find((s: { accountId: string }) => s.accountId === grid.id);
    expect(me.position).toMatchObject({ lat: DONGCHENG.lat + 0.005, long: DONGCHENG.long + 0.005 });
    expect(map.districts).toHaveLength(4);
    expect(map.events.length).toBeGreaterThanOrEqual(2);
    const track = (await call("GET", `/field/staff/${grid.id}/track`, operator)).json();
    expect(track.points).toHaveLength(6);
    expect(track.points.map((p: { lat: number }) => p.lat)).toEqual(
      [0, 1, 2, 3, 4, 5].map((k) => DONGCHENG.lat + k * 0.001),
    );
    // Another department's head commands only its own force.
    const housingHead = await staffOf(t, "dept_admin", "housing");
    expect((await call("GET", `/field/staff/${grid.id}/track`, housingHead)).statusCode).toBe(404);
    expect((await call("GET", "/field/map", housingHead)).json().staff).toEqual([]);

    // 调集: the nearest to an incident first; the one sent gets a notice and the timeline says so.
    const far = await createStaff(t, { roles: ["window_clerk"], departmentKey: "dongcheng" });
    await call("PUT", `/field/roster/${far.id}`, head, { kind: "city_inspector", callSign: "东城城管 01" });
    await call("POST", "/field/positions", far.headers, { points: [{ at: at(5), lat: 39.99, long: 116.6 }] });
    const incident = (
      await call("POST", "/field/reports", far.headers, report({ lat: 39.936, long: 116.456 }))
    ).json() as HotlineRequestView;
    const nearest = (await call("GET", `/field/events/${incident.id}/nearest`, operator)).json();
    expect(nearest.items.map((i: { staff: { accountId: string } }) => i.staff.accountId)).toEqual([grid.id, far.id]);
    expect(nearest.items[0].distanceMeters).toBeLessThan(200);
    const sent = await call("POST", `/field/events/${incident.id}/mobilise`, operator, { accountId: grid.id });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().timeline.at(-1)).toMatchObject({ type: "mobilised", comment: "东城网格 03" });
    const notice = await t.database.db
      .selectFrom("notifications")
      .select("kind")
      .where("recipient_account_id", "=", grid.id)
      .where("subject", "=", `hotline-request:${incident.id}`)
      .where("kind", "=", "hotline.mobilised")
      .execute();
    expect(notice).toHaveLength(1);
    expect((await call("GET", `/field/events/${incident.id}/nearest`, housingHead)).statusCode).toBe(404);

    // Intact: every batch matches its entry; once sequenced, each is proven in the tree.
    await t.app.auditLog.flush();
    const intact = (await call("GET", "/field/tracks/verify", auditor)).json();
    expect(intact).toMatchObject({ ok: true, batchesChecked: 4, proven: 4, altered: [] });

    // Someone moves a stored position by SQL: its batch is named, the others still verify.
    const victim = await t.database.db
      .selectFrom("hotline_positions")
      .select("id")
      .where("batch_id", "=", batches[1])
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable("hotline_positions")
      .set((e) => ({ lat: e("lat", "+", 0.002) }))
      .where("id", "=", victim.id)
      .execute();
    const edited = (await call("GET", "/field/tracks/verify", auditor)).json();
    expect(edited.ok).toBe(false);
    expect(edited.altered.map((a: { batchId: string }) => a.batchId)).toEqual([batches[1]]);
    expect(edited.altered[0].message).toMatch(/do not match the audit log/);

    // Deleting a position is caught the same way.
    await t.database.db.deleteFrom("hotline_positions").where("batch_id", "=", batches[2]).execute();
    const deleted = (await call("GET", "/field/tracks/verify", auditor)).json();
    const named = new Map(deleted.altered.map((a: { batchId: string; message: string }) => [a.batchId, a.message]));
    expect([...named.keys()].sort()).toEqual([batches[1], batches[2]].sort());
    expect(named.get(batches[2])).toMatch(/0 positions stored, 2 received/);
  });
});
