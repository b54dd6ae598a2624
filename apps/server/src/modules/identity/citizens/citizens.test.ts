import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedLogger, createTestApp, type TestApp } from "../../../test-support/app.js";
import {
  createStaff,
  type Headers,
  loginAs,
  registerCitizen,
  type TestCitizen,
  type TestStaff,
} from "../../../test-support/identity.js";
import { auditEntries, loadRegistries, person } from "../testing.js";

const MISSING = "00000000-0000-4000-8000-000000000000";
const ZHANG = person("张伟"); // 99010219850312101X

describe("identity: citizens as staff see them", () => {
  let t: TestApp;
  const lines: string[] = [];
  let verified: TestCitizen; // 张伟, level 2
  let unverified: TestCitizen;
  let clerk: TestStaff; // window_clerk of amr
  let approver: Headers; // approver of land
  let deptAdmin: Headers;
  let platformAdmin: Headers;
  let auditor: Headers;

  beforeAll(async () => {
    t = await createTestApp({ logger: capturedLogger(lines) });
    await loadRegistries(t);
    verified = await registerCitizen(t, { realname: ZHANG });
    unverified = await registerCitizen(t);
    clerk = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
    approver = await loginAs(t, "approver", "land");
    deptAdmin = await loginAs(t, "dept_admin", "amr");
    platformAdmin = await loginAs(t, "platform_admin");
    auditor = await loginAs(t, "auditor");
  });
  afterAll(() => t.close());

  const call = (method: "GET" | "POST", url: string, headers: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, payload: payload as object });
  const logRows = async () => t.database.db.selectFrom("pii_access_log").selectAll().orderBy("id").execute();

  describe("look-up", () => {
    it("finds a citizen by mobile number or ID number, masked", async () => {
      const byPhone = await call("GET", `/api/identity/citizens?phone=${verified.phone}`, clerk.headers);
      expect(byPhone.statusCode).toBe(200);
      expect(byPhone.json()).toEqual({
        id: verified.id,
        displayName: expect.any(String),
        realNameMasked: "*伟",
        phoneMasked: `${verified.phone.slice(0, 3)}****${verified.phone.slice(-4)}`,
        idNumberMasked: "9901**********101X",
        realnameLevel: 2,
        realnameMethod: "registry",
        status: "active",
      });
      expect(byPhone.body).not.toContain(verified.phone);
      expect(byPhone.body).not.toContain(ZHANG.idNumber);
      const byId = await call("GET", `/api/identity/citizens?idNumber=${ZHANG.idNumber.toLowerCase()}`, approver);
      expect(byId.json().id).toBe(verified.id);
      const l1 = await call("GET", `/api/identity/citizens?phone=${unverified.phone}`, clerk.headers);
      expect(l1.json()).toMatchObject({ realnameLevel: 1, idNumberMasked: null, realNameMasked: null });
    });

    it("the request's log line carries neither number", async () => {
      const phoneLines = lines.filter((l) => l.includes("/api/identity/citizens?phone="));
      const idLines = lines.filter((l) => l.includes("/api/identity/citizens?idNumber="));
      expect(phoneLines.length).toBeGreaterThan(0);
      expect(idLines.length).toBeGreaterThan(0);
      const all = lines.join("\n");
      expect(all).not.toContain(verified.phone);
      expect(all).not.toContain(ZHANG.idNumber);
      expect(all).not.toContain(ZHANG.idNumber.toLowerCase());
      expect(all).toContain("990102********101");
    });

    it("refuses: nobody found, bad queries, other roles, anonymous", async () => {
      const none = await call("GET", "/api/identity/citizens?phone=13700000002", clerk.headers);
      expect([none.statusCode, none.json().code]).toEqual([404, "ACCOUNT_NOT_FOUND"]);
      const cases: [Headers, string, number, string][] = [
        [clerk.headers, "", 400, "VALIDATION_FAILED"],
        [clerk.headers, `?phone=${verified.phone}&idNumber=${ZHANG.idNumber}`, 400, "VALIDATION_FAILED"],
        [clerk.headers, "?idNumber=990102198503121011", 400, "VALIDATION_FAILED"],
        [deptAdmin, `?phone=${verified.phone}`, 403, "FORBIDDEN"],
        [platformAdmin, `?phone=${verified.phone}`, 403, "FORBIDDEN"],
        [auditor, `?phone=${verified.phone}`, 403, "FORBIDDEN"],
        [verified.headers, `?phone=${verified.phone}`, 403, "FORBIDDEN"],
        [{}, `?phone=${verified.phone}`, 401, "AUTH_REQUIRED"],
      ];
      for (const [headers, query, status, code] of cases) {
        const res = await call("GET", `/api/identity/citizens${query}`, headers);
        expect([res.statusCode, res.json().code], query).toEqual([status, code]);
      }
    });
  });

  describe("personal data in clear", () => {
    it("returns the full values and records who, when, whose, which and why", async () => {
      const res = await call("POST", `/api/identity/citizens/${verified.id}/personal-data`, clerk.headers, {
        reason: "窗口办理营业执照，核对申请人身份",
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ realName: "张伟", phone: verified.phone, idNumber: ZHANG.idNumber });
      const rows = await logRows();
      expect(rows.map((r) => r.field).sort()).toEqual(["id_number", "phone", "real_name"]);
      for (const r of rows) {
        expect(r).toMatchObject({
          actor: `staff:${clerk.id}`,
          account_id: verified.id,
          subject: `account:${verified.id}`,
          reason: "窗口办理营业执照，核对申请人身份",
          request_id: res.headers["x-request-id"],
        });
      }
      const [entry] = await auditEntries(t, { type: "identity.pii.unmasked", subject: `account:${verified.id}` });
      expect(entry.actor).toBe(`staff:${clerk.id}`);
    });

    it("refuses without a reason, for other roles, for unknown or staff accounts; records nothing", async () => {
      const before = (await logRows()).length;
      const url = `/api/identity/citizens/${verified.id}/personal-data`;
      const good = { reason: "核对身份信息" };
      const cases: [Headers, string, unknown, number, string][] = [
        [clerk.headers, url, { reason: "看" }, 400, "VALIDATION_FAILED"],
        [clerk.headers, url, {}, 400, "VALIDATION_FAILED"],
        [clerk.headers, `/api/identity/citizens/${MISSING}/personal-data`, good, 404, "ACCOUNT_NOT_FOUND"],
        [clerk.headers, `/api/identity/citizens/${clerk.id}/personal-data`, good, 404, "ACCOUNT_NOT_FOUND"],
        [deptAdmin, url, good, 403, "FORBIDDEN"],
        [platformAdmin, url, good, 403, "FORBIDDEN"],
        [auditor, url, good, 403, "FORBIDDEN"],
        [verified.headers, url, good, 403, "FORBIDDEN"],
        [{}, url, good, 401, "AUTH_REQUIRED"],
      ];
      for (const [headers, u, body, status, code] of cases) {
        const res = await call("POST", u, headers, body);
        expect([res.statusCode, res.json().code]).toEqual([status, code]);
      }
      expect((await logRows()).length).toBe(before);
    });
  });

  describe("real-name level 3", () => {
    it("a window clerk records an in-person check of a level-2 citizen", async () => {
      const res = await call("POST", `/api/identity/citizens/${verified.id}/realname-l3`, clerk.headers, {
        method: "in_person",
        note: "持身份证原件现场核验",
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: verified.id, realnameLevel: 3, realnameMethod: "in_person" });
      const row = await t.database.db
        .selectFrom("accounts")
        .select(["realname_verified_by", "realname_verified_at"])
        .where("id", "=", verified.id)
        .executeTakeFirstOrThrow();
      expect(row.realname_verified_by).toBe(clerk.id);
      const [entry] = await auditEntries(t, {
        type: "identity.realname.verified",
        actor: `staff:${clerk.id}`,
      });
      expect(entry.subject).toBe(`account:${verified.id}`);
      expect((await call("GET", "/api/identity/me", verified.headers)).json().realnameLevel).toBe(3);
    });

    it("refuses level 1, level 3 again, other roles, bad input; changes nothing", async () => {
      const url = (id: string) => `/api/identity/citizens/${id}/realname-l3`;
      const good = { method: "strong_factor", note: "人脸识别比对通过" };
      const cases: [Headers, string, unknown, number, string][] = [
        [clerk.headers, url(unverified.id), good, 409, "REALNAME_LEVEL_TOO_LOW"],
        [clerk.headers, url(verified.id), good, 409, "REALNAME_ALREADY_VERIFIED"],
        [clerk.headers, url(unverified.id), { ...good, method: "phone_call" }, 400, "VALIDATION_FAILED"],
        [clerk.headers, url(unverified.id), { method: "in_person" }, 400, "VALIDATION_FAILED"],
        [clerk.headers, url(MISSING), good, 404, "ACCOUNT_NOT_FOUND"],
        [approver, url(unverified.id), good, 403, "FORBIDDEN"],
        [deptAdmin, url(unverified.id), good, 403, "FORBIDDEN"],
        [platformAdmin, url(unverified.id), good, 403, "FORBIDDEN"],
        [auditor, url(unverified.id), good, 403, "FORBIDDEN"],
        [unverified.headers, url(unverified.id), good, 403, "FORBIDDEN"],
        [{}, url(unverified.id), good, 401, "AUTH_REQUIRED"],
      ];
      for (const [headers, u, body, status, code] of cases) {
        const res = await call("POST", u, headers, body);
        expect([res.statusCode, res.json().code]).toEqual([status, code]);
      }
      const row = await t.database.db
        .selectFrom("accounts")
        .select(["realname_level", "realname_method"])
        .where("id", "=", verified.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ realname_level: 3, realname_method: "in_person" });
      const l1 = await call("GET", `/api/identity/citizens?phone=${unverified.phone}`, clerk.headers);
      expect(l1.json().realnameLevel).toBe(1);
    });
  });

  describe("the log of unmasked reads", () => {
    it("the auditor reads it, filtered by subject", async () => {
      const res = await call("GET", `/api/identity/pii-access-log?subject=account:${verified.id}&limit=2`, auditor);
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toHaveLength(2);
      expect(res.json().items[0]).toMatchObject({
        actor: `staff:${clerk.id}`,
        subject: `account:${verified.id}`,
        reason: "窗口办理营业执照，核对申请人身份",
      });
      const other = await call("GET", `/api/identity/pii-access-log?subject=account:${unverified.id}`, auditor);
      expect(other.json().items).toEqual([]);
    });

    it("nobody else reads it", async () => {
      for (const headers of [platformAdmin, deptAdmin, clerk.headers, approver, verified.headers]) {
        const res = await call("GET", "/api/identity/pii-access-log", headers);
        expect([res.statusCode, res.json().code]).toEqual([403, "FORBIDDEN"]);
      }
      expect((await call("GET", "/api/identity/pii-access-log", {})).statusCode).toBe(401);
      expect((await call("GET", "/api/identity/pii-access-log?limit=0", auditor)).statusCode).toBe(400);
    });
  });
});
