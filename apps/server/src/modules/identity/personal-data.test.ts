import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import demo from "../../seed/data/demo-accounts.json" with { type: "json" };
import population from "../../seed/data/population.json" with { type: "json" };
import { seedDemo, seedDemoPolicies } from "../../seed/index.js";
import { capturedLogger, createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, lastSmsCode, loginAs, registerCitizen, testPhone } from "../../test-support/identity.js";
import { act, enterpriseApplicant, staffOf } from "../cases/testing.js";
import { request as hotlineRequest } from "../hotline/testing.js";

/**
 * Acceptance 6: no ID number or phone number in plain text in the database tables, the logs, or the
 * default API responses. The test drives every path that handles them — registration, SMS, logins, real-
 * name checks, staff look-ups by phone and ID number in the URL, an explicit (logged) unmasked read, a 12345
 * call taken with the caller's phone, a 快申快享 application with its bank account paid out — and then scans
 * every row of every table (as text, and bytea as the hex of the plaintext's bytes) and every log line for
 * any of the numbers.
 */
describe("personal data never stored, logged or answered in clear", () => {
  let t: TestApp;
  const lines: string[] = [];
  const phone = testPhone();
  const callerPhone = testPhone();
  const bankAccount = "6222020200118877665";
  const person = population.people.find((p) => p.name === "陈静") as { name: string; idNumber: string };
  let citizen: { id: string; headers: Headers };
  let clerk: Headers;
  const defaultResponses: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ logger: capturedLogger(lines, "debug") });
    await seedDemo(t.database.db);
    citizen = await registerCitizen(t, { phone, realname: person });
    clerk = await loginAs(t, "window_clerk");
    const inject = async (method: "GET" | "POST", url: string, headers: Headers, payload?: object) => {
      const res = await t.app.inject({ method, url, headers, payload });
      return res;
    };
    // Logins by phone, right and wrong; an SMS login.
    await inject("POST", "/api/identity/login/password", {}, { phone, password: "Wrong-Passw0rd" });
    await inject("POST", "/api/identity/login/password", {}, { phone, password: "Test-Passw0rd!" });
    await inject("POST", "/api/identity/sms/send", {}, { phone, purpose: "login" });
    await inject("POST", "/api/identity/login/sms", {}, { phone, code: await lastSmsCode(t, phone) });
    // Default responses: what the person and a clerk see without asking for more.
    for (const url of ["/api/identity/me", "/api/identity/me/sessions", "/api/identity/me/enterprises"]) {
      defaultResponses.push((await inject("GET", url, citizen.headers)).body);
    }
    for (const url of [`/api/identity/citizens?phone=${phone}`, `/api/identity/citizens?idNumber=${person.idNumber}`]) {
      const res = await inject("GET", url, clerk);
      expect(res.statusCode, url).toBe(200);
      defaultResponses.push(res.body);
    }
    // The one explicit unmasked read — recorded, and the only response allowed to carry the numbers.
    const reveal = await inject("POST", `/api/identity/citizens/${citizen.id}/personal-data`, clerk, {
      reason: "窗口核验身份（测试）",
    });
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json()).toMatchObject({ phone, idNumber: person.idNumber });

    // 12345: the operator takes a call (the operator's own read of the caller is the recorded one); the
    // department that handles it and the desk list see the caller masked.
    const operator = await loginAs(t, "hotline_operator");
    const call = await inject("POST", "/api/hotline/desk/requests", operator, {
      ...hotlineRequest(),
      caller: { name: person.name, phone: callerPhone },
    });
    expect(call.statusCode, call.body).toBe(201);
    const housing = await staffOf(t, "window_clerk", "housing");
    for (const [url, who] of [
      [`/api/hotline/requests/${call.json().id}`, housing],
      ["/api/hotline/desk/requests", housing],
      ["/api/hotline/desk/requests", operator],
    ] as const) {
      const res = await inject("GET", url, who);
      expect(res.statusCode, url).toBe(200);
      defaultResponses.push(res.body);
    }
    // 快申快享: the enterprise applies with its bank account; the department pays it out.
    await seedDemoPolicies(t.database.db, t.app.platform.jobs);
    const firm = await enterpriseApplicant(t);
    const benefit = await t.database.db
      .selectFrom("policies_benefits")
      .select(["id", "department_id"])
      .where("title", "=", "小微企业稳岗补贴")
      .executeTakeFirstOrThrow();
    const applied = await inject("POST", `/api/policies/my/benefits/${benefit.id}/apply`, firm, {
      bankAccount,
      confirmed: true,
    });
    expect(applied.statusCode, applied.body).toBe(201);
    defaultResponses.push(applied.body, (await inject("GET", "/api/policies/my/entitlements", firm)).body);
    const dept = await t.database.db
      .selectFrom("departments")
      .select("key")
      .where("id", "=", benefit.department_id)
      .executeTakeFirstOrThrow();
    const head = await staffOf(t, "dept_admin", dept.key);
    const listed = await inject("GET", `/api/policies/benefits/${benefit.id}/entitlements`, head);
    expect(listed.statusCode, listed.body).toBe(200);
    defaultResponses.push(listed.body);
    // The application is a case (办件): the department's approver decides it there, which pays it out.
    const approver = await staffOf(t, "approver", dept.key);
    const filed = await inject("GET", `/api/cases/${applied.json().caseId}`, approver);
    expect(filed.statusCode, filed.body).toBe(200);
    defaultResponses.push(filed.body);
    const decided = await act(t, approver, filed.json(), "approve");
    expect(decided.statusCode, decided.body).toBe(200);
    while ((await t.app.platform.jobs.runDue(50)) > 0);
    const mine = await inject("GET", "/api/policies/my/entitlements", firm);
    const paid = mine.json().items.find((e: { id: string }) => e.id === applied.json().id);
    expect(paid?.status, mine.body).toBe("paid");
    await t.app.auditLog.flush();
  });
  afterAll(() => t.close());

  /** Every phone and ID number the platform knows in this test. */
  const secrets = () => [
    phone,
    callerPhone,
    bankAccount,
    person.idNumber,
    ...population.people.map((p) => p.idNumber),
    ...demo.citizens.map((c) => c.phone),
  ];
  /** The number on its own, not inside a longer digit run (a timestamp or a float may contain one). */
  const contains = (text: string, secret: string) => new RegExp(`(?<![0-9])${secret}(?![0-9])`).test(text);

  it("no table holds a phone or ID number in clear (text, JSON or bytes)", async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(t.database.db);
    expect(tables.rows.length).toBeGreaterThan(10);
    const hits: string[] = [];
    let rowsScanned = 0;
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ r: string }>`select row_to_json(x)::text as r from ${sql.table(table_name)} x`.execute(
        t.database.db,
      );
      for (const { r } of rows.rows) {
        rowsScanned++;
        for (const s of secrets()) {
          if (contains(r, s) || r.includes(Buffer.from(s).toString("hex"))) hits.push(`${table_name}: ${s}`);
        }
      }
    }
    expect(rowsScanned).toBeGreaterThan(100);
    expect(hits).toEqual([]);
  });

  it("the unmasked read was recorded with who, whose, which fields and why", async () => {
    const log = await t.database.db
      .selectFrom("pii_access_log")
      .selectAll()
      .where("account_id", "=", citizen.id)
      .execute();
    expect(log.map((l) => l.field).sort()).toEqual(expect.arrayContaining(["id_number", "phone"]));
    expect(log.every((l) => l.actor.startsWith("staff:") && l.reason === "窗口核验身份（测试）")).toBe(true);
  });

  it("no log line carries a phone or ID number (URLs scrubbed, bodies never logged)", () => {
    expect(lines.length).toBeGreaterThan(10); // one line per request (platform/http/request-log.ts), and more
    const leaked = lines.filter((l) => secrets().some((s) => contains(l, s)));
    expect(leaked).toEqual([]);
    // The look-up URLs were logged, masked.
    expect(lines.some((l) => l.includes(`${phone.slice(0, 3)}****${phone.slice(-4)}`))).toBe(true);
  });

  it("default responses show masked values only", () => {
    expect(defaultResponses.join("\n")).toContain("9901**********1286");
    for (const body of defaultResponses) {
      for (const s of secrets()) expect(contains(body, s), `${s} in ${body}`).toBe(false);
    }
  });
});
