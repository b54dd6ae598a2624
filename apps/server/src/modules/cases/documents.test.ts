import { createHash } from "node:crypto";
import type { CaseDetail, CaseDocument } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { poppler } from "../../test-support/poppler.js";
import { act, ENTERPRISE_USCC, enterpriseApplicant, fileCase, loginCitizen, seedCity, staffOf } from "./testing.js";

/**
 * 文书 (issue 15): each event that calls for a document issues it, sealed with the lead department's
 * seal — pdfsig (poppler-utils) must call the signature valid and name the department's seal certificate,
 * pdftotext must find the case number and the department. Two walks: 受理 → 补正 → 准予许可, and 不予受理.
 */
const AMR = "示例市市场监督管理局";
const SEAL_CN = `${AMR}电子证照专用章`;

describe("cases: receipts and decision documents (文书) as sealed PDFs", () => {
  let t: TestApp;
  let applicant: Headers;
  let clerk: Headers;
  let approver: Headers;
  let otherCitizen: Headers;
  let otherDeptClerk: Headers;

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    clerk = await staffOf(t, "window_clerk", "amr");
    approver = await staffOf(t, "approver", "amr");
    otherDeptClerk = await staffOf(t, "window_clerk", "psb");
    otherCitizen = await loginCitizen(t, "13800000002");
  });
  afterAll(() => t.close());

  const documents = async (caseId: string, headers: Headers) => {
    const res = await t.app.inject({ method: "GET", url: `/api/cases/${caseId}/documents`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as CaseDocument[];
  };
  const pdfOf = async (doc: CaseDocument, headers: Headers) => {
    const res = await t.app.inject({ method: "GET", url: doc.url, headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("application/pdf");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename\*=UTF-8''/);
    return res.rawPayload;
  };
  /** pdfsig: valid, untouched since signing, by the department's seal; pdftotext: the document's own words. */
  const expectSealed = (pdf: Buffer, doc: CaseDocument, c: CaseDetail, words: string[]) => {
    const report = poppler("pdfsig", pdf, `${doc.kind}.pdf`);
    expect(report).toContain("Signature is Valid.");
    expect(report).toContain(`Signer Certificate Common Name: ${SEAL_CN}`);
    expect(report).toMatch(/Total document signed/);
    const text = poppler("pdftotext", pdf, `${doc.kind}-text.pdf`).replace(/\s+/g, "");
    for (const w of [doc.title, doc.number, c.number ?? "", AMR, c.itemName, ...words])
      expect(text, `${doc.kind}: ${w}`).toContain(w.replace(/\s+/g, ""));
  };

  it("受理 → 补正 → 准予许可: a 受理回执, a 补正告知书 listing what is missing and a 准予行政许可决定书", async () => {
    let c = await fileCase(t, applicant, "990100-XK-001");
    c = (await act(t, clerk, c, "accept")).json();
    await t.app.platform.jobs.runDue();
    let docs = await documents(c.id, applicant);
    expect(docs.map((d) => d.kind)).toEqual(["acceptance_receipt"]);

    let res = await act(t, approver, c, "supplement", {
      items: [{ material: "食品安全管理制度目录", note: "缺少第3页" }],
      comment: "请一次性补齐",
    });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    await t.app.platform.jobs.runDue();
    res = await t.app.inject({
      method: "POST",
      url: `/api/cases/${c.id}/supplement/answer`,
      headers: applicant,
      payload: { version: c.version, note: "已补齐" },
    });
    expect(res.statusCode, res.body).toBe(200);
    c = (await act(t, approver, res.json(), "pass")).json();
    res = await act(t, approver, c, "approve", { comment: "符合条件，准予许可" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    await t.app.platform.jobs.runDue();
    await t.app.platform.jobs.runDue(); // a redelivery issues nothing twice

    docs = await documents(c.id, applicant);
    expect(docs.map((d) => d.kind)).toEqual(["acceptance_receipt", "supplement_notice", "approval_decision"]);
    expect(docs.map((d) => d.title)).toEqual(["受理回执", "补正告知书", "准予行政许可决定书"]);
    // 文号: the department's yearly sequence, one number per document.
    expect(docs.map((d) => d.number.replace(/〔.*$/, ""))).toEqual(["AMR受", "AMR补", "AMR准许"]);
    const serials = docs.map((d) => Number(/〔\d{4}〕(\d+)号$/.exec(d.number)?.[1]));
    expect(new Set(serials).size).toBe(3);
    expect(serials).toEqual([...serials].sort((a, b) => a - b));
    for (const d of docs)
      expect(d).toMatchObject({ departmentName: AMR, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const words: Record<string, string[]> = {
      acceptance_receipt: ["予以受理", "承诺办结日期", ENTERPRISE_USCC],
      supplement_notice: ["食品安全管理制度目录：缺少第3页", "请一次性补齐"],
      approval_decision: ["准予行政许可", "符合条件，准予许可"],
    };
    for (const d of docs) {
      const pdf = await pdfOf(d, applicant);
      expect(createHashHex(pdf)).toBe(d.sha256);
      expectSealed(pdf, d, c, words[d.kind] ?? []);
    }
    // The applicant's document does not carry the representative's name in full (经办人, masked).
    const receipt = poppler("pdftotext", await pdfOf(docs[0]!, applicant), "receipt.pdf");
    expect(receipt).toContain("经办人");
    expect(receipt).not.toContain("李娜");

    // Anyone holding a copy may verify it (no sign-in, no personal data in the answer); a changed byte is forged.
    const decision = await pdfOf(docs[2]!, applicant);
    const verify = async (payload: Buffer, type = "application/pdf") =>
      t.app.inject({ method: "POST", url: "/api/cases/documents/verify", headers: { "content-type": type }, payload });
    const valid = await verify(decision);
    expect(valid.statusCode, valid.body).toBe(200);
    expect(valid.json()).toEqual({
      result: "valid",
      reason: null,
      document: {
        kind: "approval_decision",
        title: "准予行政许可决定书",
        number: docs[2]!.number,
        departmentName: AMR,
        issuedAt: docs[2]!.issuedAt,
      },
    });
    expect(valid.body).not.toContain(ENTERPRISE_USCC);
    const range = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(decision.toString("latin1"));
    const tampered = Buffer.from(decision);
    tampered[Math.floor(Number(range?.[1]) / 2)]! ^= 0x01;
    expect((await verify(tampered)).json()).toMatchObject({ result: "forged", document: null });
    const notPdf = await verify(Buffer.from("hello"));
    expect([notPdf.statusCode, notPdf.json().code]).toEqual([400, "CASE_DOCUMENT_PDF_INVALID"]);

    // Staff of the case's department read them; printing opens the PDF inline.
    expect((await documents(c.id, clerk)).length).toBe(3);
    const inline = await t.app.inject({ method: "GET", url: `${docs[2]!.url}?inline=1`, headers: clerk });
    expect(inline.statusCode).toBe(200);
    expect(inline.headers["content-disposition"]).toMatch(/^inline;/);
  });

  it("不予受理: a 不予受理决定书 with the reason, the legal basis and the remedy notice", async () => {
    let c = await fileCase(t, applicant, "990100-XK-001");
    const res = await act(t, clerk, c, "refuse", { reason: "申请事项依法不需要取得行政许可" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    await t.app.platform.jobs.runDue();
    const docs = await documents(c.id, applicant);
    expect(docs.map((d) => d.kind)).toEqual(["refusal_decision"]);
    expectSealed(await pdfOf(docs[0]!, applicant), docs[0]!, c, [
      "不予受理",
      "理由：申请事项依法不需要取得行政许可",
      "第三十二条第一款",
      "六十日内依法申请行政复议",
      "六个月内依法向人民法院提起行政诉讼",
    ]);
  });

  it("someone else's case: a citizen gets 404, staff of another department 403, an unknown document 404", async () => {
    const c = await fileCase(t, applicant, "990100-XK-001");
    await act(t, clerk, c, "accept");
    await t.app.platform.jobs.runDue();
    const [doc] = await documents(c.id, applicant);
    expect(doc).toBeDefined();
    for (const url of [`/api/cases/${c.id}/documents`, doc!.url]) {
      const citizen = await t.app.inject({ method: "GET", url, headers: otherCitizen });
      expect([citizen.statusCode, citizen.json().code]).toEqual([404, "CASE_NOT_FOUND"]);
      const staff = await t.app.inject({ method: "GET", url, headers: otherDeptClerk });
      expect(staff.statusCode).toBe(403);
      expect((await t.app.inject({ method: "GET", url })).statusCode).toBe(401);
    }
    const unknown = await t.app.inject({
      method: "GET",
      url: `/api/cases/${c.id}/documents/00000000-0000-4000-8000-000000000000/pdf`,
      headers: applicant,
    });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, "CASE_DOCUMENT_NOT_FOUND"]);
  });
});

const createHashHex = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
