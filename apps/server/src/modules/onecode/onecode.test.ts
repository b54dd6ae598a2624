import "reflect-metadata";
import type { webcrypto } from "node:crypto";
import type { OnecodeClerkScan, OnecodeIssued, OnecodeKeyList, OnecodeVerifyResult } from "@yiwang/contracts";
import { KeySet, verifyCode } from "@yiwang/onecode-verifier";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { staffOf } from "../cases/testing.js";
import { decodePngDataUrl, holderWithLicenses } from "./testing.js";

/**
 * 一码通 over HTTP. The acceptance checks use only independent parts where they judge a code: jsQR (over
 * pngjs) decodes the PNG, and WebCrypto — called here directly, not through packages/onecode-verifier —
 * checks the key list's signature and the code's. The clock is a TestClock moved by the tests.
 */

const b64 = (s: string) => Uint8Array.from(Buffer.from(s, "base64url"));
const json = (s: string) => JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
const ES256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const SHA256 = { name: "ECDSA", hash: "SHA-256" } as const;

/** An independent verifier: the list checked with its pinned key, then the code with the listed key. */
async function independentVerify(code: string, keyList: OnecodeKeyList, nowSeconds: number): Promise<string> {
  const [lh, lp, ls] = keyList.list.split(".") as [string, string, string];
  const listKey = await crypto.subtle.importKey("jwk", keyList.listKey, ES256, false, ["verify"]);
  const listOk = await crypto.subtle.verify(SHA256, listKey, b64(ls), new TextEncoder().encode(`${lh}.${lp}`));
  if (!listOk) return "list-refused";
  const keys = json(lp).keys as (webcrypto.JsonWebKey & { kid: string })[];
  if (!code.startsWith("YW1:")) return "malformed";
  const [h, p, s] = code.slice(4).split(".") as [string, string, string];
  const header = json(h);
  const jwk = keys.find((k) => k.kid === header.kid);
  if (!jwk || header.alg !== "ES256") return "unknown_kid";
  const key = await crypto.subtle.importKey("jwk", jwk, ES256, false, ["verify"]);
  const ok = await crypto.subtle.verify(SHA256, key, b64(s), new TextEncoder().encode(`${h}.${p}`));
  if (!ok) return "bad_signature";
  return nowSeconds > json(p).exp ? "expired" : "valid";
}

/** Flips one bit of the code's text (a character's lowest bit), keeping it printable. */
function flipBit(code: string, at: number): string {
  return code.slice(0, at) + String.fromCharCode(code.charCodeAt(at) ^ 1) + code.slice(at + 1);
}

