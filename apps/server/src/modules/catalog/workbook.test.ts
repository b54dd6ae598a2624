import type { CellError, ImportReport } from "@yiwang/contracts";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipBytes } from "../../platform/files/testing.js";
import licenseTypes from "../../seed/data/catalog-license-types.json" with { type: "json" };
import departments from "../../seed/data/departments.json" with { type: "json" };
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { seedLicenseTypes } from "../licenses/index.js";
import { DepartmentRepository } from "../org/index.js";

/** A platform administrator's session, signed in (password + TOTP) once per file. */
let adminHeaders: Headers = {};
const admin = (): Record<string, string> => adminHeaders;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** An item of its own with an application form and a parallel review whose veto the lead department weighs. */
const LEAD_DECIDES = {
  code: "990100-XK-970",
  name: "城镇污水排入排水管网许可",
  kind: "license",
  dept: "housing",
  audience: "legal_person",
  legalDays: 20,
  promiseDays: 7,
  caseType: "promised",
  onlineDepth: 3,
  maxVisits: 1,
  steps: [
    { dept: "housing", stage: "accept" },
    {
      parallel: [
        { dept: "housing", stage: "review" },
        { dept: "eco", stage: "review" },
      ],
      onVeto: "lead_decides",
    },
    { dept: "housing", stage: "decide" },
  ],
  form: {
    schema: {
      type: "object",
      required: ["discharger", "dailyVolume"],
      properties: {
        discharger: { type: "string", title: "排水户名称", "x-prefill": "enterprise.name" },
        dailyVolume: { type: "number", title: "日排水量（立方米）", exclusiveMinimum: 0 },
        category: { type: "string", title: "排水类别", enum: ["餐饮", "洗浴", "医疗", "工业"] },
      },
    },
    uiSchema: { category: { "ui:widget": "radio" } },
  },
};

async function exportBook(t: TestApp): Promise<Buffer> {
  const res = await t.app.inject({ method: "GET", url: "/api/catalog/admin/export", headers: admin() });
  expect(res.statusCode).toBe(200);
  expect(res.headers["content-type"]).toContain(XLSX);
  return res.rawPayload;
}

function importBook(t: TestApp, body: Buffer, query = "", contentType = XLSX) {
  return t.app.inject({
    method: "POST",
    url: `/api/catalog/admin/import${query}`,
    headers: { ...admin(), "content-type": contentType },
    payload: body,
  });
}

async function load(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** Every sheet as rows of cell texts, optionally without some columns (by header). */
async function cells(buf: Buffer, dropHeaders: string[] = []) {
  const wb = await load(buf);
  const out: Record<string, string[][]> = {};
  wb.eachSheet((ws) => {
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const keep = headers.map((h, i) => (dropHeaders.includes(h) ? -1 : i)).filter((i) => i >= 0);
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push(keep.map((i) => String(r.getCell(i + 1).value ?? ""))));
    out[ws.name] = rows;
  });
  return out;
}

/** The catalog's rows, to prove an import changed nothing. */
async function snapshot(t: TestApp) {
  const db = t.database.db;
  return {
    items: await db
      .selectFrom("catalog_items")
      .select(["code", "status", "published_version", "latest_version", "hit"])
      .orderBy("code")
      .execute(),
    versions: await sql`select code, version, status, content from catalog_item_versions order by code, version`
      .execute(db)
      .then((r) => r.rows),
    bundles: await db
      .selectFrom("catalog_bundles")
      .select(["code", "status", "items", "name"])
      .orderBy("code")
      .execute(),
    synonyms: await db.selectFrom("catalog_synonyms").selectAll().orderBy("term").execute(),
  };
}

function column(ws: ExcelJS.Worksheet, header: string): number {
  const values = ws.getRow(1).values as unknown[];
  const i = values.indexOf(header);
  if (i < 1) throw new Error(`no column ${header}`);
  return i;
}

function rowOf(ws: ExcelJS.Worksheet, code: string): number {
  let found = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(1).value === code && !found) found = n;
  });
  if (!found) throw new Error(`no row ${code}`);
  return found;
}

