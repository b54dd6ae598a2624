import type { NoticeDeliveryList } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { act, enterpriseApplicant, fileCase, REPRESENTATIVE_PHONE, seedCity, staffOf } from "../cases/testing.js";
import { FOOD_LICENSE, runJobs } from "../evaluation/testing.js";
import { StubHttpServer, TestSmtpServer } from "./channels.test-support.js";

/**
 * Issue 18, acceptance 1, 2 and 4 (notifications): a case decision reaches its applicant in-app, by SMS (the
 * HTTP adapter against a local server) and by email (a real SMTP server receives it), once each although
 * both senders refuse twice first; quiet hours hold back a non-urgent SMS but not a legally required notice;
 * bad input is a clear 4xx. The clock moves; nothing sleeps.
 */
describe("notify: channels, delivery and settings", () => {
  let t: TestApp;
  // Monday 09:00 in Beijing: a working day.
  const clock = new TestClock("2026-03-02T09:00:00+08:00");
  const sms = new StubHttpServer();
  const smtp = new TestSmtpServer();
  let applicant: Headers;
  let applicantId: string;
  let admin: Headers;
  let staff: { clerk: Headers; approver: Headers };

  beforeAll(async () => {
    await sms.start();
    await smtp.start();
    t = await createTestApp({
      clock,
      env: {
        NOTIFY_SMS_HTTP_URL: `${sms.url}/sms`,
        NOTIFY_SMTP_URL: smtp.url,
        NOTIFY_MAX_ATTEMPTS: "3",
        NOTIFY_WEBHOOK_HOSTS: "qyapi.weixin.qq.com",
      },
    });
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    applicantId = (await t.app.inject({ method: "GET", url: "/api/identity/session", headers: applicant })).json().me
      .id;
    admin = await loginAs(t, "platform_admin");
    staff = { clerk: await staffOf(t, "window_clerk", "amr"), approver: await staffOf(t, "approver", "amr") };
  });
  afterAll(async () => {
    await t.close();
    await sms.stop();
    await smtp.stop();
  });

  const settings = (payload: Record<string, unknown>, headers = applicant) =>
    t.app.inject({ method: "PUT", url: "/api/notifications/settings", headers, payload });
  const deliveries = async (query = "") =>
    (
      await t.app.inject({ method: "GET", url: `/api/admin/notifications/deliveries?${query}`, headers: admin })
    ).json() as NoticeDeliveryList;
  /** Runs due jobs, then moves the clock by `ms` and runs again, `times` times. */
  async function retryAfter(ms: number[]) {
    await runJobs(t);
    for (const step of ms) {
      clock.advance(step);
      await runJobs(t);
    }
  }

  it("acceptance 1: a decision reaches the applicant in-app, by SMS and by email, once each, though both senders fail twice first", async () => {
    const chosen = await settings({
      email: "li.na@example.test",
      preferences: [
        { eventType: "case.decided", channels: ["inapp", "sms", "email"] },
        // the invitation's SMS comes through the SmsNotifier port too: still one SMS
        { eventType: "evaluation.invited", channels: ["inapp", "sms"] },
      ],
    });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json()).toMatchObject({ email: "li.na@example.test", phoneOnFile: true });
    let c = await fileCase(t, applicant, FOOD_LICENSE);
    for (const [who, command] of [
      [staff.clerk, "accept"],
      [staff.approver, "pass"],
      [staff.approver, "approve"],
    ] as const) {
      const res = await act(t, who, c, command, {});
      expect(res.statusCode, `${command}: ${res.body}`).toBe(200);
      c = res.json();
    }
    sms.failNext = 2;
    smtp.failNext = 2;
    // first attempts now; backoff 30 s, then 60 s
    await retryAfter([30_000, 60_000]);
    await retryAfter([120_000, 240_000]); // nothing more happens however long we wait

    const decidedSms = sms.hits.filter((h) => h.body.templateId === "YW_CASE_DECIDED");
    expect(decidedSms.map((h) => h.ok)).toEqual([false, false, true]);
    // the same idempotency key on every attempt, so a gateway can drop a repeat
    expect(new Set(decidedSms.map((h) => h.headers["idempotency-key"])).size).toBe(1);
    expect(decidedSms[2]?.body).toMatchObject({ phone: REPRESENTATIVE_PHONE, sign: "【一网通办】" });
    expect(decidedSms[2]?.body.text).toContain(c.number as string);
    expect(String(decidedSms[2]?.body.text).startsWith("【一网通办】")).toBe(true);

    expect(smtp.attempts).toBe(3);
    expect(smtp.mail).toHaveLength(1);
    const mail = smtp.mail[0];
    expect(mail?.subject).toBe("办件已办结（准予）");
    expect(mail?.text).toContain(c.number as string);
    expect(mail?.text).toContain(`/cases/${c.id}`);
    expect((mail?.to as { text: string } | undefined)?.text).toBe("li.na@example.test");

    const inbox = (
      await t.app.inject({ method: "GET", url: "/api/notifications?limit=100", headers: applicant })
    ).json();
    expect(inbox.items.filter((n: { kind: string }) => n.kind === "case.decided")).toHaveLength(1);

    const log = (await deliveries("limit=100")).items.filter((d) => d.eventType === "case.decided");
    expect(log.map((d) => [d.channel, d.status, d.attempts]).sort()).toEqual([
      ["email", "sent", 3],
      ["inapp", "delivered", 1],
      ["sms", "sent", 3],
    ]);
    expect(log.every((d) => d.legal && d.recipient === applicantId)).toBe(true);

    // A second run of a sent delivery's job (at-least-once outbox) sends nothing.
    const sent = log.find((d) => d.channel === "sms");
    await t.database.db
      .transaction()
      .execute((trx) =>
        t.app.platform.jobs.schedule(trx, { kind: "notify.deliver", key: sent?.id as string, runAt: clock.now() }),
      );
    await runJobs(t);
    expect(sms.hits.filter((h) => h.body.templateId === "YW_CASE_DECIDED")).toHaveLength(3);

    // Delivered → the 好差评 invitation also comes by SMS (template evaluation.invited) with its link.
    const res = await act(t, staff.clerk, c, "deliver", { method: "online" });
    expect(res.statusCode, res.body).toBe(200);
    await runJobs(t);
    const invited = sms.accepted().filter((h) => h.body.templateId === "YW_EVALUATION_INVITED");
    expect(invited).toHaveLength(1);
    expect(invited[0]?.body.text).toMatch(/食品经营许可（新办）.*\/evaluate\/[0-9a-f-]{36}/);
  });

  it("acceptance 2: quiet hours hold back a non-urgent SMS; a legally required notice still arrives on the chosen channel", async () => {
    clock.set(new Date("2026-03-02T23:00:00+08:00"));
    const res = await settings({
      quietHours: { start: 22 * 60, end: 7 * 60 },
      preferences: [
        { eventType: "case.accepted", channels: ["inapp", "sms"] },
        { eventType: "case.supplement_requested", channels: ["email"] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const before = { sms: sms.hits.length, mail: smtp.mail.length };
    const send = (kind: string, subject: string) =>
      t.database.db.transaction().execute((trx) =>
        t.app.platform.notify.send(trx, {
          recipients: [applicantId],
          kind,
          title: { zh: `通知 ${kind}`, en: `Notice ${kind}` },
          body: { zh: `正文 ${subject}`, en: `Body ${subject}` },
          link: `/cases/${subject}`,
          subject: `case:${subject}`,
        }),
      );
    const accepted = await send("case.accepted", "quiet-1");
    const supplement = await send("case.supplement_requested", "quiet-2");
    expect(accepted).toHaveLength(1); // in-app is silent: it is there at once
    expect(supplement).toHaveLength(0); // the person chose email only for this one
    await runJobs(t);
    expect(sms.hits.length).toBe(before.sms); // held back
    expect(smtp.mail.length).toBe(before.mail + 1); // the legally required one is not
    expect(smtp.mail.at(-1)?.subject).toBe("通知 case.supplement_requested");

    clock.set(new Date("2026-03-03T06:59:00+08:00"));
    await runJobs(t);
    expect(sms.hits.length).toBe(before.sms);
    clock.set(new Date("2026-03-03T07:00:00+08:00"));
    await runJobs(t);
    expect(sms.hits.slice(before.sms).map((h) => String(h.body.text))).toEqual([
      expect.stringContaining("正文 quiet-1"),
    ]);
  });

  it("a delivery that keeps failing becomes a dead letter; an administrator re-sends it", async () => {
    sms.failNext = 3;
    await t.database.db.transaction().execute((trx) =>
      t.app.platform.notify.send(trx, {
        recipients: [applicantId],
        kind: "case.accepted",
        title: { zh: "死信", en: "Dead letter" },
        body: { zh: "死信测试", en: "dead letter test" },
        subject: "case:dead",
      }),
    );
    await retryAfter([30_000, 60_000]);
    const dead = (await deliveries("status=failed")).items.filter((d) => d.subject === "case:dead");
    expect(dead).toMatchObject([
      { channel: "sms", status: "failed", attempts: 3, lastError: expect.stringContaining("503") },
    ]);
    const id = dead[0]?.id as string;
    const resend = await t.app.inject({
      method: "POST",
      url: `/api/admin/notifications/deliveries/${id}/resend`,
      headers: admin,
    });
    expect(resend.statusCode, resend.body).toBe(200);
    expect(resend.json()).toMatchObject({ status: "queued", attempts: 0 });
    await runJobs(t);
    expect((await deliveries("status=sent&channel=sms&limit=100")).items.some((d) => d.id === id)).toBe(true);
    const again = await t.app.inject({
      method: "POST",
      url: `/api/admin/notifications/deliveries/${id}/resend`,
      headers: admin,
    });
    expect([again.statusCode, again.json().code]).toEqual([409, "NOTIFY_DELIVERY_NOT_FAILED"]);
    // only administrators
    const citizen = await t.app.inject({
      method: "GET",
      url: "/api/admin/notifications/deliveries",
      headers: applicant,
    });
    expect(citizen.statusCode).toBe(403);
  });

  it("templates are versioned, previewed, and used for the next notice", async () => {
    const draft = {
      eventType: "case.accepted",
      language: "zh-CN",
      title: "受理通知：{{title}}",
      body: "{{body}}（办件 {{caseNumber}}）",
      smsText: "您的办件已受理：{{link}}",
      smsSign: "【某市政务】",
      smsTemplateId: "SMS_0001",
    };
    const preview = await t.app.inject({
      method: "POST",
      url: "/api/admin/notifications/templates/preview",
      headers: admin,
      payload: { ...draft, variables: { caseNumber: "A-1" } },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({
      title: "受理通知：[title]",
      body: "[body]（办件 A-1）",
      smsText: "【某市政务】您的办件已受理：[link]",
      variables: ["title", "body", "caseNumber", "link"],
    });
    const save = (body: Record<string, unknown>) =>
      t.app.inject({ method: "POST", url: "/api/admin/notifications/templates", headers: admin, payload: body });
    expect((await save(draft)).json()).toMatchObject({ version: 1 });
    expect((await save({ ...draft, title: "受理：{{title}}" })).json()).toMatchObject({ version: 2 });
    const list = (
      await t.app.inject({ method: "GET", url: "/api/admin/notifications/templates", headers: admin })
    ).json();
    expect(list.items.map((x: { version: number }) => x.version)).toEqual([2, 1]);

    const before = sms.hits.length;
    await t.database.db.transaction().execute((trx) =>
      t.app.platform.notify.send(trx, {
        recipients: [applicantId],
        kind: "case.accepted",
        title: { zh: "办件已受理", en: "Case accepted" },
        body: { zh: "已受理", en: "accepted" },
        link: "/cases/tpl",
        subject: "case:tpl",
        variables: { caseNumber: "N-42" },
      }),
    );
    await runJobs(t);
    expect(sms.hits.slice(before).map((h) => h.body)).toEqual([
      expect.objectContaining({
        sign: "【某市政务】",
        templateId: "SMS_0001",
        text: "【某市政务】您的办件已受理：http://localhost:3000/cases/tpl",
      }),
    ]);
  });

  it("acceptance 4: bad input is a clear 4xx and stores nothing", async () => {
    const templates = async () =>
      (await t.app.inject({ method: "GET", url: "/api/admin/notifications/templates", headers: admin })).json().items
        .length;
    const n = await templates();
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/admin/notifications/templates",
      headers: admin,
      payload: { eventType: "case.decided", language: "en", title: "{{title}}", body: "Dear {{applicantName}}" },
    });
    expect([unknown.statusCode, unknown.json().code]).toEqual([422, "NOTIFY_TEMPLATE_UNKNOWN_VARIABLE"]);
    expect(unknown.json().message).toBe("模板使用了该事件没有的变量");
    expect(unknown.json().details.unknown).toEqual(["applicantName"]);
    const halfSms = await t.app.inject({
      method: "POST",
      url: "/api/admin/notifications/templates",
      headers: admin,
      payload: { eventType: "case.decided", language: "en", title: "{{title}}", body: "{{body}}", smsText: "x" },
    });
    expect([halfSms.statusCode, halfSms.json().code]).toEqual([422, "NOTIFY_TEMPLATE_SMS_INCOMPLETE"]);
    expect(await templates()).toBe(n);

    const dept = (await t.app.inject({ method: "GET", url: "/api/org/departments", headers: admin })).json();
    const departmentId = (dept.items ?? dept)[0].id as string;
    const hook = (url: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/admin/notifications/webhooks",
        headers: admin,
        payload: { departmentId, kind: "wecom", url },
      });
    for (const url of [
      "https://evil.example.com/cgi-bin/webhook/send?key=1",
      "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1", // not https
      "https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=1",
      "https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1",
    ]) {
      const res = await hook(url);
      expect([res.statusCode, res.json().code], url).toEqual([422, "NOTIFY_WEBHOOK_NOT_ALLOWED"]);
    }
    expect(
      (await t.app.inject({ method: "GET", url: "/api/admin/notifications/webhooks", headers: admin })).json().items,
    ).toEqual([]);
    const ok = await hook("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-key");
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ host: "qyapi.weixin.qq.com", kind: "wecom" });
    expect(ok.body).not.toContain("secret-key");

    const big = "x".repeat(10 * 1024 * 1024);
    const huge = await t.app.inject({
      method: "POST",
      url: "/api/admin/notifications/templates",
      headers: { ...admin, "content-type": "application/json" },
      payload: JSON.stringify({ eventType: "case.decided", language: "zh-CN", title: "t", body: big }),
    });
    expect([huge.statusCode, huge.json().code]).toEqual([413, "BODY_TOO_LARGE"]);
    const longBody = await t.app.inject({
      method: "POST",
      url: "/api/admin/notifications/templates",
      headers: admin,
      payload: { eventType: "case.decided", language: "zh-CN", title: "t", body: "x".repeat(2001) },
    });
    expect(longBody.statusCode).toBe(400);
    expect(await templates()).toBe(n);

    const off = await settings({ preferences: [{ eventType: "case.decided", channels: [] }] });
    expect([off.statusCode, off.json().code]).toEqual([422, "NOTIFY_LEGAL_NOTICE_REQUIRED"]);
    const mine = (await t.app.inject({ method: "GET", url: "/api/notifications/settings", headers: applicant })).json();
    expect(mine.preferences.find((p: { eventType: string }) => p.eventType === "case.decided")).toMatchObject({
      channels: ["inapp", "sms", "email"],
      legal: true,
    });
    const badEmail = await settings({ email: "not-an-email" });
    expect(badEmail.statusCode).toBe(400);
  });
});
