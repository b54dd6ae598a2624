import { NotificationList } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers, registerCitizen, type TestCitizen } from "../../test-support/identity.js";

describe("notify: my notifications", () => {
  let t: TestApp;
  let clock: TestClock;
  let alice: TestCitizen;
  let bob: TestCitizen;
  let clerk: { id: string; headers: Headers };
  beforeAll(async () => {
    clock = new TestClock(new Date());
    t = await createTestApp({ clock });
    alice = await registerCitizen(t);
    bob = await registerCitizen(t);
    clerk = await createStaff(t, { roles: ["window_clerk"] });
  });
  afterAll(() => t.close());

  const send = (recipients: string[], n: number, extra: { link?: string } = {}) =>
    t.app.platform.db.transaction().execute((trx) =>
      t.app.platform.notify.send(trx, {
        recipients,
        kind: "case.accepted",
        title: { zh: `您的申请已受理 ${n}`, en: `Your application was accepted ${n}` },
        body: { zh: "请留意办理进度。", en: "Follow its progress." },
        subject: `case:${n}`,
        ...extra,
      }),
    );
  const get = (url: string, headers?: Headers) => t.app.inject({ method: "GET", url, headers });
  const post = (url: string, headers?: Headers) => t.app.inject({ method: "POST", url, headers });

  it("sends in the caller's transaction: a rolled-back change notifies no one", async () => {
    await t.app.platform.db
      .transaction()
      .execute(async (trx) => {
        await t.app.platform.notify.send(trx, {
          recipients: [alice.id],
          kind: "case.accepted",
          title: { zh: "不应出现", en: "Must not appear" },
          body: { zh: "", en: "" },
          subject: "case:x",
        });
        throw new Error("the change failed");
      })
      .catch(() => {});
    const res = await get("/api/notifications", alice.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], total: 0, unread: 0 });
  });

  it("lists my own, newest first, with paging and the unread count", async () => {
    const ids = [await send([alice.id, bob.id, alice.id], 1, { link: "/cases/1" })];
    expect(ids[0]).toHaveLength(2); // duplicates collapse
    clock.advance(1000);
    await send([alice.id], 2);
    clock.advance(1000);
    await send([alice.id, clerk.id], 3);

    const res = await get("/api/notifications", alice.headers);
    expect(res.statusCode).toBe(200);
    const list = NotificationList.parse(res.json());
    expect(list.total).toBe(3);
    expect(list.unread).toBe(3);
    expect(list.items.map((n) => n.subject)).toEqual(["case:3", "case:2", "case:1"]);
    expect(list.items[2]).toEqual({
      id: expect.any(String),
      kind: "case.accepted",
      title: { zh: "您的申请已受理 1", en: "Your application was accepted 1" },
      body: { zh: "请留意办理进度。", en: "Follow its progress." },
      link: "/cases/1",
      subject: "case:1",
      createdAt: expect.any(String),
      readAt: null,
    });
    const page = (await get("/api/notifications?limit=1&offset=1", alice.headers)).json();
    expect(page.items.map((n: { subject: string }) => n.subject)).toEqual(["case:2"]);
    expect(page.total).toBe(3);

    expect((await get("/api/notifications", bob.headers)).json().total).toBe(1);
    const staff = (await get("/api/notifications", clerk.headers)).json();
    expect(staff.items.map((n: { subject: string }) => n.subject)).toEqual(["case:3"]);
  });

  it("marks one read (the first read time stays), filters unread, and marks all read", async () => {
    const list = NotificationList.parse((await get("/api/notifications", alice.headers)).json());
    const first = list.items[2];
    clock.advance(5000);
    const read = await post(`/api/notifications/${first?.id}/read`, alice.headers);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: first?.id, readAt: clock.now().toISOString() });
    const readAt = read.json().readAt;
    clock.advance(5000);
    expect((await post(`/api/notifications/${first?.id}/read`, alice.headers)).json().readAt).toBe(readAt);

    const unread = (await get("/api/notifications?unread=true", alice.headers)).json();
    expect(unread.total).toBe(2);
    expect(unread.unread).toBe(2);
    expect(unread.items.every((n: { readAt: string | null }) => n.readAt === null)).toBe(true);
    expect((await get("/api/notifications?unread=false", alice.headers)).json().total).toBe(3);

    const all = await post("/api/notifications/read-all", alice.headers);
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ marked: 2, unread: 0 });
    expect((await post("/api/notifications/read-all", alice.headers)).json()).toEqual({ marked: 0, unread: 0 });
    // bob's stays unread
    expect((await get("/api/notifications", bob.headers)).json().unread).toBe(1);
  });

  it("someone else's notification is 404, as is an unknown one", async () => {
    const [bobs] = (await get("/api/notifications", bob.headers)).json().items;
    const res = await post(`/api/notifications/${bobs.id}/read`, alice.headers);
    expect([res.statusCode, res.json().code]).toEqual([404, "NOTIFICATION_NOT_FOUND"]);
    expect(res.json().message).toBe("消息不存在");
    expect((await get("/api/notifications", bob.headers)).json().items[0].readAt).toBeNull();
    const unknown = await post("/api/notifications/00000000-0000-4000-8000-000000000000/read", alice.headers);
    expect(unknown.statusCode).toBe(404);
    expect((await post("/api/notifications/not-a-uuid/read", alice.headers)).statusCode).toBe(400);
  });

  it("anonymous callers get 401 on every route", async () => {
    for (const [method, url] of [
      ["GET", "/api/notifications"],
      ["POST", "/api/notifications/read-all"],
      ["POST", "/api/notifications/00000000-0000-4000-8000-000000000000/read"],
    ] as const) {
      const res = await t.app.inject({ method, url });
      expect([res.statusCode, res.json().code], `${method} ${url}`).toEqual([401, "AUTH_REQUIRED"]);
    }
  });

  it("refuses malformed input from code and queries", async () => {
    const res = await get("/api/notifications?limit=1000", alice.headers);
    expect(res.statusCode).toBe(400);
    await expect(send(["not-an-account-id"], 9)).rejects.toThrow();
  });
});