describe("catalog workbook: export and import", () => {
  let t: TestApp;
  let exported: Buffer;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    adminHeaders = await loginAs(t, "platform_admin");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/catalog/admin/items",
      headers: admin(),
      payload: LEAD_DECIDES,
    });
    expect(created.statusCode, created.body).toBe(201);
    await t.app.inject({
      method: "POST",
      url: `/api/catalog/admin/items/${LEAD_DECIDES.code}/publish`,
      headers: admin(),
    });
    exported = await exportBook(t);
  });
  afterAll(() => t.close());

  it("exports the documented sheets with one row per item, material, step and bundle member", async () => {
    const wb = await load(exported);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "说明",
      "事项",
      "材料",
      "收费",
      "流程",
      "常见问题",
      "一件事",
      "一件事事项",
      "同义词",
    ]);
    const items = wb.getWorksheet("事项")!;
    expect(items.rowCount).toBe(13);
    const steps = wb.getWorksheet("流程")!;
    // 990100-XK-002 has accept, three parallel reviews sharing number 2 (a veto denies), decide
    const rows = (code: string) => {
      const out: unknown[][] = [];
      steps.eachRow((r) => {
        if (r.getCell(1).value === code) out.push([r.getCell(2).value, r.getCell(column(steps, "否决规则")).value]);
      });
      return out;
    };
    const deny = "否决即不予";
    expect(rows("990100-XK-002")).toEqual([
      [1, null],
      [2, deny],
      [2, deny],
      [2, deny],
      [3, null],
    ]);
    const lead = "牵头部门决定";
    expect(rows(LEAD_DECIDES.code)).toEqual([
      [1, null],
      [2, lead],
      [2, lead],
      [3, null],
    ]);
    // the form as one JSON cell; empty for an item with the default form
    const form = (code: string) => items.getRow(rowOf(items, code)).getCell(column(items, "申请表（JSON）")).value;
    expect(JSON.parse(String(form(LEAD_DECIDES.code)))).toEqual({
      schema: LEAD_DECIDES.form.schema,
      uiSchema: { ...LEAD_DECIDES.form.uiSchema, "ui:order": ["discharger", "dailyVolume", "category", "*"] },
    });
    expect(JSON.parse(String(form("990100-XK-001"))).schema.properties.operatorName.title).toBe("经营者名称");
    expect(form("990100-QR-002")).toBeNull();
  });

  it("re-importing the export changes nothing, and exporting again gives the same workbook", async () => {
    const before = await snapshot(t);
    const res = await importBook(t, exported);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as ImportReport;
    expect(report).toMatchObject({
      items: { created: 0, updated: 0, unchanged: 12 },
      bundles: { created: 0, updated: 0, unchanged: 2 },
      errors: [],
      skippedItems: [],
    });
    expect(await snapshot(t)).toEqual(before);
    expect(await cells(await exportBook(t))).toEqual(await cells(exported));
  });

  it("round-trips into an empty catalog: same items, bundles and synonyms", async () => {
    const firstAdmin = adminHeaders;
    const t2 = await createTestApp();
    try {
      await new DepartmentRepository(t2.database.db).insertMissing(
        departments.map((d) => ({
          key: d.key,
          code: d.code,
          name: d.name,
          name_en: d.nameEn,
          region_code: d.regionCode,
          parent_id: null,
        })),
      );
      await t2.database.db
        .insertInto("catalog_license_types")
        .values(
          licenseTypes.map((l) => ({
            code: l.code,
            name: l.name,
            name_en: l.nameEn,
            issuer: l.issuer,
            holder: l.holder,
          })),
        )
        .execute();
      // With their fields: forms prefill from `license:<type>.<field>`, checked against them (免填).
      await seedLicenseTypes(t2.database.db);
      // The second catalog's own administrator (in a demo department, so the export stays comparable).
      adminHeaders = await loginAs(t2, "platform_admin", "platform");
      const res = await importBook(t2, exported);
      expect(res.json()).toMatchObject({ items: { created: 12 }, bundles: { created: 2 }, errors: [] });
      expect(await cells(await exportBook(t2))).toEqual(await cells(exported));
      for (const code of ["990100-XK-002", "990100-QR-001", "990100-XK-001", LEAD_DECIDES.code]) {
        const a = (await t.app.inject({ method: "GET", url: `/api/catalog/items/${code}` })).json();
        const b = (await t2.app.inject({ method: "GET", url: `/api/catalog/items/${code}` })).json();
        const strip = ({ createdAt, updatedAt, publishedAt, ...rest }: Record<string, unknown>) => rest;
        expect(strip(b)).toEqual(strip(a));
      }
      const search = await t2.app.inject({
        method: "GET",
        url: `/api/catalog/search?q=${encodeURIComponent("开餐馆")}`,
      });
      expect(search.json().items[0].code).toBe("990100-XK-001");
    } finally {
      adminHeaders = firstAdmin;
      await t2.close();
    }
  });

  describe("a workbook with a bad department, a duplicate code and an invalid time limit", () => {
    let bad: Buffer;
    let expected: Partial<CellError>[];
    beforeAll(async () => {
      const wb = await load(exported);
      const ws = wb.getWorksheet("事项")!;
      const deptRow = rowOf(ws, "990100-XK-001");
      const limitRow = rowOf(ws, "990100-GG-001");
      ws.getRow(deptRow).getCell(column(ws, "实施部门")).value = "nosuch";
      ws.getRow(limitRow).getCell(column(ws, "承诺时限")).value = 99; // legal limit is 15
      const source = ws.getRow(rowOf(ws, "990100-GG-003")).values as ExcelJS.CellValue[];
      const dupRow = ws.rowCount + 1;
      ws.getRow(dupRow).values = source;
      // and a valid change, to see "import only the valid rows" take it
      ws.getRow(rowOf(ws, "990100-GG-002")).getCell(column(ws, "承诺时限")).value = 2;
      bad = Buffer.from(await wb.xlsx.writeBuffer());
      const letter = (header: string) => ws.getColumn(column(ws, header)).letter;
      expected = [
        { sheet: "事项", row: deptRow, column: letter("实施部门"), header: "实施部门", message: "部门 nosuch 不存在" },
        { sheet: "事项", row: limitRow, column: letter("承诺时限"), header: "承诺时限" },
        { sheet: "事项", row: dupRow, column: letter("实施编码"), header: "实施编码" },
      ].sort((a, b) => a.row - b.row);
    });

    it("is rejected with one message per bad cell, and the database is unchanged", async () => {
      const before = await snapshot(t);
      const res = await importBook(t, bad);
      expect([res.statusCode, res.json().code]).toEqual([422, "CATALOG_IMPORT_INVALID"]);
      const errors = res.json().details.errors as CellError[];
      expect(errors).toHaveLength(3);
      expect(errors).toEqual(expected.map((e) => expect.objectContaining(e)));
      const limit = errors.find((e) => e.header === "承诺时限")!;
      expect([limit.message, limit.messageEn]).toEqual([
        "承诺时限不能超过法定时限",
        "The promised limit cannot exceed the legal limit",
      ]);
      expect(errors.find((e) => e.header === "实施编码")!.message).toContain("重复");
      expect(await snapshot(t)).toEqual(before);
    });

    it("a dry run with mode=valid reports without writing", async () => {
      const before = await snapshot(t);
      const res = await importBook(t, bad, "?mode=valid&dryRun=true");
      expect(res.json()).toMatchObject({ dryRun: true, items: { updated: 1 } });
      expect(await snapshot(t)).toEqual(before);
    });

    it("mode=valid imports the valid rows only and reports the bad ones", async () => {
      const res = await importBook(t, bad, "?mode=valid");
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json() as ImportReport;
      expect(report.errors).toHaveLength(3);
      expect(report.skippedItems.sort()).toEqual(["990100-GG-001", "990100-GG-003", "990100-XK-001"]);
      expect(report.items).toEqual({ created: 0, updated: 1, unchanged: 8 });
      const gg2 = (await t.app.inject({ method: "GET", url: "/api/catalog/items/990100-GG-002" })).json();
      expect([gg2.version, gg2.promiseDays]).toEqual([2, 2]);
      const xk1 = (await t.app.inject({ method: "GET", url: "/api/catalog/items/990100-XK-001" })).json();
      expect([xk1.version, xk1.dept]).toEqual([1, "amr"]);
    });
  });

  it("reports conversion errors, unknown child rows and missing columns at their cells", async () => {
    const wb = await load(exported);
    const items = wb.getWorksheet("事项")!;
    const r = rowOf(items, "990100-QR-001");
    items.getRow(r).getCell(column(items, "事项类型")).value = "行政许可证";
    items.getRow(r).getCell(column(items, "网办深度")).value = "四";
    const materials = wb.getWorksheet("材料")!;
    materials.addRow(["990100-NOPE-1", "某材料"]);
    const steps = wb.getWorksheet("流程")!;
    steps.getRow(2).getCell(4).value = "审核";
    const fees = wb.getWorksheet("收费")!;
    fees.getRow(1).getCell(2).value = "名目"; // renames a required column
    const res = await importBook(t, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(422);
    const errors = (res.json().details.errors as CellError[]).map((e) => [e.sheet, e.row, e.header]);
    expect(errors).toEqual([
      ["事项", r, "事项类型"],
      ["事项", r, "网办深度"],
      ["材料", materials.rowCount, "实施编码"],
      ["收费", 1, "收费项目"],
      // the demo fee of 社会保障卡申领 (row 2) then has no name either
      ["收费", 2, "收费项目"],
      ["流程", 2, "环节"],
    ]);
  });

  it("reports a form that is not JSON or not a valid schema, and veto rules that disagree or have no group", async () => {
    const wb = await load(exported);
    const items = wb.getWorksheet("事项")!;
    const formCol = column(items, "申请表（JSON）");
    const notJson = rowOf(items, "990100-GG-004");
    items.getRow(notJson).getCell(formCol).value = '{"schema": {"type": "object"';
    const badSchema = rowOf(items, "990100-GG-005");
    items.getRow(badSchema).getCell(formCol).value = JSON.stringify({
      schema: { type: "object", properties: { a: { type: "nope" } } },
    });
    const steps = wb.getWorksheet("流程")!;
    const vetoCol = column(steps, "否决规则");
    const stepRows = (code: string) => {
      const out: number[] = [];
      steps.eachRow((r, n) => {
        if (r.getCell(1).value === code) out.push(n);
      });
      return out;
    };
    const xk2 = stepRows("990100-XK-002");
    steps.getRow(xk2[2]!).getCell(vetoCol).value = "牵头部门决定"; // the group's other rows say 否决即不予
    steps.getRow(xk2[0]!).getCell(vetoCol).value = "否决即不予"; // the accept step is no group
    const lead = stepRows(LEAD_DECIDES.code);
    steps.getRow(lead[1]!).getCell(vetoCol).value = "看情况";
    const res = await importBook(t, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(422);
    const errors = res.json().details.errors as CellError[];
    expect(errors.map((e) => [e.sheet, e.row, e.header])).toEqual([
      ["事项", notJson, "申请表（JSON）"],
      ["事项", badSchema, "申请表（JSON）"],
      ["流程", xk2[0], "否决规则"],
      ["流程", xk2[2], "否决规则"],
      ["流程", lead[1], "否决规则"],
    ]);
    expect(errors[0]!.message).toMatch(/^不是有效的 JSON/);
    expect(errors[1]!.message).toMatch(/^表单定义无效/);
    expect(errors[3]!.message).toContain("否决规则应一致");
  });

  it("refuses a workbook that would unpack to 400 MB before reading it (413), and a lying one (422), nothing written", async () => {
    const before = await snapshot(t);
    const sheet = "xl/worksheets/sheet1.xml";
    const bomb = zipBytes(
      { "[Content_Types].xml": "<Types/>", [sheet]: Buffer.alloc(64 * 1024) },
      {
        deflate: true,
        declare: { [sheet]: 400 * 1024 * 1024 },
      },
    );
    const big = await importBook(t, bomb);
    expect([big.statusCode, big.json().code]).toEqual([413, "FILE_ARCHIVE_TOO_LARGE"]);
    const liar = zipBytes(
      { "[Content_Types].xml": "<Types/>", [sheet]: Buffer.alloc(3 * 1024 * 1024) },
      {
        deflate: true,
        declare: { [sheet]: 1024 },
      },
    );
    const lying = await importBook(t, liar);
    expect([lying.statusCode, lying.json().code]).toEqual([422, "FILE_ARCHIVE_INVALID"]);
    expect(await snapshot(t)).toEqual(before);
  });

  it("refuses what is not a workbook: 400 for garbage, 415 for other content types, nothing written", async () => {
    const before = await snapshot(t);
    const garbage = await importBook(t, Buffer.from("not a zip file"));
    expect([garbage.statusCode, garbage.json().code]).toEqual([400, "CATALOG_WORKBOOK_UNREADABLE"]);
    const csv = await importBook(t, Buffer.from("a,b"), "", "text/csv");
    expect([csv.statusCode, csv.json().code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    const json = await t.app.inject({
      method: "POST",
      url: "/api/catalog/admin/import",
      headers: { ...admin(), "content-type": "application/json" },
      payload: { a: 1 },
    });
    expect(json.json().code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const mode = await importBook(t, exported, "?mode=some");
    expect(mode.json().code).toBe("VALIDATION_FAILED");
    expect(await snapshot(t)).toEqual(before);
  });
});
