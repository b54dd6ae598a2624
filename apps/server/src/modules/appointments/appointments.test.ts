import type { AddressInfo } from "node:net";
import type { Booking, HallList, HallScreen, SlotList, Ticket } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs, registerCitizen, sessionHeaders, TEST_PASSWORD } from "../../test-support/identity.js";
import { seedCity, staffOf } from "../cases/testing.js";
import { NO_SHOW_BLOCK_DAYS } from "./index.js";

/**
 * 网上预约 and the hall over HTTP, on the demo city (the marriage registry office: window type A, 30-minute
 * slots 09:00–12:00 and 13:30–17:00 on weekdays, 4 places each). The clock starts on Tuesday 2026-09-22
 * 09:00 in Shanghai; 2026-09-25 is 中秋节 (a holiday in the seeded work calendar).
 */

const MARRIAGE = "990100-QR-001";
const START = "2026-09-22T01:00:00Z";
const DAY_MS = 86_400_000;

describe("appointments (网上预约 and the service hall)", () => {
  const clock = new TestClock(START);
  let t: TestApp;
  let windowTypeId: string;
  let hallId: string;
  let civilClerk: Headers;

  const get = (url: string, headers?: Headers) => t.app.inject({ method: "GET", url, headers });
  const post = (url: string, payload: unknown, headers?: Headers) =>
    t.app.inject({ method: "POST", url, payload: payload as Record<string, unknown>, headers });
  const book = (headers: Headers, date: string, start: string, itemCode = MARRIAGE) =>
    post("/api/appointments/bookings", { itemCode, windowTypeId, date, start }, headers);
  const count = async (table: "appointment_bookings" | "appointment_slot_counts") =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const login = async (phone: string) => {
    const res = await post("/api/identity/login/password", { phone, password: TEST_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    return sessionHeaders(res);
  };
  const runJobs = async () => {
    for (let i = 0; i < 50; i++) if ((await t.app.platform.jobs.runDue()) === 0) return;
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    const halls = (await get("/api/appointments/halls")).json() as HallList;
    const marriage = halls.items.find((h) => h.key === "marriage");
    if (!marriage) throw new Error("no demo marriage hall");
    hallId = marriage.id;
    windowTypeId = marriage.windowTypes[0]?.id as string;
    civilClerk = await staffOf(t, "window_clerk", "civil");
  });
  afterAll(async () => t?.close());

  it("lists free slots on working days only: the holiday has none", async () => {
    const res = await get(`/api/appointments/slots?itemCode=${MARRIAGE}&days=5`);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as SlotList;
    const dates = [...new Set(list.slots.map((s) => s.date))];
    expect(dates).toEqual(["2026-09-22", "2026-09-23", "2026-09-24", "2026-09-28", "2026-09-29"]);
    // Today's 09:00 slot has begun; 09:30 is the first left, and the lunch break has no slot.
    expect(list.slots[0]).toMatchObject({ date: "2026-09-22", start: "09:30", free: 4 });
    expect(list.slots.some((s) => s.start === "12:00" || s.start === "13:00")).toBe(false);
  });

  it("refuses a holiday with a stable code and writes nothing", async () => {
    const c = await registerCitizen(t);
    const before = await count("appointment_bookings");
    const res = await book(c.headers, "2026-09-25", "10:00");
    expect([res.statusCode, res.json().code]).toEqual([409, "APPOINTMENT_HOLIDAY"]);
    // A Sunday is no working day either.
    const sunday = await book(c.headers, "2026-09-27", "10:00");
    expect(sunday.json().code).toBe("APPOINTMENT_HOLIDAY");
    expect(await count("appointment_bookings")).toBe(before);
  });

  it("bad input is a 4xx and writes nothing", async () => {
    const c = await registerCitizen(t);
    const before = [await count("appointment_bookings"), await count("appointment_slot_counts")];
    const cases: [string, unknown, number, string][] = [
      ["past date", { itemCode: MARRIAGE, windowTypeId, date: "2026-09-21", start: "10:00" }, 400, "APPOINTMENT_PAST"],
      [
        "begun today",
        { itemCode: MARRIAGE, windowTypeId, date: "2026-09-22", start: "09:00" },
        400,
        "APPOINTMENT_PAST",
      ],
      [
        "unknown item",
        { itemCode: "NO-SUCH-ITEM", windowTypeId, date: "2026-09-23", start: "10:00" },
        404,
        "APPOINTMENT_NOT_BOOKABLE",
      ],
      [
        "lunch break",
        { itemCode: MARRIAGE, windowTypeId, date: "2026-09-23", start: "12:30" },
        400,
        "APPOINTMENT_SLOT_INVALID",
      ],
      [
        "off the grid",
        { itemCode: MARRIAGE, windowTypeId, date: "2026-09-23", start: "10:10" },
        400,
        "APPOINTMENT_SLOT_INVALID",
      ],
      ["too far", { itemCode: MARRIAGE, windowTypeId, date: "2026-12-23", start: "10:00" }, 400, "APPOINTMENT_TOO_FAR"],
      [
        "no such date",
        { itemCode: MARRIAGE, windowTypeId, date: "2026-02-30", start: "10:00" },
        400,
        "VALIDATION_FAILED",
      ],
      [
        "control character",
        { itemCode: `${MARRIAGE}\u0000`, windowTypeId, date: "2026-09-23", start: "10:00" },
        400,
        "",
      ],
      ["bad time", { itemCode: MARRIAGE, windowTypeId, date: "2026-09-23", start: "25:00" }, 400, "VALIDATION_FAILED"],
    ];
    for (const [what, payload, status, code] of cases) {
      const res = await post("/api/appointments/bookings", payload, c.headers);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
      if (code) expect(res.json().code, what).toBe(code);
    }
    expect([await count("appointment_bookings"), await count("appointment_slot_counts")]).toEqual(before);
  });

  it("parallel requests for the last place: exactly one gets it, cancelling frees it", async () => {
    const admin = await loginAs(t, "platform_admin");
    const hall = ((await get("/api/appointments/halls")).json() as HallList).items.find((h) => h.id === hallId);
    const w = hall?.windowTypes[0];
    if (!w) throw new Error("no window type");
    const { id: _id, hallId: _h, ...template } = w;
    // A department head keeps only their own department's halls.
    const amrHead = await staffOf(t, "dept_admin", "amr");
    const foreign = await t.app.inject({
      method: "PUT",
      url: `/api/appointments/window-types/${w.id}`,
      headers: amrHead,
      payload: { ...template, capacity: 1 },
    });
    expect([foreign.statusCode, foreign.json().code]).toEqual([403, "FORBIDDEN"]);
    const overlapping = await t.app.inject({
      method: "PUT",
      url: `/api/appointments/window-types/${w.id}`,
      headers: admin,
      payload: { ...template, periods: ["09:00-12:00", "11:00-13:00"] },
    });
    expect([overlapping.statusCode, overlapping.json().code]).toEqual([400, "APPOINTMENT_TEMPLATE_INVALID"]);
    const one = await t.app.inject({
      method: "PUT",
      url: `/api/appointments/window-types/${w.id}`,
      headers: admin,
      payload: { ...template, capacity: 1 },
    });
    expect(one.statusCode, one.body).toBe(200);
    const citizens = await Promise.all(Array.from({ length: 10 }, () => registerCitizen(t)));
    const results = await Promise.all(citizens.map((c) => book(c.headers, "2026-09-24", "14:00")));
    const won = results.filter((r) => r.statusCode === 201);
    expect(won).toHaveLength(1);
    const lost = results.filter((r) => r.statusCode !== 201);
    expect(new Set(lost.map((r) => `${r.statusCode} ${r.json().code}`))).toEqual(
      new Set(["409 APPOINTMENT_SLOT_FULL"]),
    );
    const slot = await t.database.db
      .selectFrom("appointment_slot_counts")
      .selectAll()
      .where("slot_date", "=", "2026-09-24")
      .where("slot_start", "=", "14:00")
      .executeTakeFirstOrThrow();
    expect(slot.booked).toBe(1);

    const winner = citizens[results.indexOf(won[0] as (typeof results)[number])] as (typeof citizens)[number];
    const booking = won[0]?.json() as Booking;
    // One active booking per person and item.
    expect((await book(winner.headers, "2026-09-28", "10:00")).json().code).toBe("APPOINTMENT_ALREADY_BOOKED");
    // Someone else cannot cancel it.
    const other = citizens.find((c) => c !== winner) as (typeof citizens)[number];
    expect((await post(`/api/appointments/bookings/${booking.id}/cancel`, {}, other.headers)).statusCode).toBe(404);
    const cancelled = await post(`/api/appointments/bookings/${booking.id}/cancel`, {}, winner.headers);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: "cancelled", token: null });
    const again = await book(other.headers, "2026-09-24", "14:00");
    expect(again.statusCode, again.body).toBe(201);
    const restored = await t.app.inject({
      method: "PUT",
      url: `/api/appointments/window-types/${w.id}`,
      headers: admin,
      payload: template,
    });
    expect(restored.statusCode).toBe(200);
  });

  it("one person racing for several slots of one item gets one booking", async () => {
    const c = await registerCitizen(t);
    const starts = ["09:00", "09:30", "10:00", "10:30", "11:00"];
    const results = await Promise.all(starts.map((start) => book(c.headers, "2026-09-29", start)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(new Set(results.filter((r) => r.statusCode !== 201).map((r) => `${r.statusCode} ${r.json().code}`))).toEqual(
      new Set(["409 APPOINTMENT_ALREADY_BOOKED"]),
    );
    const counted = await t.database.db
      .selectFrom("appointment_slot_counts")
      .select((eb) => eb.fn.sum<number>("booked").as("n"))
      .where("slot_date", "=", "2026-09-29")
      .executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(1); // the losers' places were given back with their rolled-back transactions
  });

  it("reminds the day before, checks in by QR, issues A001 and the hall screen shows the call", async () => {
    const c = await registerCitizen(t);
    const res = await book(c.headers, "2026-09-23", "10:00");
    expect(res.statusCode, res.body).toBe(201);
    const mine = (await get("/api/appointments/bookings/mine", c.headers)).json();
    const booking = mine.items[0] as Booking;
    expect(booking.token).toMatch(/^YWB1\./);
    expect(booking.qrPng).toMatch(/^data:image\/png;base64,/);
    expect(booking.token).not.toContain(booking.id);

    // The reminder: 24 h before the slot, in-app (and queued by SMS).
    clock.set("2026-09-22T02:00:00Z");
    await runJobs();
    const headers = await login(c.phone);
    const notes = (await get("/api/notifications", headers)).json();
    expect(JSON.stringify(notes)).toContain("预约办事提醒");
    const sms = await t.database.db
      .selectFrom("notify_deliveries")
      .select(["channel", "recipient_account_id"])
      .where("subject", "=", `appointment:${booking.id}`)
      .where("channel", "=", "sms")
      .execute();
    expect(sms).toEqual([{ channel: "sms", recipient_account_id: c.id }]);

    // Not on the wrong day; not by a clerk of another department; then on the day.
    expect((await post("/api/appointments/check-in", { token: booking.token }, civilClerk)).json().code).toBe(
      "APPOINTMENT_CHECKIN_DAY",
    );
    clock.set("2026-09-23T01:50:00Z");
    const amrClerk = await staffOf(t, "window_clerk", "amr");
    expect((await post("/api/appointments/check-in", { token: booking.token }, amrClerk)).statusCode).toBe(403);
    expect((await post("/api/appointments/check-in", { token: "YWB1.guess" }, civilClerk)).json().code).toBe(
      "APPOINTMENT_CODE_INVALID",
    );
    const clerk = await staffOf(t, "window_clerk", "civil");
    const checkIn = await post("/api/appointments/check-in", { token: booking.token }, clerk);
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    expect(checkIn.json()).toMatchObject({ label: "A001", status: "waiting", booked: true });
    expect((await post("/api/appointments/check-in", { token: booking.token }, clerk)).json().code).toBe(
      "APPOINTMENT_NOT_ACTIVE",
    );
    const walkIn = await post(`/api/appointments/window-types/${windowTypeId}/tickets`, {}, clerk);
    expect(walkIn.json()).toMatchObject({ label: "A002", booked: false });

    const call = await post(`/api/appointments/window-types/${windowTypeId}/call`, { window: "3号窗口" }, clerk);
    expect(call.statusCode, call.body).toBe(200);
    expect(call.json() as Ticket).toMatchObject({ label: "A001", status: "called", window: "3号窗口" });
    const screen = (await get(`/api/appointments/halls/${hallId}/screen`)).json() as HallScreen;
    expect(screen.called[0]).toMatchObject({ label: "A001", window: "3号窗口" });
    expect(screen.waiting.find((w) => w.windowTypeId === windowTypeId)?.count).toBe(1);
    await post(`/api/appointments/window-types/${windowTypeId}/call`, { window: "3号窗口" }, clerk);
    const empty = await post(`/api/appointments/window-types/${windowTypeId}/call`, { window: "3号窗口" }, clerk);
    expect([empty.statusCode, empty.json().code]).toEqual([404, "APPOINTMENT_QUEUE_EMPTY"]);
    const after = (await get("/api/appointments/bookings/mine", await login(c.phone))).json();
    expect(after.items[0]).toMatchObject({ status: "checked_in", ticket: "A001", token: null });
  });

  it("the hall screen stream pushes a call as soon as it commits", async () => {
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const controller = new AbortController();
    const res = await fetch(`${address}/api/appointments/halls/${hallId}/screen/live`, { signal: controller.signal });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const nextScreen = async (): Promise<HallScreen> => {
      for (;;) {
        const frames = buffer.split("\n\n");
        const i = frames.findIndex((f) => f.includes("event: screen"));
        if (i >= 0 && i < frames.length - 1) {
          buffer = frames.slice(i + 1).join("\n\n");
          return JSON.parse((frames[i] as string).split("data: ")[1] as string);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer += decoder.decode(value);
      }
    };
    const first = await nextScreen();
    const clerk = await staffOf(t, "window_clerk", "civil");
    const issued = (await post(`/api/appointments/window-types/${windowTypeId}/tickets`, {}, clerk)).json() as Ticket;
    expect((await nextScreen()).waiting[0]?.count).toBe((first.waiting[0]?.count ?? 0) + 1);
    clock.advance(60_000);
    await post(`/api/appointments/window-types/${windowTypeId}/call`, { window: "5" }, clerk);
    const after = await nextScreen();
    expect(after.called[0]).toMatchObject({ label: issued.label, window: "5" });
    controller.abort();
  });

  it("no-shows: marked after the slot's end plus grace; 3 in 30 days block booking for 7 days", async () => {
    clock.set("2026-09-28T01:00:00Z"); // Monday 09:00
    const c = await registerCitizen(t);
    const items = ["990100-QR-001"];
    // Three missed appointments on three days (one active booking per item at a time).
    const days = ["2026-09-28", "2026-09-29", "2026-09-30"];
    for (const day of days) {
      const headers = await login(c.phone);
      const res = await book(headers, day, "15:00", items[0]);
      expect(res.statusCode, res.body).toBe(201);
      const id = (res.json() as Booking).id;
      clock.set(`${day}T06:01:00Z`); // 14:01 local: the cancel cut-off (1 hour before 15:00) has passed
      const late = await post(`/api/appointments/bookings/${id}/cancel`, {}, await login(c.phone));
      expect([late.statusCode, late.json().code]).toEqual([409, "APPOINTMENT_CANCEL_CLOSED"]);
      clock.set(`${day}T07:59:00Z`); // 15:59 local: the slot ended at 15:30, the grace runs to 16:00
      await runJobs();
      let status = (await get("/api/appointments/bookings/mine", await login(c.phone))).json().items[0].status;
      expect(status).toBe("booked");
      clock.advance(2 * 60_000);
      await runJobs();
      status = (await get("/api/appointments/bookings/mine", await login(c.phone))).json().items[0].status;
      expect(status).toBe("no_show");
    }
    const blocked = await book(await login(c.phone), "2026-10-09", "10:00");
    expect([blocked.statusCode, blocked.json().code]).toEqual([403, "APPOINTMENT_BLOCKED"]);
    const slots = (await get(`/api/appointments/slots?itemCode=${MARRIAGE}`, await login(c.phone))).json() as SlotList;
    expect(slots.blockedUntil).toBe(new Date(clock.now().getTime() + NO_SHOW_BLOCK_DAYS * DAY_MS).toISOString());
    clock.advance(NO_SHOW_BLOCK_DAYS * DAY_MS + 60_000);
    const open = await book(await login(c.phone), "2026-10-12", "10:00");
    expect(open.statusCode, open.body).toBe(201);
  });
});
