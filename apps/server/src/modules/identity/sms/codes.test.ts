import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test-support/app.js";
import { testPhone } from "../../../test-support/identity.js";
import { SmsCodes } from "./codes.js";
import type { SmsSender } from "./sender.js";

/**
 * Issue 14, defect 7: parallel wrong guesses against one code. Reading the attempt count and writing it
 * back in two statements let every guess of a burst through (16 tries against a limit of 5); each try now
 * takes an attempt in one conditional update before it is compared.
 */
describe("SMS codes under parallel guessing", () => {
  let t: TestApp;
  let codes: SmsCodes;
  const sent = new Map<string, string>();
  const sender: SmsSender = {
    async send(phone, text) {
      sent.set(phone, /\d{6}/.exec(text)?.[0] ?? "");
    },
  };
  beforeAll(async () => {
    t = await createTestApp();
    codes = new SmsCodes(t.database.db, t.app.platform.pii, sender, "test-secret-of-at-least-32-characters!", {
      ttlSeconds: 300,
      resendSeconds: 60,
    });
  });
  afterAll(() => t.close());

  const attemptsOf = async () =>
    (await t.database.db.selectFrom("sms_codes").select("attempts").orderBy("created_at", "desc").executeTakeFirst())
      ?.attempts;

  it("16 parallel wrong guesses use exactly the 5 attempts, and the right code is dead after them", async () => {
    const phone = testPhone();
    await codes.issue(phone, "login");
    const good = sent.get(phone) as string;
    const wrong = good === "000000" ? "111111" : "000000";
    const results = await Promise.allSettled(Array.from({ length: 16 }, () => codes.consume(phone, "login", wrong)));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(await attemptsOf()).toBe(5); // was 16: every guess had been compared
    await expect(codes.consume(phone, "login", good)).rejects.toMatchObject({ code: "SMS_CODE_INVALID" });
  });

  it("among parallel tries of one right code exactly one succeeds", async () => {
    const phone = testPhone();
    await codes.issue(phone, "login");
    const good = sent.get(phone) as string;
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => codes.consume(phone, "login", good)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});
