import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealPng } from "../../platform/files/testing.js";
import { chinesePdf } from "../../platform/pdf/cjk.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { department, type Headers, loginAs } from "../../test-support/identity.js";
import { poppler } from "../../test-support/poppler.js";

/**
 * Department seals end to end: the seal CA, issuing a seal, sealing a Chinese PDF as an approver of the
 * department, and poppler's `pdfsig` / `pdftotext` (Debian poppler-utils) judging the result.
 */

describe("seals (电子签章)", () => {
  let t: TestApp;
  let amr: string;
  let platformAdmin: Headers;
  let amrAdmin: Headers;
  let amrApprover: Headers;
  let amrClerk: Headers;
  let psbApprover: Headers;
  let psbAdmin: Headers;
  let sealId: string;
  let license: Uint8Array;

  beforeAll(async () => {
    t = await createTestApp();
    amr = await department(t, "amr");
    platformAdmin = await loginAs(t, "platform_admin");
    amrAdmin = await loginAs(t, "dept_admin", "amr");
    amrApprover = await loginAs(t, "approver", "amr");
    amrClerk = await loginAs(t, "window_clerk", "amr");
    psbApprover = await loginAs(t, "approver", "psb");
    psbAdmin = await loginAs(t, "dept_admin", "psb");
    license = await chinesePdf(
      [
        { text: "食品经营许可证", size: 26 },
        "经营者名称：示例市李娜餐饮有限公司",
        "统一社会信用代码：91990100MA00000001",
        "经营项目：热食类食品制售",
      ],
      "食品经营许可证",
    );
  });
  afterAll(async () => t?.close());

  const sign = (headers: Headers, id: string, body: Uint8Array = license) =>
    t.app.inject({
      method: "POST",
      url: `/api/seals/${id}/sign?reason=${encodeURIComponent("核发食品经营许可证")}`,
      headers: { ...headers, "content-type": "application/pdf" },
      payload: Buffer.from(body),
    });

  it("creates the seal CA on first use and publishes its certificate", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/seals/ca.pem" });
    expect(res.statusCode).toBe(200);
    const ca = new x509.X509Certificate(res.body);
    expect(ca.subject).toContain("Yiwang Seal Root CA");
    expect(await ca.isSelfSigned()).toBe(true);
    expect(ca.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(true);
    const again = await t.app.inject({ method: "GET", url: "/api/seals/ca.pem" });
    expect(again.body).toBe(res.body);
  });

  it("issues a department seal whose certificate chains to the CA; the key is sealed at rest", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/seals",
      headers: amrAdmin,
      payload: { departmentId: amr, name: "示例市市场监督管理局行政审批专用章" },
    });
    expect(res.statusCode).toBe(201);
    const seal = res.json();
    sealId = seal.id;
    expect(seal).toMatchObject({ departmentId: amr, status: "active", algorithm: "ECDSA-P256" });
    const cert = new x509.X509Certificate(seal.certificatePem);
    const ca = new x509.X509Certificate((await t.app.inject({ method: "GET", url: "/api/seals/ca.pem" })).body);
    expect(cert.issuer).toBe(ca.subject);
    expect(await cert.verify({ publicKey: ca.publicKey })).toBe(true);
    expect(cert.subject).toContain("示例市市场监督管理局行政审批专用章");
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);

    const keys = await t.database.db.selectFrom("seal_keys").selectAll().execute();
    expect(keys.length).toBe(2);
    for (const k of keys) {
      const priv = Buffer.from(k.private_key);
      expect(priv[0]).toBe(0x01); // secret-box format, not a PKCS#8 SEQUENCE (0x30)
      expect(priv.includes(Buffer.from(k.public_key).subarray(-65))).toBe(false);
    }

    const list = await t.app.inject({ method: "GET", url: "/api/seals", headers: amrAdmin });
    expect(list.json().items.map((s: { id: string }) => s.id)).toContain(sealId);
  });

  it("lets only seal managers of the department issue seals", async () => {
    const payload = { departmentId: amr, name: "示例市市场监督管理局" };
    const other = await t.app.inject({ method: "POST", url: "/api/seals", headers: psbAdmin, payload });
    expect(other.statusCode).toBe(403);
    const approver = await t.app.inject({ method: "POST", url: "/api/seals", headers: amrApprover, payload });
    expect(approver.statusCode).toBe(403);
    const admin = await t.app.inject({ method: "POST", url: "/api/seals", headers: platformAdmin, payload });
    expect(admin.statusCode).toBe(201);
  });

  it("seals a Chinese PDF: pdfsig says valid, a changed byte makes it invalid, pdftotext reads the Chinese", async () => {
    const res = await sign(amrApprover, sealId);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/pdf");
    const signed = res.rawPayload;

    const report = poppler("pdfsig", signed, "signed.pdf");
    expect(report).toContain("Signature is Valid.");
    expect(report).toMatch(/Total document signed/);
    expect(report).toContain("ETSI.CAdES.detached");

    const text = poppler("pdftotext", signed, "signed-text.pdf");
    expect(text).toContain("食品经营许可证");
    expect(text).toContain("示例市李娜餐饮有限公司");

    // One byte in the middle of the first signed range [0, start of /Contents).
    const range = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(Buffer.from(signed).toString("latin1"));
    expect(range).not.toBeNull();
    const tampered = Buffer.from(signed);
    tampered[Math.floor(Number(range?.[1]) / 2)] ^= 0x01;
    const bad = poppler("pdfsig", tampered, "tampered.pdf");
    expect(bad).not.toContain("Signature is Valid.");
    expect(bad).toMatch(/Signature is Invalid|Digest Mismatch/);
  });

  it("refuses clerks of the department and approvers of another department (403)", async () => {
    expect((await sign(amrClerk, sealId)).statusCode).toBe(403);
    expect((await sign(psbApprover, sealId)).statusCode).toBe(403);
    expect((await sign(amrAdmin, sealId)).statusCode).toBe(403);
  });

  it("refuses what is not a PDF", async () => {
    const res = await sign(amrApprover, sealId, Buffer.from("not a pdf at all"));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("SEAL_PDF_INVALID");
  });

  it("audits every use", async () => {
    const rows = await t.database.db.selectFrom("audit_queue").select("entry").execute();
    const entries = rows.map((r) => JSON.parse(Buffer.from(r.entry).toString("utf8")));
    const used = entries.filter((e) => e.type === "seal.used");
    expect(used).toHaveLength(1);
    expect(used[0].subject).toBe(`seal:${sealId}`);
    expect(used[0].actor).toMatch(/^staff:/);
    expect(entries.some((e) => e.type === "seal.created")).toBe(true);
    expect(entries.some((e) => e.type === "seal.ca.created")).toBe(true);
  });

  it("revokes a seal; a revoked seal cannot sign (409)", async () => {
    const other = await t.app.inject({
      method: "POST",
      url: `/api/seals/${sealId}/revoke`,
      headers: psbAdmin,
      payload: { reason: "误操作" },
    });
    expect(other.statusCode).toBe(403);
    const res = await t.app.inject({
      method: "POST",
      url: `/api/seals/${sealId}/revoke`,
      headers: amrAdmin,
      payload: { reason: "印章遗失，重新制发" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "revoked", revokedReason: "印章遗失，重新制发" });
    const signed = await sign(amrApprover, sealId);
    expect(signed.statusCode).toBe(409);
    expect(signed.json().code).toBe("SEAL_REVOKED");
  });
  it("stamps an uploaded PNG instead of the drawn seal; only the department's seal managers may upload one", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/seals",
      headers: amrAdmin,
      payload: { departmentId: amr, name: "示例市市场监督管理局电子印章" },
    });
    const id = created.json().id as string;
    const put = (headers: Headers, body: Buffer, type = "image/png") =>
      t.app.inject({
        method: "PUT",
        url: `/api/seals/${id}/image`,
        headers: { ...headers, "content-type": type },
        payload: body,
      });
    const png = sealPng(240);
    expect((await put(psbAdmin, png)).statusCode).toBe(403);
    expect((await put(amrApprover, png)).statusCode).toBe(403);
    const notPng = await put(amrAdmin, Buffer.from(license));
    expect([notPng.statusCode, notPng.json().code]).toEqual([415, "SEAL_IMAGE_INVALID"]);
    expect((await put(amrAdmin, sealPng(16))).json().code).toBe("SEAL_IMAGE_INVALID"); // too small to read
    const ok = await put(amrAdmin, png);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().hasImage).toBe(true);
    const back = await t.app.inject({ method: "GET", url: `/api/seals/${id}/image`, headers: amrAdmin });
    expect(Buffer.compare(back.rawPayload, png)).toBe(0);

    const res = await sign(amrApprover, id);
    expect(res.statusCode).toBe(200);
    const signed = res.rawPayload;
    expect(signed.toString("latin1")).toMatch(/\/Subtype\s*\/Image/);
    expect(poppler("pdfsig", signed, "image-seal.pdf")).toContain("Signature is Valid.");
  });
});
