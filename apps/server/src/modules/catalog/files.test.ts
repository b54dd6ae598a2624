import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";

/** A platform administrator's session, signed in (password + TOTP) once per file. */
let adminHeaders: Headers = {};
const admin = (): Record<string, string> => adminHeaders;
const PDF = Buffer.from("%PDF-1.4\n%test form\n");

describe("catalog: blank forms and samples", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    adminHeaders = await loginAs(t, "platform_admin");
  });
  afterAll(() => t.close());

  it("the seeded guide links a generated blank form that downloads as a workbook", async () => {
    const item = (await t.app.inject({ method: "GET", url: "/api/catalog/items/990100-XK-001" })).json();
    const form = item.materials.find((m: { name: string }) => m.name === "食品经营许可申请书");
    expect(form.blankForm).toMatch(/^\/api\/catalog\/files\/[0-9a-f-]{36}$/);
    const res = await t.app.inject({ method: "GET", url: form.blankForm });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(res.headers["content-disposition"]).toContain(encodeURIComponent("食品经营许可申请书.xlsx"));
    expect(res.rawPayload.subarray(0, 2).toString()).toBe("PK");
  });

  it("uploads a PDF and serves it back byte for byte", async () => {
    const up = await t.app.inject({
      method: "POST",
      url: `/api/catalog/admin/files?name=${encodeURIComponent("示例样表.pdf")}`,
      headers: { ...admin(), "content-type": "application/pdf" },
      payload: PDF,
    });
    expect(up.statusCode, up.body).toBe(201);
    const { url, size } = up.json();
    expect(size).toBe(PDF.length);
    const down = await t.app.inject({ method: "GET", url });
    expect(down.rawPayload.equals(PDF)).toBe(true);
  });

  it("refuses empty files, unknown types, oversize files, and unknown ids", async () => {
    const post = (type: string, body: Buffer) =>
      t.app.inject({
        method: "POST",
        url: "/api/catalog/admin/files?name=a.bin",
        headers: { ...admin(), "content-type": type },
        payload: body,
      });
    expect((await post("application/pdf", Buffer.alloc(0))).json().code).toBe("CATALOG_FILE_EMPTY");
    expect((await post("application/x-msdownload", PDF)).statusCode).toBe(415);
    const big = await post("application/pdf", Buffer.alloc(5 * 1024 * 1024 + 1, 1));
    expect([big.statusCode, big.json().code]).toEqual([413, "BODY_TOO_LARGE"]);
    const bigSheet = await post(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      Buffer.alloc(5 * 1024 * 1024 + 1, 1),
    );
    expect([bigSheet.statusCode, bigSheet.json().code]).toEqual([413, "BODY_TOO_LARGE"]);
    const missing = await t.app.inject({
      method: "GET",
      url: "/api/catalog/files/00000000-0000-4000-8000-000000000000",
    });
    expect([missing.statusCode, missing.json().code]).toEqual([404, "CATALOG_FILE_NOT_FOUND"]);
  });
});
