import "reflect-metadata";
import type { CaseDetail, LicenseDetail, LicenseTypeDetail, VerifyResult } from "@yiwang/contracts";
import { createLocalJWKSet, jwtVerify } from "jose";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { createSecondNode, invalidationOf } from "../../test-support/nodes.js";
import { poppler } from "../../test-support/poppler.js";
import {
  act,
  ENTERPRISE_USCC,
  enterpriseApplicant,
  fileCase,
  fill,
  loginCitizen,
  seedCity,
  staffOf,
  tinyPdf,
  upload,
} from "../cases/testing.js";
import { statusBit } from "./credential.js";
import { parseLicenseIdentifier } from "./identifier.js";

/**
 * E-licenses end to end over HTTP: approving a 食品经营许可 case issues the license with its three
 * renditions; pdfsig/pdftotext (poppler-utils) judge the PDF, jose verifies the credential with only the
 * public JWKS, the QR code decodes (jsQR) to a token the public API verifies; revocation shows in every
 * rendition's answer and in the status list; a citizen's 居民身份证 is used by reference (授权用证).
 */

/** 张伟, real-name level 2 in the demo accounts. */
const ZHANG_WEI = { phone: "13800000002", name: "张伟", idNumber: "99010219850312101X" };
const ENTERPRISE_NAME = "示例市鲜味餐饮有限公司";
// jsqr is CommonJS with a default export in its types: Node's interop hands over the function itself.
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as unknown as JsQr;

