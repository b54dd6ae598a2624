import { describe, expect, it } from "vitest";
import { webhookAllowed } from "./channels/webhook.js";
import { LocalTime } from "./local-time.js";
import { ChannelRate } from "./rate.js";
import { checkTemplate, render, variablesIn } from "./templates.js";

describe("notify: local time, quiet hours, channel rate, templates", () => {
  const beijing = new LocalTime("Asia/Shanghai");

  it("quiet hours across midnight hold until their end, in local time", () => {
    const quiet = { start: 22 * 60, end: 7 * 60 };
    expect(beijing.quietUntil(new Date("2026-03-02T21:59:00+08:00"), quiet)).toBeNull();
    expect(beijing.quietUntil(new Date("2026-03-02T22:00:00+08:00"), quiet)?.toISOString()).toBe(
      new Date("2026-03-03T07:00:00+08:00").toISOString(),
    );
    expect(beijing.quietUntil(new Date("2026-03-03T03:30:20+08:00"), quiet)?.toISOString()).toBe(
      new Date("2026-03-03T07:00:00+08:00").toISOString(),
    );
    expect(beijing.quietUntil(new Date("2026-03-03T07:00:00+08:00"), quiet)).toBeNull();
    // a window within one day, and none at all
    expect(beijing.quietUntil(new Date("2026-03-03T12:30:00+08:00"), { start: 720, end: 780 })?.toISOString()).toBe(
      new Date("2026-03-03T13:00:00+08:00").toISOString(),
    );
    expect(beijing.quietUntil(new Date("2026-03-03T12:30:00+08:00"), null)).toBeNull();
    expect(beijing.quietUntil(new Date("2026-03-03T12:30:00+08:00"), { start: 600, end: 600 })).toBeNull();
  });

  it("the local day starts at local midnight (the SMS cap's day)", () => {
    expect(beijing.startOfDay(new Date("2026-03-03T01:00:00+08:00")).toISOString()).toBe("2026-03-02T16:00:00.000Z");
    expect(beijing.minuteOfDay(new Date("2026-03-02T16:05:00Z"))).toBe(5);
  });

  it("a channel takes at most N sends per second", () => {
    const rate = new ChannelRate(2);
    const t0 = new Date("2026-03-02T00:00:00.100Z");
    expect([rate.take("sms", t0), rate.take("sms", t0), rate.take("sms", t0), rate.take("email", t0)]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect(rate.take("sms", new Date(t0.getTime() + 900))).toBe(true);
  });

  it("templates: variables found, rendered, unknown ones refused", () => {
    expect(variablesIn("{{ title }} {{body}}", "{{caseNumber}} {{title}}")).toEqual(["title", "body", "caseNumber"]);
    expect(render("办件 {{caseNumber}}：{{missing}}", { caseNumber: "A-1" })).toBe("办件 A-1：");
    expect(() =>
      checkTemplate({ eventType: "case.decided", language: "zh-CN", title: "{{title}}", body: "{{outcome}}" }),
    ).not.toThrow();
    expect(() =>
      checkTemplate({ eventType: "case.accepted", language: "zh-CN", title: "{{title}}", body: "{{outcome}}" }),
    ).toThrow(expect.objectContaining({ code: "NOTIFY_TEMPLATE_UNKNOWN_VARIABLE" }));
  });

  it("webhook URLs: https on an allowed host only", () => {
    const hosts = ["oapi.dingtalk.com"];
    expect(webhookAllowed("https://oapi.dingtalk.com/robot/send?access_token=x", hosts)?.hostname).toBe(
      "oapi.dingtalk.com",
    );
    for (const bad of [
      "http://oapi.dingtalk.com/robot/send",
      "https://oapi.dingtalk.com:8443/robot/send",
      "https://OAPI.dingtalk.com.attacker.test/",
      "not a url",
    ])
      expect(webhookAllowed(bad, hosts), bad).toBeNull();
  });
});
