import type { Agent, MyEnterprise } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test-support/app.js";
import {
  followSession,
  type Headers,
  loginAs,
  registerCitizen,
  type TestCitizen,
} from "../../../test-support/identity.js";
import { auditEntries, loadRegistries, person } from "../testing.js";

const XIANWEI = "91990100MA0001018E"; // 示例市鲜味餐饮有限公司, representative 李娜
const CHENGUANG = "91990103MA000303XB"; // 示例市晨光科技有限公司, representative 陈静
const HONGTU = "91990102MA0002029N"; // 示例市宏图建设工程有限公司, representative 赵磊
const REVOKED = "91990101MA0004040W"; // 示例市旧城贸易有限公司, revoked
const NOBODY = "91350100M000100Y43"; // valid check digit, not in the registry
const MISSING = "00000000-0000-4000-8000-000000000000";
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

describe("identity: enterprises and agents", () => {
  let t: TestApp;
  let rep: TestCitizen; // 李娜
  let otherRep: TestCitizen; // 陈静
  let agent: TestCitizen; // 张伟, L2
  let second: TestCitizen; // 王芳, L2
  let l1: TestCitizen; // unverified
  let xianwei: MyEnterprise;
  let chenguang: MyEnterprise;

  beforeAll(async () => {
    t = await createTestApp();
    await loadRegistries(t);
    rep = await registerCitizen(t, { realname: person("李娜") });
    otherRep = await registerCitizen(t, { realname: person("陈静") });
    agent = await registerCitizen(t, { realname: person("张伟") });
    second = await registerCitizen(t, { realname: person("王芳") });
    l1 = await registerCitizen(t);
  });
  afterAll(() => t.close());

  // The headers follow the session like a browser's cookies: switching identity issues a new token.
  const call = async (method: "GET" | "POST" | "PUT" | "DELETE", url: string, headers: Headers, payload?: unknown) =>
    followSession(headers, await t.app.inject({ method, url, headers, payload: payload as object }));
  const enterprisesOf = async (c: TestCitizen) =>
    (await call("GET", "/api/identity/me/enterprises", c.headers)).json().items as MyEnterprise[];
  const agentCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom("enterprise_agents")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  describe("binding as legal representative", () => {
    it("binds the enterprise whose registered representative the citizen is", async () => {
      const res = await call("POST", "/api/identity/me/enterprises", rep.headers, { uscc: XIANWEI.toLowerCase() });
      expect(res.statusCode).toBe(201);
      xianwei = res.json();
      expect(xianwei).toMatchObject({
        uscc: XIANWEI,
        name: "示例市鲜味餐饮有限公司",
        as: "representative",
        scopes: ["*"],
        expiresAt: null,
      });
      expect(await enterprisesOf(rep)).toEqual([xianwei]);
      const bound = await auditEntries(t, { type: "identity.enterprise.bound" });
      expect(bound[0]).toMatchObject({ actor: `citizen:${rep.id}`, actingFor: `enterprise:${XIANWEI}` });
      chenguang = (await call("POST", "/api/identity/me/enterprises", otherRep.headers, { uscc: CHENGUANG })).json();
    });

    it("refuses: someone else's enterprise, a second binding, revoked, unknown, bad code, level 1, anonymous", async () => {
      const cases: [Headers, unknown, number, string][] = [
        [agent.headers, { uscc: HONGTU }, 403, "NOT_LEGAL_REPRESENTATIVE"],
        [rep.headers, { uscc: XIANWEI }, 409, "ENTERPRISE_ALREADY_BOUND"],
        [agent.headers, { uscc: REVOKED }, 409, "ENTERPRISE_NOT_ACTIVE"],
        [agent.headers, { uscc: NOBODY }, 404, "ENTERPRISE_NOT_REGISTERED"],
        [agent.headers, { uscc: "91990100MA0001018X" }, 400, "VALIDATION_FAILED"],
        [l1.headers, { uscc: HONGTU }, 403, "REALNAME_LEVEL_REQUIRED"],
        [{}, { uscc: HONGTU }, 401, "AUTH_REQUIRED"],
      ];
      for (const [headers, body, status, code] of cases) {
        const res = await call("POST", "/api/identity/me/enterprises", headers, body);
        expect([res.statusCode, res.json().code]).toEqual([status, code]);
      }
      const count = await t.database.db
        .selectFrom("enterprises")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(2); // nothing written by the refusals
      const [refused] = await auditEntries(t, { type: "identity.enterprise.bind_refused" });
      expect(refused).toMatchObject({ actor: `citizen:${agent.id}`, subject: `enterprise:${HONGTU}` });
    });

    it("staff cannot bind or list enterprises", async () => {
      const staff = await loginAs(t, "platform_admin");
      expect((await call("POST", "/api/identity/me/enterprises", staff, { uscc: HONGTU })).statusCode).toBe(403);
      expect((await call("GET", "/api/identity/me/enterprises", staff)).statusCode).toBe(403);
      expect((await call("GET", "/api/identity/me/enterprises", {})).statusCode).toBe(401);
    });
  });

  describe("agents", () => {
    let authorisation: Agent;

    it("the representative authorises an agent by mobile number; the agent sees the enterprise", async () => {
      const res = await call("POST", `/api/identity/enterprises/${xianwei.id}/agents`, rep.headers, {
        phone: agent.phone,
        scopes: ["case.view", "case.apply", "case.apply"],
        expiresAt: inDays(30),
      });
      expect(res.statusCode).toBe(201);
      authorisation = res.json();
      expect(authorisation).toMatchObject({
        accountId: agent.id,
        nameMasked: "*伟",
        phoneMasked: `${agent.phone.slice(0, 3)}****${agent.phone.slice(-4)}`,
        scopes: ["case.apply", "case.view"],
        status: "active",
        revokedAt: null,
      });
      expect(res.body).not.toContain(agent.phone);
      const list = await call("GET", `/api/identity/enterprises/${xianwei.id}/agents`, rep.headers);
      expect(list.json().items).toEqual([authorisation]);
      expect(await enterprisesOf(agent)).toEqual([
        expect.objectContaining({ id: xianwei.id, as: "agent", scopes: ["case.apply", "case.view"] }),
      ]);
      const [entry] = await auditEntries(t, { type: "identity.agent.authorised" });
      expect(entry).toMatchObject({
        actor: `citizen:${rep.id}`,
        actingFor: `enterprise:${XIANWEI}`,
        subject: `account:${agent.id}`,
      });
    });

    it("refuses bad authorisations and writes nothing", async () => {
      const before = await agentCount();
      const url = `/api/identity/enterprises/${xianwei.id}/agents`;
      const good = { phone: second.phone, scopes: ["case.view"], expiresAt: inDays(10) };
      const cases: [Headers, string, unknown, number, string][] = [
        [rep.headers, url, { ...good, phone: agent.phone }, 409, "AGENT_ALREADY_AUTHORISED"],
        [rep.headers, url, { ...good, phone: rep.phone }, 400, "AGENT_IS_REPRESENTATIVE"],
        [rep.headers, url, { ...good, phone: l1.phone }, 409, "AGENT_NOT_VERIFIED"],
        [rep.headers, url, { ...good, phone: "13700000001" }, 404, "AGENT_ACCOUNT_NOT_FOUND"],
        [rep.headers, url, { ...good, expiresAt: inDays(-1) }, 400, "AGENT_EXPIRY_INVALID"],
        [rep.headers, url, { ...good, expiresAt: inDays(400) }, 400, "AGENT_EXPIRY_INVALID"],
        [rep.headers, url, { ...good, scopes: [] }, 400, "VALIDATION_FAILED"],
        [rep.headers, url, { ...good, scopes: ["seal.use"] }, 400, "VALIDATION_FAILED"],
        [rep.headers, url, { ...good, phone: "12345" }, 400, "VALIDATION_FAILED"],
        // ownership: another enterprise's representative, an agent, anyone else
        [otherRep.headers, url, good, 403, "NOT_LEGAL_REPRESENTATIVE"],
        [agent.headers, url, good, 403, "NOT_LEGAL_REPRESENTATIVE"],
        [rep.headers, `/api/identity/enterprises/${MISSING}/agents`, good, 404, "ENTERPRISE_NOT_FOUND"],
        [{}, url, good, 401, "AUTH_REQUIRED"],
      ];
      for (const [headers, u, body, status, code] of cases) {
        const res = await call("POST", u, headers, body);
        expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([status, code]);
      }
      expect(await agentCount()).toBe(before);
    });

    it("only the representative lists the agents", async () => {
      const url = `/api/identity/enterprises/${xianwei.id}/agents`;
      expect((await call("GET", url, otherRep.headers)).json().code).toBe("NOT_LEGAL_REPRESENTATIVE");
      expect((await call("GET", url, agent.headers)).statusCode).toBe(403);
      expect((await call("GET", url, await loginAs(t, "platform_admin"))).statusCode).toBe(403);
      expect((await call("GET", url, {})).statusCode).toBe(401);
      expect((await call("GET", "/api/identity/enterprises/not-a-uuid/agents", rep.headers)).statusCode).toBe(400);
    });

    it("the agent switches to the enterprise explicitly; the switch is audited with actingFor", async () => {
      const res = await call("PUT", "/api/identity/me/acting-for", agent.headers, { enterpriseId: xianwei.id });
      expect(res.statusCode).toBe(200);
      expect(res.json().actingFor).toEqual({
        enterpriseId: xianwei.id,
        uscc: XIANWEI,
        name: "示例市鲜味餐饮有限公司",
        as: "agent",
        scopes: ["case.apply", "case.view"],
      });
      const me = await call("GET", "/api/identity/me", agent.headers);
      expect(me.json().actingFor.uscc).toBe(XIANWEI);
      const [entry] = await auditEntries(t, { actor: `citizen:${agent.id}`, type: "identity.acting_for.started" });
      expect(entry.actingFor).toBe(`enterprise:${XIANWEI}`);
    });

    it("switching to an enterprise without authorisation is 403 and changes nothing", async () => {
      const cases: [Headers, unknown, number, string][] = [
        [agent.headers, { enterpriseId: chenguang.id }, 403, "NOT_AUTHORISED_FOR_ENTERPRISE"],
        [second.headers, { enterpriseId: xianwei.id }, 403, "NOT_AUTHORISED_FOR_ENTERPRISE"],
        [agent.headers, { enterpriseId: MISSING }, 403, "NOT_AUTHORISED_FOR_ENTERPRISE"],
        [agent.headers, { enterpriseId: "x" }, 400, "VALIDATION_FAILED"],
        [agent.headers, {}, 400, "VALIDATION_FAILED"],
        [{}, { enterpriseId: null }, 401, "AUTH_REQUIRED"],
        [await loginAs(t, "window_clerk"), { enterpriseId: xianwei.id }, 403, "FORBIDDEN"],
      ];
      for (const [headers, body, status, code] of cases) {
        const res = await call("PUT", "/api/identity/me/acting-for", headers, body);
        expect([res.statusCode, res.json().code]).toEqual([status, code]);
      }
      expect((await call("GET", "/api/identity/me", agent.headers)).json().actingFor.uscc).toBe(XIANWEI);
      expect((await call("GET", "/api/identity/me", second.headers)).json().actingFor).toBeNull();
    });

    it("the representative switches too, holding every scope, and back to themself", async () => {
      const personal = { ...rep.headers };
      const on = await call("PUT", "/api/identity/me/acting-for", rep.headers, { enterpriseId: xianwei.id });
      expect(on.json().actingFor).toMatchObject({ as: "representative", scopes: ["*"] });
      // A change of identity is a change of privileges: a new session token, and the old one is dead.
      expect(rep.headers.cookie).not.toBe(personal.cookie);
      const stale = await t.app.inject({ method: "GET", url: "/api/identity/me", headers: personal });
      expect(stale.statusCode).toBe(401);
      const off = await call("PUT", "/api/identity/me/acting-for", rep.headers, { enterpriseId: null });
      expect([off.statusCode, off.json().actingFor]).toEqual([200, null]);
      const [ended] = await auditEntries(t, { actor: `citizen:${rep.id}`, type: "identity.acting_for.ended" });
      expect(ended.actingFor).toBe(`enterprise:${XIANWEI}`);
    });

    it("revocation takes effect on the agent's very next request", async () => {
      const url = `/api/identity/enterprises/${xianwei.id}/agents/${authorisation.id}`;
      expect((await call("DELETE", url, otherRep.headers)).statusCode).toBe(403);
      expect((await call("DELETE", url, agent.headers)).statusCode).toBe(403);
      expect((await call("DELETE", url, {})).statusCode).toBe(401);
      expect((await call("GET", "/api/identity/me", agent.headers)).json().actingFor).not.toBeNull();

      expect((await call("DELETE", url, rep.headers)).statusCode).toBe(204);
      expect((await call("GET", "/api/identity/me", agent.headers)).json().actingFor).toBeNull();
      expect(await enterprisesOf(agent)).toEqual([]);
      const again = await call("PUT", "/api/identity/me/acting-for", agent.headers, { enterpriseId: xianwei.id });
      expect(again.json().code).toBe("NOT_AUTHORISED_FOR_ENTERPRISE");
      const twice = await call("DELETE", url, rep.headers);
      expect([twice.statusCode, twice.json().code]).toEqual([404, "AGENT_NOT_FOUND"]);
      const list = (await call("GET", `/api/identity/enterprises/${xianwei.id}/agents`, rep.headers)).json().items;
      expect(list[0]).toMatchObject({ id: authorisation.id, status: "revoked" });
      const [entry] = await auditEntries(t, { type: "identity.agent.revoked" });
      expect(entry).toMatchObject({ actor: `citizen:${rep.id}`, actingFor: `enterprise:${XIANWEI}` });
    });

    it("an expired authorisation stops acting and can be replaced by a new one", async () => {
      const res = await call("POST", `/api/identity/enterprises/${xianwei.id}/agents`, rep.headers, {
        phone: second.phone,
        scopes: ["license.use"],
        expiresAt: inDays(1),
      });
      expect(res.statusCode).toBe(201);
      await call("PUT", "/api/identity/me/acting-for", second.headers, { enterpriseId: xianwei.id });
      expect((await call("GET", "/api/identity/me", second.headers)).json().actingFor.as).toBe("agent");
      await t.database.db
        .updateTable("enterprise_agents")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("id", "=", res.json().id)
        .execute();
      expect((await call("GET", "/api/identity/me", second.headers)).json().actingFor).toBeNull();
      const renewed = await call("POST", `/api/identity/enterprises/${xianwei.id}/agents`, rep.headers, {
        phone: second.phone,
        scopes: ["case.view"],
        expiresAt: inDays(5),
      });
      expect(renewed.statusCode).toBe(201);
      const list = (await call("GET", `/api/identity/enterprises/${xianwei.id}/agents`, rep.headers)).json().items;
      const statuses = list.filter((a: Agent) => a.accountId === second.id).map((a: Agent) => a.status);
      expect(statuses.sort()).toEqual(["active", "expired"]);
    });
  });
});
