import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { enterpriseApplicant, seedCity, staffOf } from "../cases/testing.js";
import { spreadsheetSafe } from "./stats.export.js";
import { deliveredCase, evaluate, invitationFor } from "./testing.js";

/** The statistics export (CSV): who may download what, in which language, and what bad input gets. */
describe("evaluation statistics export", () => {
  let t: TestApp;
  let citizen: Headers;
  let clerk: Headers;
  let approver: Headers;
  let supervisor: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    citizen = await enterpriseApplicant(t);
    clerk = await staffOf(t, "window_clerk", "amr");
    approver = await staffOf(t, "approver", "amr");
    supervisor = await loginAs(t, "supervisor");
    const c = await deliveredCase(t, citizen, { clerk, approver });
    const invitation = await invitationFor(t, citizen, c.id);
    const res = await evaluate(t, citizen, invitation.id, { level: 1, tags: [], text: "等了很久" });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(() => t.close());

  const get = (url: string, headers?: Headers) => t.app.inject({ method: "GET", url, headers });

  it("publishes per-department figures as CSV to anyone, in Chinese by default and in English on request", async () => {
    const zh = await get("/api/evaluation/public/stats.csv");
    expect(zh.statusCode, zh.body).toBe(200);
    expect(zh.headers["content-disposition"]).toBe('attachment; filename="evaluation-published.csv"');
    const [head, ...rows] = parse(zh.body.replace(/^\uFEFF/, "")) as string[][];
    expect(head).toEqual([
      "部门",
      "评价数",
      "满意数",
      "差评数",
      "已整改",
      "按时整改",
      "满意率",
      "差评率",
      "整改率",
      "按时整改率",
    ]);
    const json = (await get("/api/evaluation/public/stats")).json() as {
      departments: { departmentName: string; total: number; bad: number }[];
    };
    expect(rows.map((r) => r[0])).toEqual([...json.departments.map((d) => d.departmentName), "合计"]);
    const rated = json.departments.find((d) => d.total === 1);
    expect(rated, "the one reviewed department").toBeDefined();
    expect(rows.find((r) => r[0] === rated?.departmentName)?.slice(1, 4)).toEqual(["1", "0", "1"]);
    // no personal data: nothing of the review's text or the applicant
    expect(zh.body).not.toContain("等了很久");

    const en = await get("/api/evaluation/public/stats.csv?lang=en");
    const [enHead, ...enRows] = parse(en.body.replace(/^\uFEFF/, "")) as string[][];
    expect(enHead?.[0]).toBe("Department");
    expect(enRows.at(-1)?.[0]).toBe("Total");
  });

  it("exports staff statistics only to staff who may read them (401 anonymous, 403 citizen)", async () => {
    expect((await get("/api/evaluation/stats.csv")).statusCode).toBe(401);
    expect((await get("/api/evaluation/stats.csv", citizen)).statusCode).toBe(403);
    const res = await get("/api/evaluation/stats.csv?by=staff", supervisor);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toBe('attachment; filename="evaluation-stats-staff.csv"');
    expect((parse(res.body.replace(/^\uFEFF/, "")) as string[][])[0]?.[0]).toBe("工作人员");
  });

  it("refuses an unknown language or dimension with 400 in the error shape", async () => {
    for (const url of ["/api/evaluation/public/stats.csv?lang=fr", "/api/evaluation/stats.csv?by=weather"]) {
      const res = await get(url, supervisor);
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ code: "VALIDATION_FAILED", message: expect.any(String) });
    }
  });

  it("defuses labels a spreadsheet would run as formulas", () => {
    expect(spreadsheetSafe('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    for (const lead of ["+", "-", "@", "\t", "\r"]) expect(spreadsheetSafe(`${lead}1`)).toBe(`'${lead}1`);
    expect(spreadsheetSafe("市场监管局")).toBe("市场监管局");
  });
});
