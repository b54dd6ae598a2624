import { afterAll, beforeAll, describe, expect, it } from "vitest";
import webpush from "web-push";
import { TestClock } from "../../platform/clock/clock.js";
import { ConfigError, loadConfig } from "../../platform/config.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { registerCitizen, type TestCitizen } from "../../test-support/identity.js";
import { runJobs } from "../evaluation/testing.js";
import { pushEndpointAllowed } from "./channels/webpush.js";
import { StubPushService, TestBrowser, verifyVapid } from "./webpush.test-support.js";

/**
 * Issue 18, the Web Push channel: a notice reaches a subscribed browser through a local stand-in push
 * service that checks the VAPID JWT and whose payload the test decrypts with the browser's private key; a
 * service failing twice first gets it once more (same Topic); 410 removes the subscription; bad input is a
 * 4xx. The clock moves; nothing sleeps.
 */
describe("notify: Web Push", () => {
  let t: TestApp;
  const clock = new TestClock("2026-03-02T09:00:00+08:00");
  const push = new StubPushService();
  const vapid = webpush.generateVAPIDKeys();
  let citizen: TestCitizen;
  let browser: TestBrowser;

  beforeAll(async () => {
    await push.start();
    t = await createTestApp({
      clock,
      env: {
        NOTIFY_MAX_ATTEMPTS: "3",
        NOTIFY_VAPID_PUBLIC_KEY: vapid.publicKey,
        NOTIFY_VAPID_PRIVATE_KEY: vapid.privateKey,
        NOTIFY_VAPID_SUBJECT: "mailto:ops@yiwang.test",
        NOTIFY_WEBPUSH_TEST_HOSTS: "127.0.0.1",
      },
    });
    citizen = await registerCitizen(t);
    browser = new TestBrowser(`${push.url}/push/browser-1`);
  });
  afterAll(async () => {
    await t.close();
    await push.stop();
  });

  const subscribe = (payload: unknown, headers = citizen.headers) =>
    t.app.inject({ method: "POST", url: "/api/notifications/push-subscriptions", headers, payload: payload as object });
  const notice = (subject: string, link: string) =>
    t.database.db.transaction().execute((trx) =>
      t.app.platform.notify.send(trx, {
        recipients: [citizen.id],
        kind: "case.decided",
        title: { zh: `办件已办结 ${subject}`, en: `Case decided ${subject}` },
        body: { zh: "准予许可", en: "Approved" },
        link,
        subject,
        variables: { caseNumber: subject, outcome: "准予" },
      }),
    );
  const webpushDeliveries = (subject: string) =>
    t.database.db
      .selectFrom("notify_deliveries")
      .select(["status", "attempts", "last_error"])
      .where("channel", "=", "webpush")
      .where("subject", "=", subject)
      .execute();
  async function retryAfter(ms: number[]) {
    await runJobs(t);
    for (const step of ms) {
      clock.advance(step);
      await runJobs(t);
    }
  }

  it("serves the VAPID public key and stores a subscription sealed", async () => {
    const key = await t.app.inject({
      method: "GET",
      url: "/api/notifications/push-public-key",
      headers: citizen.headers,
    });
    expect(key.statusCode).toBe(200);
    expect(key.json()).toEqual({ publicKey: vapid.publicKey });
    expect((await t.app.inject({ method: "GET", url: "/api/notifications/push-public-key" })).statusCode).toBe(401);

    const res = await subscribe(browser.subscription());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ origin: push.url });
    // subscribing again (a reload) keeps one subscription
    expect((await subscribe(browser.subscription())).statusCode).toBe(201);
    const rows = await t.database.db.selectFrom("notify_push_subscriptions").selectAll().execute();
    expect(rows).toHaveLength(1);
    const stored = Buffer.from(rows[0]?.sealed ?? []).toString("latin1");
    expect(stored).not.toContain("browser-1");
    expect(stored).not.toContain(browser.subscription().keys.auth);

    const chosen = await t.app.inject({
      method: "PUT",
      url: "/api/notifications/settings",
      headers: citizen.headers,
      payload: { preferences: [{ eventType: "case.decided", channels: ["inapp", "webpush"] }] },
    });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json().preferences).toContainEqual(
      expect.objectContaining({ eventType: "case.decided", channels: ["inapp", "webpush"] }),
    );
  });

  it("delivers a notice once, though the push service fails twice first: VAPID checked, payload decrypted", async () => {
    push.answers = [503, 500];
    await notice("YW-0001", "/cases/abc");
    await retryAfter([30_000, 60_000]);
    await retryAfter([120_000, 240_000]); // nothing more however long we wait

    const hits = push.hits.filter((h) => h.path === "/push/browser-1");
    expect(hits.map((h) => h.status)).toEqual([503, 500, 201]);
    for (const h of hits) {
      const jwt = await verifyVapid(h.headers, vapid.publicKey, push.url);
      expect(jwt.sub).toBe("mailto:ops@yiwang.test");
      expect(h.headers["content-encoding"]).toBe("aes128gcm");
      expect(Number(h.headers.ttl)).toBeGreaterThan(0);
    }
    // one Topic for every attempt: a push service replaces a pending copy instead of adding one
    expect(new Set(hits.map((h) => h.headers.topic)).size).toBe(1);
    const payload = JSON.parse(browser.decrypt(hits[2]?.body ?? Buffer.alloc(0)));
    expect(payload.title).toContain("YW-0001");
    expect(payload.link).toBe(`${t.config.publicUrl.replace(/\/$/, "")}/cases/abc`);
    expect(payload.tag).toMatch(/:webpush$/);
    expect(await webpushDeliveries("YW-0001")).toEqual([{ status: "sent", attempts: 3, last_error: null }]);
  });

  it("a push service answering 410 removes the subscription", async () => {
    push.answers = [410];
    await notice("YW-0002", "/cases/def");
    await runJobs(t);
    expect(push.hits.at(-1)?.status).toBe(410);
    expect(await t.database.db.selectFrom("notify_push_subscriptions").selectAll().execute()).toEqual([]);
    // nothing left to send to: the next attempt fails the delivery, nothing more reaches the service
    await retryAfter([30_000, 60_000]);
    expect(push.hits.at(-1)?.status).toBe(410);
    expect((await webpushDeliveries("YW-0002"))[0]).toMatchObject({ status: "failed" });
  });

  it("refuses bad input with a 4xx", async () => {
    const good = new TestBrowser("https://push.example.test/x").subscription();
    const cases: [string, unknown, number, string?][] = [
      ["plain http", { ...good, endpoint: "http://push.example.test/x" }, 422, "NOTIFY_PUSH_ENDPOINT_INVALID"],
      ["an IP address", { ...good, endpoint: "https://10.0.0.1/x" }, 422, "NOTIFY_PUSH_ENDPOINT_INVALID"],
      ["not a URL", { ...good, endpoint: "push me" }, 422, "NOTIFY_PUSH_ENDPOINT_INVALID"],
      ["credentials", { ...good, endpoint: "https://a:b@push.example.test/x" }, 422, "NOTIFY_PUSH_ENDPOINT_INVALID"],
      ["no keys", { endpoint: good.endpoint }, 400],
      ["no auth", { endpoint: good.endpoint, keys: { p256dh: good.keys.p256dh } }, 400],
      ["short auth", { ...good, keys: { ...good.keys, auth: "abc" } }, 400],
      ["not a P-256 point", { ...good, keys: { ...good.keys, p256dh: "A".repeat(87) } }, 422],
      ["oversized", { ...good, endpoint: `https://push.example.test/${"x".repeat(10_000)}` }, 413],
    ];
    for (const [what, payload, status, code] of cases) {
      const res = await subscribe(payload);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
      if (code) expect(res.json().code, what).toBe(code);
    }
    expect(await t.database.db.selectFrom("notify_push_subscriptions").selectAll().execute()).toEqual([]);
    expect(
      (await t.app.inject({ method: "POST", url: "/api/notifications/push-subscriptions", payload: good })).statusCode,
    ).toBe(401);
  });

  it("unsubscribes only one's own browser", async () => {
    expect((await subscribe(browser.subscription())).statusCode).toBe(201);
    const other = await registerCitizen(t);
    const del = (headers: Record<string, string>) =>
      t.app.inject({
        method: "DELETE",
        url: "/api/notifications/push-subscriptions",
        headers,
        payload: { endpoint: browser.endpoint },
      });
    expect((await del(other.headers)).statusCode).toBe(404);
    expect((await del(citizen.headers)).statusCode).toBe(204);
    expect((await del(citizen.headers)).statusCode).toBe(404);
  });
});