describe("一码通 (onecode)", () => {
  const clock = new TestClock("2026-03-02T02:00:00Z");
  let t: TestApp;
  let zhang: Headers;
  let idCard: string;
  let ssc: string;
  let psbClerk: Headers;
  let amrClerk: Headers;
  let securityAdmin: Headers;

  const get = (url: string, headers?: Headers) => t.app.inject({ method: "GET", url, headers });
  const post = (url: string, payload: unknown, headers?: Headers) =>
    t.app.inject({ method: "POST", url, payload: payload as Record<string, unknown>, headers });
  const issue = async () => {
    const res = await get("/api/onecode/code", zhang);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OnecodeIssued;
  };
  const keyList = async () => (await get("/api/onecode/keys")).json() as OnecodeKeyList;
  const verify = async (code: string) => {
    const res = await post("/api/onecode/verify", { code });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OnecodeVerifyResult;
  };
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ({ headers: zhang, idCard, ssc } = await holderWithLicenses(t));
    psbClerk = await staffOf(t, "window_clerk", "psb");
    amrClerk = await staffOf(t, "window_clerk", "amr");
    securityAdmin = await loginAs(t, "security_admin");
  });
  afterAll(async () => t?.close());

  it("(1) the PNG decodes (jsQR) to a code WebCrypto verifies; 1 s after expiry and a one-bit change are refused", async () => {
    const issued = await issue();
    expect(issued.lifetimeSeconds).toBe(60);
    const decoded = decodePngDataUrl(issued.png);
    expect(decoded).toBe(issued.code);
    const code = decoded as string;
    // No clear personal data: the claims name nobody.
    const claims = json(code.slice(4).split(".")[1] as string);
    expect(Object.keys(claims).sort()).toEqual(["exp", "iat", "n", "sub", "t", "v"]);
    expect(JSON.stringify(claims)).not.toContain(ZHANG_ID_FRAGMENT);
    expect(claims.exp - claims.iat).toBe(60);

    const list = await keyList();
    expect(await independentVerify(code, list, nowSeconds())).toBe("valid");
    expect(await verify(code)).toMatchObject({ result: "valid", kid: issued.kid, expiresAt: issued.expiresAt });

    // Valid through exp itself, refused one second after it — by the server and the independent check.
    clock.set((claims.exp as number) * 1000);
    expect((await verify(code)).result).toBe("valid");
    clock.set((claims.exp + 1) * 1000);
    expect((await verify(code)).result).toBe("expired");
    expect(await independentVerify(code, list, nowSeconds())).toBe("expired");

    // One flipped bit anywhere in the payload or the signature: refused by both.
    const fresh = (await issue()).code;
    const dot = fresh.indexOf(".");
    for (const at of [dot + 10, dot + 40, fresh.lastIndexOf(".") + 5, fresh.length - 3]) {
      const changed = flipBit(fresh, at);
      expect(changed).not.toBe(fresh);
      expect(await independentVerify(changed, list, nowSeconds())).not.toBe("valid");
      expect(["bad_signature", "malformed"]).toContain((await verify(changed)).result);
    }
    expect((await verify(fresh)).result).toBe("valid");
  });

  it("(2) 亮码办事: the window scans the code; after consent it sees the consented license only", async () => {
    const { code } = await issue();
    const scanned = await post("/api/onecode/scans", { code }, psbClerk);
    expect(scanned.statusCode, scanned.body).toBe(201);
    const scan = scanned.json() as OnecodeClerkScan;
    expect(scan).toMatchObject({ status: "pending", licenses: [] });

    // The holder sees who scanned and answers; only licenses they hold can be shown.
    const mine = (await get("/api/onecode/scans/mine", zhang)).json().items;
    expect(mine[0]).toMatchObject({ id: scan.id, status: "pending", department: { name: expect.any(String) } });
    const notHeld = await post(`/api/onecode/scans/${scan.id}/consent`, { licenseIds: [scan.id] }, zhang);
    expect([notHeld.statusCode, notHeld.json().code]).toEqual([400, "ONECODE_LICENSE_NOT_HELD"]);
    // Another department's window cannot read the scan.
    expect((await get(`/api/onecode/scans/${scan.id}`, amrClerk)).json().code).toBe("ONECODE_SCAN_NOT_FOUND");

    const consent = await post(`/api/onecode/scans/${scan.id}/consent`, { licenseIds: [idCard] }, zhang);
    expect(consent.statusCode, consent.body).toBe(200);
    expect(consent.json()).toMatchObject({ status: "consented", licenseCount: 1 });
    const again = await post(`/api/onecode/scans/${scan.id}/decline`, {}, zhang);
    expect([again.statusCode, again.json().code]).toEqual([409, "ONECODE_SCAN_DECIDED"]);

    const seen = (await get(`/api/onecode/scans/${scan.id}`, psbClerk)).json() as OnecodeClerkScan;
    expect(seen.status).toBe("consented");
    expect(seen.licenses.map((l) => l.id)).toEqual([idCard]);
    expect(seen.licenses.map((l) => l.id)).not.toContain(ssc);
    expect(seen.licenses[0]?.typeCode).toBe("ID");

    // The scan lasts ONECODE_SCAN_MINUTES (30), then the window no longer reads it.
    clock.advance(31 * 60_000);
    expect((await get(`/api/onecode/scans/${scan.id}`, psbClerk)).json().code).toBe("ONECODE_SCAN_EXPIRED");
  });

  it("(3) a key removed from the list: its codes are refused by a verifier holding the new list, and by the server", async () => {
    const before = await issue();
    const oldList = await keyList();
    const oldKeys = await KeySet.fromList(oldList.list, oldList.listKey, clock.now());
    expect((await verifyCode(before.code, oldKeys, clock.now())).result).toBe("valid");

    const removed = await post(`/api/onecode/keys/${before.kid}/remove`, { reason: "密钥泄露演练" }, securityAdmin);
    expect(removed.statusCode, removed.body).toBe(200);
    const newList = await keyList();
    expect(newList.listKey).toEqual(oldList.listKey); // the pinned list key is unchanged
    const newKeys = await KeySet.fromList(newList.list, newList.listKey, clock.now());
    expect(newKeys.kids).not.toContain(before.kid);
    expect((await verifyCode(before.code, newKeys, clock.now())).result).toBe("unknown_kid");
    expect(await independentVerify(before.code, newList, nowSeconds())).toBe("unknown_kid");
    expect((await verify(before.code)).result).toBe("unknown_kid");

    // New codes come from a new key, which the new list carries.
    const after = await issue();
    expect(after.kid).not.toBe(before.kid);
    expect((await verifyCode(after.code, newKeys, clock.now())).result).toBe("valid");
    // Removing it twice, or a key that does not exist, is refused with a code.
    const twice = await post(`/api/onecode/keys/${before.kid}/remove`, { reason: "again" }, securityAdmin);
    expect([twice.statusCode, twice.json().code]).toEqual([404, "ONECODE_KEY_NOT_FOUND"]);
    // A list signed by another key than the pinned one is refused.
    const forgedList = { ...newList, listKey: { ...newList.listKey, kid: "Lforged" } };
    await expect(KeySet.fromList(forgedList.list, forgedList.listKey, clock.now())).rejects.toThrow("wrong_list_key");
  });

  it("the rotation job makes a new signing key each period; the retired key stays listed while its codes live", async () => {
    const before = await issue();
    clock.advance(24 * 3600_000 + 1000);
    await t.app.platform.jobs.runDue();
    const list = json((await keyList()).list.split(".")[1] as string);
    const kids = (list.keys as { kid: string }[]).map((k) => k.kid);
    expect(kids).toContain(before.kid);
    zhang = (await holderSession()) ?? zhang;
    const after = await issue();
    expect(after.kid).not.toBe(before.kid);
    expect(kids).toContain(after.kid);
    // The job is armed again for the next period.
    expect(await t.app.platform.jobs.pending("onecode.rotate-keys")).toHaveLength(1);
  });

  it("(4) bad input answers clear result codes: garbage QR, oversize, unknown kid, replayed nonce", async () => {
    // A QR code that is not ours, decoded by jsQR like a real one.
    const garbagePng = `data:image/png;base64,${(await QRCode.toBuffer("hello, not a code")).toString("base64")}`;
    const garbage = decodePngDataUrl(garbagePng) as string;
    expect(garbage).toBe("hello, not a code");
    expect((await verify(garbage)).result).toBe("malformed");
    expect((await verify("YW1:a.b.c")).result).toBe("malformed");
    expect((await verify(`YW1:${"A".repeat(2000)}`)).result).toBe("oversize");
    const tooBig = await post("/api/onecode/verify", { code: "A".repeat(20_000) });
    expect(tooBig.statusCode).toBe(413);

    // A well-formed code under a kid nobody published.
    const { code } = await issue();
    const [h, p, s] = code.slice(4).split(".") as [string, string, string];
    const header = { ...json(h), kid: "C0000000000000000" };
    const unknown = `YW1:${Buffer.from(JSON.stringify(header)).toString("base64url")}.${p}.${s}`;
    expect((await verify(unknown)).result).toBe("unknown_kid");

    // The window: a code is scanned once; the same code again (a screenshot) is a replay.
    const first = await post("/api/onecode/scans", { code }, psbClerk);
    expect(first.statusCode, first.body).toBe(201);
    const replay = await post("/api/onecode/scans", { code }, psbClerk);
    expect([replay.statusCode, replay.json().code]).toEqual([409, "ONECODE_REPLAYED"]);
    // Refused codes at the window carry the verification result.
    const bad = await post("/api/onecode/scans", { code: garbage }, psbClerk);
    expect([bad.statusCode, bad.json().code, bad.json().details]).toEqual([
      400,
      "ONECODE_INVALID",
      { result: "malformed" },
    ]);
    clock.advance(61_000);
    const late = await post("/api/onecode/scans", { code: (await issueAt(-61)).code }, psbClerk);
    expect(late.json().details).toEqual({ result: "expired" });
  });

  it("a citizen below real-name level 2 gets no code; only window clerks scan", async () => {
    const { loginCitizen } = await import("../cases/testing.js");
    const wang = await loginCitizen(t, "13800000001"); // 王芳, level 1
    const res = await get("/api/onecode/code", wang);
    expect([res.statusCode, res.json().code]).toEqual([403, "ONECODE_REALNAME_REQUIRED"]);
    const approver = await staffOf(t, "approver", "psb");
    expect((await post("/api/onecode/scans", { code: "x" }, approver)).statusCode).toBe(403);
  });

  it("亮码办事 with cases: after consent the window sees the holder's pending cases — its department's, or all if ticked", async () => {
    const { fileCase, loginCitizen } = await import("../cases/testing.js");
    zhang = await loginCitizen(t, "13800000002");
    const psbCase = await fileCase(t, zhang, "990100-GG-001"); // 居住证申领 (psb)
    const hrssCase = await fileCase(t, zhang, "990100-GG-003"); // 社会保障卡申领 (hrss)
    const clerk = await staffOf(t, "window_clerk", "psb");
    const scanAndAnswer = async (answer: Record<string, unknown>) => {
      const scanned = await post("/api/onecode/scans", { code: (await issue()).code }, clerk);
      expect(scanned.statusCode, scanned.body).toBe(201);
      const id = (scanned.json() as OnecodeClerkScan).id;
      // Nothing about the person's cases before they answer.
      expect((await get(`/api/onecode/scans/${id}`, clerk)).json()).toMatchObject({ cases: [] });
      const url = `/api/onecode/scans/${id}/${answer.decline ? "decline" : "consent"}`;
      const res = await post(url, answer.decline ? {} : answer, zhang);
      expect(res.statusCode, res.body).toBe(200);
      return (await get(`/api/onecode/scans/${id}`, clerk)).json() as OnecodeClerkScan;
    };

    // Consent without "show my cases": only the case the window's department (psb) takes part in.
    const own = await scanAndAnswer({ licenseIds: [] });
    expect(own.casesScope).toBe("department");
    expect(own.cases.map((c) => c.id)).toEqual([psbCase.id]);
    expect(own.cases[0]).toMatchObject({ number: psbCase.number, itemName: psbCase.itemName, status: "submitted" });

    // With it: all of the holder's cases in progress, and the holder's history records the choice.
    const all = await scanAndAnswer({ licenseIds: [idCard], showCases: true });
    expect(all.casesScope).toBe("all");
    expect(all.cases.map((c) => c.id).sort()).toEqual([psbCase.id, hrssCase.id].sort());
    expect(all.licenses.map((l) => l.id)).toEqual([idCard]);
    const mine = (await get("/api/onecode/scans/mine", zhang)).json().items as { id: string }[];
    expect(mine.find((m) => m.id === all.id)).toMatchObject({ showCases: true });
    expect(mine.find((m) => m.id === own.id)).toMatchObject({ showCases: false });

    // Declined: no cases at all; a withdrawn case is no longer pending.
    expect((await scanAndAnswer({ decline: true })).cases).toEqual([]);
    const cur = (await get(`/api/cases/${hrssCase.id}`, zhang)).json();
    const withdrawn = await post(
      `/api/cases/${hrssCase.id}/withdraw`,
      { version: cur.version, reason: "不办了" },
      zhang,
    );
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const later = await scanAndAnswer({ licenseIds: [], showCases: true });
    expect(later.cases.map((c) => c.id)).toEqual([psbCase.id]);
  });

  /** A code issued `offsetSeconds` from now (the clock moved back and forth around it). */
  async function issueAt(offsetSeconds: number): Promise<OnecodeIssued> {
    clock.advance(offsetSeconds * 1000);
    const issued = await issue();
    clock.advance(-offsetSeconds * 1000);
    return issued;
  }

  /** A fresh session when a clock jump expired the old one (sessions follow the same clock). */
  async function holderSession(): Promise<Headers | null> {
    if ((await get("/api/onecode/code", zhang)).statusCode === 200) return null;
    const { loginCitizen } = await import("../cases/testing.js");
    return loginCitizen(t, "13800000002");
  }
});

const ZHANG_ID_FRAGMENT = "19850312";