describe("licenses (电子证照)", () => {
  let t: TestApp;
  let applicant: Headers;
  let amrClerk: Headers;
  let amrApprover: Headers;
  let amrAdmin: Headers;
  let psbClerk: Headers;
  let psbApprover: Headers;
  let psbAdmin: Headers;
  let zhang: Headers;
  let fbl: LicenseDetail;

  const get = (url: string, headers?: Headers) => t.app.inject({ method: "GET", url, headers });
  const verify = async (payload: Record<string, string>) => {
    const res = await t.app.inject({ method: "POST", url: "/api/licenses/verify", payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as VerifyResult;
  };
  const verifyPdf = async (bytes: Uint8Array) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/licenses/verify/pdf",
      headers: { "content-type": "application/pdf" },
      payload: Buffer.from(bytes),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as VerifyResult;
  };
  const path_ = (url: string) => new URL(url).pathname;

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    amrClerk = await staffOf(t, "window_clerk", "amr");
    amrApprover = await staffOf(t, "approver", "amr");
    amrAdmin = await staffOf(t, "dept_admin", "amr");
    psbClerk = await staffOf(t, "window_clerk", "psb");
    psbApprover = await staffOf(t, "approver", "psb");
    psbAdmin = await staffOf(t, "dept_admin", "psb");
    zhang = await loginCitizen(t, ZHANG_WEI.phone);
  });
  afterAll(async () => t?.close());

  it("approving a 食品经营许可 case issues the license to the enterprise's wallet, with PDF, credential and QR token", async () => {
    let c: CaseDetail = await fileCase(t, applicant, "990100-XK-001");
    c = (await act(t, amrClerk, c, "accept")).json();
    c = (await act(t, amrApprover, c, "pass")).json();
    const approved = await act(t, amrApprover, c, "approve", { comment: "符合条件，准予许可" });
    expect(approved.statusCode, approved.body).toBe(200);
    await t.app.platform.jobs.runDue();
    await t.app.platform.jobs.runDue(); // a redelivery must not issue twice

    const wallet = await get("/api/licenses/mine", applicant);
    expect(wallet.statusCode, wallet.body).toBe(200);
    const items = wallet.json().items as LicenseDetail[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      typeCode: "FBL",
      typeName: "食品经营许可证",
      status: "valid",
      source: "case",
      caseId: c.id,
      holder: { kind: "enterprise", code: ENTERPRISE_USCC },
    });
    const parts = parseLicenseIdentifier(items[0].identifier);
    expect(parts).toMatchObject({ typeCode: "FBL", version: 1 });
    // 5 years from today (China), minus a day.
    expect(Number(items[0].validUntil?.slice(0, 4)) - Number(items[0].validFrom.slice(0, 4))).toBe(5);

    const detail = await get(`/api/licenses/${items[0].id}`, applicant);
    expect(detail.statusCode, detail.body).toBe(200);
    fbl = detail.json();
    expect(fbl.credential.split(".")).toHaveLength(3);
    expect(fbl.qrToken.split(".")).toHaveLength(3);
    expect(fbl.verifyUrl).toContain(`/verify#t=${fbl.qrToken}`);
    expect(fbl.fields.find((f) => f.key === "premisesAddress")?.value).toBeTruthy();
    expect(fbl.holder.name).toBe(ENTERPRISE_NAME);

    // The representative as a person (not acting for the enterprise) and other citizens do not see it.
    expect((await get(`/api/licenses/${fbl.id}`, zhang)).statusCode).toBe(404);
    expect((await get(`/api/licenses/${fbl.id}`, psbClerk)).statusCode).toBe(404);
    expect((await get(`/api/licenses/${fbl.id}`, amrClerk)).statusCode).toBe(200);
  });

  it("the PDF: pdfsig valid and intact, a changed byte invalid; pdftotext has the Chinese names; /verify/pdf agrees", async () => {
    const res = await get(`/api/licenses/${fbl.id}/pdf`, applicant);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/pdf");
    const pdf = res.rawPayload;
    const report = poppler("pdfsig", pdf, "license.pdf");
    expect(report).toContain("Signature is Valid.");
    expect(report).toMatch(/Total document signed/);
    const text = poppler("pdftotext", pdf, "license-text.pdf");
    expect(text).toContain("食品经营许可证");
    expect(text).toContain(ENTERPRISE_NAME);
    expect(text).toContain(fbl.identifier);

    const range = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString("latin1"));
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(Number(range?.[1]) / 2)] ^= 0x01;
    expect(poppler("pdfsig", tampered, "tampered.pdf")).not.toContain("Signature is Valid.");

    expect(await verifyPdf(pdf)).toMatchObject({
      result: "valid",
      reason: null,
      license: { identifier: fbl.identifier },
      pdfSignature: { status: "valid", reason: null },
    });
    expect(await verifyPdf(tampered)).toMatchObject({
      result: "forged",
      reason: "DIGEST_MISMATCH",
      license: null,
      pdfSignature: { status: "forged", reason: "DIGEST_MISMATCH", signingTime: null },
    });
    // Sealed, then changed: the signature holds for the sealed revision, but this is not the issued file.
    const appended = Buffer.concat([pdf, Buffer.from("\n% appended\n")]);
    expect(await verifyPdf(appended)).toMatchObject({
      result: "forged",
      reason: "INCREMENTAL_UPDATE",
      license: null,
      pdfSignature: { status: "modified", reason: "INCREMENTAL_UPDATE" },
    });
    expect(await verifyPdf(pdf.subarray(0, pdf.length - 100))).toMatchObject({ result: "forged", reason: "TRUNCATED" });
    expect(await verifyPdf(tinyPdf("unsigned"))).toMatchObject({ result: "forged", reason: "NO_SIGNATURE" });
    const notPdf = await t.app.inject({
      method: "POST",
      url: "/api/licenses/verify/pdf",
      headers: { "content-type": "application/pdf" },
      payload: Buffer.from("hello"),
    });
    expect([notPdf.statusCode, notPdf.json().code]).toEqual([400, "LICENSE_VERIFY_PDF_INVALID"]);
  });

  it("the credential verifies with jose from the public JWKS alone; the status list says not revoked", async () => {
    const jwks = await get("/api/licenses/jwks.json");
    expect(jwks.statusCode).toBe(200);
    const { payload, protectedHeader } = await jwtVerify(fbl.credential, createLocalJWKSet(jwks.json()), {
      typ: "vc+jwt",
      algorithms: ["ES256"],
    });
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload).toMatchObject({
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      type: ["VerifiableCredential", "YiwangLicenseCredential"],
      credentialSubject: { identifier: fbl.identifier, licenseType: { code: "FBL", name: "食品经营许可证" } },
    });
    const statuses = payload.credentialStatus as {
      statusPurpose: string;
      statusListIndex: string;
      statusListCredential: string;
    }[];
    const revocation = statuses.find((s) => s.statusPurpose === "revocation");
    expect(revocation).toBeDefined();
    const list = await get(path_(revocation?.statusListCredential ?? ""));
    expect(list.statusCode, list.body).toBe(200);
    expect(list.headers["content-type"]).toContain("application/vc+jwt");
    const verified = await jwtVerify(list.body, createLocalJWKSet(jwks.json()), { typ: "vc+jwt" });
    const encoded = (verified.payload.credentialSubject as { encodedList: string }).encodedList;
    expect(statusBit(encoded, Number(revocation?.statusListIndex))).toBe(false);

    expect(await verify({ credential: fbl.credential })).toMatchObject({ result: "valid" });
    const [h, p, s] = fbl.credential.split(".");
    const otherSig = `${h}.${p}.${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`;
    expect(await verify({ credential: otherSig })).toMatchObject({ result: "forged", reason: "SIGNATURE_INVALID" });
  });

  it("a platform admin edits a license type: verification names it anew at once, on every node; others are refused", async () => {
    const admin = await loginAs(t, "platform_admin");
    const types = (await get("/api/licenses/types")).json().items as LicenseTypeDetail[];
    const type = types.find((x) => x.code === fbl.typeCode) as LicenseTypeDetail;
    const { code, issuer, holder, ...original } = type;
    const renamed = { ...original, name: `${type.name}（电子）` };
    const put = (payload: object, headers?: Headers) =>
      t.app.inject({ method: "PUT", url: `/api/licenses/types/${code}`, headers, payload });

    expect((await verify({ credential: fbl.credential })).license?.typeName).toBe(type.name); // now cached
    expect((await put(renamed)).statusCode).toBe(401);
    expect((await put(renamed, amrAdmin)).statusCode).toBe(403);
    expect((await put({ ...renamed, name: "证" }, admin)).json().code).toBe("VALIDATION_FAILED");
    const duplicateKeys = { ...renamed, fields: [...type.fields, type.fields[0]] };
    expect((await put(duplicateKeys, admin)).json().code).toBe("VALIDATION_FAILED");
    expect((await get("/api/licenses/types")).json().items).toContainEqual(type); // nothing changed

    // Another node over the same database holds the type in its cache too; it drops it when the edit commits.
    const other = await createSecondNode(t);
    try {
      const verifyOn = async (node: TestApp) =>
        (await node.app.inject({ method: "POST", url: "/api/licenses/verify", payload: { token: fbl.qrToken } })).json()
          .license?.typeName;
      expect(await verifyOn(other)).toBe(type.name);
      const heard = invalidationOf(other.app, "licenses.types");
      const ok = await put(renamed, admin);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ code, name: renamed.name });
      expect((await verify({ credential: fbl.credential })).license?.typeName).toBe(renamed.name);
      await heard;
      expect(await verifyOn(other)).toBe(renamed.name);
    } finally {
      await other.close();
    }
    expect((await put(original, admin)).statusCode).toBe(200);
    expect((await verify({ token: fbl.qrToken })).license?.typeName).toBe(type.name);
  });

  it("the QR code renders to PNG, decodes with jsQR to a token that verifies; one changed character is forged", async () => {
    const png = await get(`/api/licenses/${fbl.id}/qr`, applicant);
    expect(png.statusCode).toBe(200);
    expect(png.headers["content-type"]).toBe("image/png");
    const image = PNG.sync.read(png.rawPayload);
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(decoded?.data).toBe(fbl.verifyUrl);
    const token = decodeURIComponent((decoded?.data ?? "").split("#t=")[1] ?? "");
    expect(token).toBe(fbl.qrToken);

    const ok = await verify({ token });
    expect(ok).toMatchObject({
      result: "valid",
      reason: null,
      license: {
        identifier: fbl.identifier,
        typeName: "食品经营许可证",
        issuer: { name: "示例市市场监督管理局" },
        holder: { kind: "enterprise", code: ENTERPRISE_USCC },
      },
    });
    // One character changed anywhere — payload or signature — and it no longer verifies.
    for (const at of [40, Math.floor(token.length / 2), token.length - 5]) {
      const c = token[at] === "A" ? "B" : "A";
      const changed = `${token.slice(0, at)}${c}${token.slice(at + 1)}`;
      if (changed.split(".").length !== 3) continue;
      expect((await verify({ token: changed })).result, `char ${at}`).toBe("forged");
    }
    expect(await verify({ token: "not-a-token" })).toMatchObject({ result: "forged", reason: "MALFORMED" });
    const both = await t.app.inject({
      method: "POST",
      url: "/api/licenses/verify",
      payload: { token, credential: "x" },
    });
    expect(both.statusCode).toBe(400);
  });

  it("a platform admin neither changes nor reads a department's licenses; each staff read is in the access log", async () => {
    const admin = await loginAs(t, "platform_admin");
    const status = await t.app.inject({
      method: "POST",
      url: `/api/licenses/${fbl.id}/status`,
      headers: admin,
      payload: { status: "suspended", reason: "平台管理员越权" },
    });
    expect(status.statusCode).toBe(403);
    expect((await get(`/api/licenses/${fbl.id}`, admin)).statusCode).toBe(404);
    expect((await get(`/api/licenses/${fbl.id}/pdf`, admin)).statusCode).toBe(404);
    expect((await get("/api/licenses/issued", admin)).statusCode).toBe(403);
    expect((await get(`/api/licenses/${fbl.id}`, applicant)).json().status).toBe("valid"); // unchanged

    const reads = () =>
      t.database.db
        .selectFrom("pii_access_log")
        .select(["actor", "field", "reason", "request_id"])
        .where("subject", "=", `license:${fbl.id}`)
        .execute();
    const before = (await reads()).length;
    await get(`/api/licenses/${fbl.id}`, applicant); // the holder's own read is not an access to record
    expect(await reads()).toHaveLength(before);
    const detail = await get(`/api/licenses/${fbl.id}`, amrClerk);
    expect(detail.statusCode).toBe(200);
    const pdf = await get(`/api/licenses/${fbl.id}/pdf`, amrClerk);
    expect(pdf.statusCode).toBe(200);
    const logged = (await reads()).slice(before);
    expect(logged).toEqual([
      expect.objectContaining({ field: "license", reason: `license.fields:${fbl.identifier}` }),
      expect.objectContaining({ field: "license", reason: `license.pdf:${fbl.identifier}` }),
    ]);
    expect(logged[0]?.actor).toMatch(/^staff:/);
    expect(logged[1]?.request_id).toBe(pdf.headers["x-request-id"]);
  });

  it("revocation: only the issuing department's admin; then every rendition answers revoked and the list bit is set", async () => {
    const revoke = (headers: Headers, status = "revoked") =>
      t.app.inject({
        method: "POST",
        url: `/api/licenses/${fbl.id}/status`,
        headers,
        payload: { status, reason: "经营场所已注销" },
      });
    expect((await revoke(psbAdmin)).statusCode).toBe(403);
    expect((await revoke(amrApprover)).statusCode).toBe(403);
    expect((await revoke(applicant)).statusCode).toBe(403);

    // A second node answers QR verifications from its verification cache (no database read) …
    const other = await createSecondNode(t);
    const verifyOn = async (node: TestApp) =>
      (await node.app.inject({ method: "POST", url: "/api/licenses/verify", payload: { token: fbl.qrToken } })).json();
    const hits = async (node: TestApp) =>
      Number(
        /^cache_lookups_total\{cache="licenses.verification",result="hit"\} (\d+)/m.exec(
          (await node.app.inject({ method: "GET", url: "/metrics" })).body,
        )?.[1] ?? 0,
      );
    try {
      expect(await verifyOn(other)).toMatchObject({ result: "valid" });
      expect(await verifyOn(t)).toMatchObject({ result: "valid" });
      const before = await hits(other);
      expect(await verifyOn(other)).toMatchObject({ result: "valid" });
      expect(await hits(other)).toBe(before + 1);
      const heard = invalidationOf(other.app, "licenses.verification");

      const res = await revoke(amrAdmin);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe("revoked");
      // … the revoking node refuses the very next verification (dropped at commit), the other once it hears
      // the commit's notification (a promise resolved by its listener, not a timer).
      expect(await verifyOn(t)).toMatchObject({ result: "revoked", reason: "经营场所已注销" });
      await heard;
      expect(await verifyOn(other)).toMatchObject({ result: "revoked", reason: "经营场所已注销" });
    } finally {
      await other.close();
    }
    expect((await revoke(amrAdmin, "valid")).json().code).toBe("LICENSE_REVOKED_FINAL");

    expect(await verify({ credential: fbl.credential })).toMatchObject({ result: "revoked", reason: "经营场所已注销" });
    expect(await verify({ token: fbl.qrToken })).toMatchObject({ result: "revoked" });
    const pdf = (await get(`/api/licenses/${fbl.id}/pdf`, applicant)).rawPayload;
    expect((await verifyPdf(pdf)).result).toBe("revoked");

    const jwks = (await get("/api/licenses/jwks.json")).json();
    const { payload } = await jwtVerify(fbl.credential, createLocalJWKSet(jwks));
    const entry = (
      payload.credentialStatus as { statusPurpose: string; statusListIndex: string; statusListCredential: string }[]
    ).find((s) => s.statusPurpose === "revocation");
    const list = await get(path_(entry?.statusListCredential ?? ""));
    const verified = await jwtVerify(list.body, createLocalJWKSet(jwks));
    expect(
      statusBit(
        (verified.payload.credentialSubject as { encodedList: string }).encodedList,
        Number(entry?.statusListIndex),
      ),
    ).toBe(true);
  });

  it("the seal use behind an issuance is audited, as the approver whose decision it carries out", async () => {
    // Entries wait in audit_queue until the sequencer moves them into the Merkle log (audit_entries).
    const rows = [
      ...(await t.database.db.selectFrom("audit_queue").select("entry").execute()),
      ...(await t.database.db.selectFrom("audit_entries").select("entry").execute()),
    ];
    const entries = rows.map((r) => JSON.parse(Buffer.from(r.entry).toString("utf8"))) as {
      type: string;
      actor: string;
      subject: string;
    }[];
    expect(entries.filter((e) => e.type === "license.issued" && e.subject === `license:${fbl.id}`)).toHaveLength(1);
    // The case's 文书 (受理回执, 决定书) use the seal too: one use each, and one for the license, each as the
    // staff member whose act it carries out (entries hold only a hash of their payload, so no reason to tell).
    const uses = entries.filter((e) => e.type === "seal.used");
    const documents = entries.filter((e) => e.type === "case.document_issued");
    expect(documents.length).toBeGreaterThan(0);
    expect(uses).toHaveLength(1 + documents.length);
    for (const u of uses) expect(u.actor).toMatch(/^staff:/);
    expect(entries.some((e) => e.type === "license.revoked" && e.subject === `license:${fbl.id}`)).toBe(true);
  });

  it("imports existing 居民身份证 from CSV (authorised issuer only, all rows checked first)", async () => {
    const csv = (rows: string[]) => ["持证主体名称,证件号码,有效期起,性别,出生日期,住址", ...rows].join("\n");
    const post = (headers: Headers, body: string, type = "ID") =>
      t.app.inject({
        method: "POST",
        url: `/api/licenses/import?type=${type}`,
        headers: { ...headers, "content-type": "text/csv" },
        payload: body,
      });
    expect(
      (await post(amrApprover, csv([`${ZHANG_WEI.name},${ZHANG_WEI.idNumber},2020-05-01,男,1985-03-12,示例市`])))
        .statusCode,
    ).toBe(403);
    const bad = await post(
      psbApprover,
      csv([`${ZHANG_WEI.name},${ZHANG_WEI.idNumber},2020-05-01,男,1985-03-12,示例市`, "李四,123,2020-13-01,男,,"]),
    );
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.json().code).toBe("LICENSE_IMPORT_INVALID");
    expect(bad.json().details.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: "证件号码", code: "CODE_INVALID" }),
        expect.objectContaining({ row: 3, column: "有效期起", code: "DATE_INVALID" }),
      ]),
    );
    expect((await get("/api/licenses/mine", zhang)).json().total).toBe(0); // nothing was imported

    const ok = await post(
      psbApprover,
      csv([`${ZHANG_WEI.name},${ZHANG_WEI.idNumber},2020-05-01,男,1985-03-12,示例市明德区`]),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().imported).toBe(1);
    const wallet = (await get("/api/licenses/mine", zhang)).json();
    expect(wallet.items).toHaveLength(1);
    expect(wallet.items[0]).toMatchObject({
      typeCode: "ID",
      source: "import",
      validFrom: "2020-05-01",
      validUntil: "2040-04-30",
      holder: { kind: "person", name: "张伟", code: "9901**********101X" },
    });
  });

  it("授权用证: 张伟 attaches his 居民身份证 to a 居住证 application with consent; the clerk sees it verified", async () => {
    const id = (await get("/api/licenses/mine", zhang)).json().items[0] as LicenseDetail;
    const created = await t.app.inject({
      method: "POST",
      url: "/api/cases",
      headers: zhang,
      payload: { itemCode: "990100-GG-001" },
    });
    expect(created.statusCode, created.body).toBe(201);
    let c = created.json() as CaseDetail;
    const attach = (payload: Record<string, unknown>, headers = zhang) =>
      t.app.inject({ method: "POST", url: `/api/cases/${c.id}/materials/license`, headers, payload });

    expect((await attach({ material: "居民身份证", licenseId: id.id })).statusCode).toBe(400); // no consent
    expect((await attach({ material: "居民身份证", licenseId: fbl.id, consent: true })).json().code).toBe(
      "CASE_LICENSE_NOT_FOUND",
    );
    const ok = await attach({ material: "居民身份证", licenseId: id.identifier, consent: true });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ kind: "license", licenseId: id.id });

    c = (await get(`/api/cases/${c.id}`, zhang)).json();
    const saved = await t.app.inject({
      method: "PUT",
      url: `/api/cases/${c.id}/form`,
      headers: zhang,
      payload: { formData: fill(c.form.schema, c.formData), version: c.version },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    for (const m of ["居住证申领登记表", "合法稳定就业、住所或连续就读证明材料"])
      expect((await upload(t, zhang, c.id, m, tinyPdf(m), "材料.pdf")).statusCode).toBe(201);
    c = (await get(`/api/cases/${c.id}`, zhang)).json();
    const submitted = await t.app.inject({
      method: "POST",
      url: `/api/cases/${c.id}/submit`,
      headers: zhang,
      payload: { version: c.version },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);

    const seen = await get(`/api/cases/${c.id}/licenses`, psbClerk);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().items).toEqual([
      expect.objectContaining({
        material: "居民身份证",
        verification: "valid",
        flaggedAt: null,
        license: expect.objectContaining({
          identifier: id.identifier,
          holder: expect.objectContaining({ code: "9901**********101X" }),
        }),
        fields: expect.arrayContaining([expect.objectContaining({ label: "住址", value: "示例市明德区" })]),
      }),
    ]);
    expect((await get(`/api/cases/${c.id}/licenses`, amrClerk)).statusCode).toBe(403);

    // Revoking the ID card marks the case that used it.
    const revoked = await t.app.inject({
      method: "POST",
      url: `/api/licenses/${id.id}/status`,
      headers: psbAdmin,
      payload: { status: "revoked", reason: "证件挂失补领" },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    await t.app.platform.jobs.runDue();
    const after = (await get(`/api/cases/${c.id}/licenses`, psbClerk)).json().items[0];
    expect(after).toMatchObject({ verification: "revoked" });
    expect(after.flaggedAt).not.toBeNull();
    const history = (await get(`/api/cases/${c.id}`, psbClerk)).json() as CaseDetail;
    expect(history.history.map((a: { type: string }) => a.type)).toContain("license_status_changed");
  });
});
