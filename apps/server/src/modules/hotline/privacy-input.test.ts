import type { HotlineRequestView } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../platform/auth/permissions.js";
import { TestClock } from "../../platform/clock/clock.js";
import { PNG_1X1, pdfBytes } from "../../platform/files/testing.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs, registerCitizen } from "../../test-support/identity.js";
import { fileOnPortal, intake, operatorOf, request, seedCity, staffOf, storedCounts, view } from "./testing.js";

/**
 * Issue 19, acceptance 3 and 5: a confidential (保密) request never shows its caller to a department or a
 * supervisor — per role, in the request, the inbox list and the timeline — while the operator and the caller
 * see it; bad input to the platform API is a 4xx in the platform's error shape and stores nothing.
 */
describe("hotline: 保密 callers and bad input", () => {
  let t: TestApp;
  const clock = new TestClock("2026-03-02T10:00:00+08:00");
  let operator: Headers;
  let citizen: { headers: Headers; id: string };
  const CALLER = { name: "陈静", phone: "13800003333" };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    operator = await operatorOf(t);
    citizen = await registerCitizen(t);
  });
  afterAll(() => t.close());

  it("confidential: departments and supervisors never see the caller; the operator and the caller do", async () => {
    const byPhone = await intake(t, operator, request({ confidential: true, kind: "report", caller: CALLER }));
    const byWeb = await fileOnPortal(
      t,
      citizen.headers,
      request({ confidential: true, contact: CALLER, kind: "report" }),
    );
    const open = await intake(t, operator, request({ caller: CALLER }));
    const departmentRoles: Role[] = ["window_clerk", "approver", "dept_admin"];
    const readers: [string, Headers][] = [
      ...(await Promise.all(
        departmentRoles.map(async (r) => [r, await staffOf(t, r, "housing")] as [string, Headers]),
      )),
      ["supervisor", await loginAs(t, "supervisor")],
    ];
    for (const [role, headers] of readers) {
      for (const r of [byPhone, byWeb]) {
        const res = await view(t, headers, r.id);
        expect(res.statusCode, `${role} reads ${r.number}`).toBe(200);
        const body = res.json() as HotlineRequestView;
        expect(body.caller, role).toBeNull();
        expect(res.body, role).not.toMatch(/陈静|13800003333/);
        expect(body.timeline.map((e) => e.actorName)).not.toContain(CALLER.name);
      }
      const list = await t.app.inject({ method: "GET", url: "/api/hotline/desk/requests", headers });
      expect(list.statusCode).toBe(200);
      const items = list.json().items as HotlineRequestView[];
      expect(items.map((x) => x.id)).toEqual(expect.arrayContaining([byPhone.id, byWeb.id]));
      for (const x of items.filter((i) => i.confidential)) expect(x.caller, role).toBeNull();
      // A request that is not confidential shows its caller to the department that handles it, masked.
      expect(items.find((x) => x.id === open.id)?.caller).toMatchObject({ name: "*静", phone: "138****3333" });
    }
    // The operator (who calls back) and the caller see the caller.
    expect((await view(t, operator, byPhone.id)).json().caller).toMatchObject(CALLER);
    expect((await view(t, citizen.headers, byWeb.id)).json().caller).toMatchObject({ ...CALLER, accountLinked: true });
    // Other departments do not read it at all.
    const eco = await staffOf(t, "window_clerk", "eco");
    expect((await view(t, eco, byPhone.id)).statusCode).toBe(404);
  });

  it("anonymous: no one but the caller's own account sees a name", async () => {
    const r = await fileOnPortal(t, citizen.headers, request({ anonymous: true, contact: CALLER }));
    expect((await view(t, operator, r.id)).json().caller).toBeNull();
    const stored = await t.database.db
      .selectFrom("hotline_requests")
      .select(["caller_name", "caller_phone"])
      .where("id", "=", r.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ caller_name: null, caller_phone: null });
  });

  it("a photo: JPEG/PNG accepted; bad input is a 4xx in the platform's error shape and stores nothing", async () => {
    const ok = await fileOnPortal(
      t,
      undefined,
      request({ photos: [{ name: "现场.png", contentBase64: PNG_1X1.toString("base64") }] }),
    );
    expect(ok.photos).toHaveLength(1);

    const before = await storedCounts(t);
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(2 * 1024 * 1024)]);
    const cases: [string, Record<string, unknown>, number, string][] = [
      ["unknown category", request({ categoryCode: "999999" }), 400, "HOTLINE_UNKNOWN_CATEGORY"],
      ["a class, not a leaf", request({ categoryCode: "030000" }), 400, "HOTLINE_UNKNOWN_CATEGORY"],
      [
        "outside the city (Shanghai)",
        request({ location: { address: "上海", districtCode: "990103", lat: 31.2304, long: 121.4737 } }),
        400,
        "HOTLINE_OUTSIDE_CITY",
      ],
      [
        "unknown district",
        request({ location: { address: "x", districtCode: "110101" } }),
        400,
        "HOTLINE_UNKNOWN_DISTRICT",
      ],
      ["10,000-character description", request({ description: "长".repeat(10_000) }), 400, "VALIDATION_FAILED"],
      [
        "oversized photo",
        request({ photos: [{ name: "big.png", contentBase64: big.toString("base64") }] }),
        413,
        "FILE_TOO_LARGE",
      ],
      [
        "a PDF as a photo",
        request({ photos: [{ name: "x.png", contentBase64: pdfBytes().toString("base64") }] }),
        415,
        "FILE_TYPE_NOT_ALLOWED",
      ],
    ];
    for (const [what, payload, status, code] of cases) {
      for (const [url, headers] of [
        ["/api/hotline/requests", citizen.headers],
        ["/api/hotline/desk/requests", operator],
      ] as const) {
        const res = await t.app.inject({ method: "POST", url, headers, payload });
        expect([res.statusCode, res.json().code], `${what} at ${url}`).toEqual([status, code]);
        expect(res.json(), what).toMatchObject({ message: expect.any(String), messageEn: expect.any(String) });
      }
    }
    expect(await storedCounts(t)).toEqual(before);
  });
});