describe("notify: Web Push configuration", () => {
  const keys = webpush.generateVAPIDKeys();
  it("production with NOTIFY_WEBPUSH=true refuses to start without keys or with the development pair", () => {
    const prod = { NODE_ENV: "production", SESSION_SECRET: "x".repeat(40), METRICS_TOKEN: "m".repeat(32) };
    expect(() => loadConfig({ ...prod, NOTIFY_WEBPUSH: "true" })).toThrow(/NOTIFY_VAPID_PRIVATE_KEY: required/);
    expect(() => loadConfig({ ...prod, NOTIFY_WEBPUSH: "true" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...prod })).not.toThrow(/NOTIFY_VAPID/);
    const ok = {
      NOTIFY_WEBPUSH: "true",
      NOTIFY_VAPID_PUBLIC_KEY: keys.publicKey,
      NOTIFY_VAPID_PRIVATE_KEY: keys.privateKey,
      NOTIFY_VAPID_SUBJECT: "https://yiwang.example.gov.cn",
    };
    expect(() => loadConfig({ ...prod, ...ok })).not.toThrow(/NOTIFY_VAPID/);
  });

  it("the loopback test hosts are for tests only, and plain http is refused by default", () => {
    expect(() => loadConfig({ NOTIFY_WEBPUSH_TEST_HOSTS: "127.0.0.1" })).toThrow(/for tests only/);
    expect(() => loadConfig({ NODE_ENV: "test", NOTIFY_WEBPUSH_TEST_HOSTS: "push.example.com" })).toThrow(
      /loopback hosts only/,
    );
    expect(loadConfig({ NODE_ENV: "test" }).notify.webpush?.testHosts).toEqual([]);
    expect(pushEndpointAllowed("http://127.0.0.1:8080/p")).toBeNull();
    expect(pushEndpointAllowed("https://localhost/p")).toBeNull();
    expect(pushEndpointAllowed("http://127.0.0.1:8080/p", ["127.0.0.1"])).not.toBeNull();
    expect(pushEndpointAllowed("https://fcm.googleapis.com/fcm/send/abc")).not.toBeNull();
  });
});
