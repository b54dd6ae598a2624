import type { CaseDetail, TaskStage } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import items from "../../seed/data/catalog-items.json" with { type: "json" };
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers } from "../../test-support/identity.js";
import { enterpriseApplicant, fileCase, loginCitizen, seedCity } from "../cases/testing.js";
import { payDueFees } from "../payments/testing.js";
import { parseBag } from "./bagit.js";
import { LOC_BAGIT, packageBytes, packageOf, runJobs, validateBag } from "./testing.js";

/**
 * Acceptance 1 of issue 26: every demo item that can be applied for online, taken to delivery (送达),
 * is archived by the `case.delivered` subscriber into a BagIt package that validators sharing no code
 * with the builder declare complete and valid (the project's Python validator always; the Library of
 * Congress's bagit.py as well where it is installed — LOC_BAGIT).
 */
const STAGE_ROLE = { accept: "window_clerk", review: "approver", decide: "approver", deliver: "window_clerk" } as const;
const STAGE_COMMAND: Record<TaskStage, [string, Record<string, unknown>]> = {
  accept: ["accept", { comment: "材料齐全" }],
  review: ["pass", { comment: "审查通过" }],
  decide: ["approve", { comment: "准予" }],
  deliver: ["deliver", { method: "online" }],
};

describe("archives: every delivered demo case is archived as a valid BagIt package", () => {
  let t: TestApp;
  let self: Headers;
  let firm: Headers;
  let archivist: Headers;
  const staff = new Map<string, Headers>();

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    self = await loginCitizen(t, "13800000005");
    firm = await enterpriseApplicant(t);
    archivist = (await createStaff(t, { roles: ["archivist"] })).headers;
  }, 120_000);
  afterAll(() => t.close());

  async function staffFor(stage: TaskStage, dept: string): Promise<Headers> {
    const key = `${STAGE_ROLE[stage]}@${dept}`;
    if (!staff.has(key))
      staff.set(key, (await createStaff(t, { roles: [STAGE_ROLE[stage]], departmentKey: dept })).headers);
    return staff.get(key) as Headers;
  }

  async function walk(c: CaseDetail, applicant: Headers): Promise<void> {
    for (let round = 0; round < 20; round++) {
      await runJobs(t);
      const detail = (
        await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers: applicant })
      ).json() as CaseDetail;
      if (detail.status === "delivered") return;
      const task = detail.tasks.find((x) => x.status === "open");
      if (!task) throw new Error(`${c.itemCode}: no open task in status ${detail.status}`);
      const [command, body] = STAGE_COMMAND[task.stage];
      // 先审后缴: an item that charges fees is paid before it can be delivered.
      if (task.stage === "deliver") await payDueFees(t, c.id, applicant, c.itemCode);
      const res = await t.app.inject({
        method: "POST",
        url: `/api/cases/${c.id}/${command}`,
        headers: await staffFor(task.stage, task.dept),
        payload: { version: detail.version, ...body },
      });
      expect(res.statusCode, `${c.itemCode} ${command}: ${res.body}`).toBe(200);
    }
    throw new Error(`${c.itemCode} did not finish`);
  }

  const online = items.filter((i) => i.onlineDepth >= 3);

  it.each(online.map((i) => [`${i.code} ${i.name}`, i] as const))("%s", async (label, item) => {
    const applicant = item.audience === "legal_person" ? firm : self;
    const c = await fileCase(t, applicant, item.code);
    await walk(c, applicant);
    await runJobs(t);

    const row = await packageOf(t, c.id);
    expect(row.archive_no).toMatch(/^YW01-\d{4}-D30-\d{6}$/);
    const tar = await packageBytes(t, row.package_sha256 as string);
    const verdict = validateBag(tar);
    expect(verdict.errors, label).toEqual([]);
    expect(verdict.valid).toBe(true);
    if (LOC_BAGIT) {
      expect(verdict.loc, verdict.loc?.output).toMatchObject({ valid: true });
      expect(verdict.loc?.output).toMatch(/is valid/);
    }

    const bag = parseBag(tar);
    const paths = [...bag.files.keys()];
    expect(paths).toEqual(
      expect.arrayContaining(["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"]),
    );
    expect(paths).toEqual(
      expect.arrayContaining(["data/metadata.json", "data/case.json", "data/history.json", "data/audit.json"]),
    );
    const required = item.materials.filter((m) => m.required).length;
    expect(paths.filter((p) => p.startsWith("data/materials/"))).toHaveLength(required);
    const caseJson = JSON.parse(bag.files.get("data/case.json")?.toString() ?? "{}");
    expect(caseJson).toMatchObject({ caseId: c.id, itemCode: item.code, status: "delivered" });
    if (caseJson.license) {
      expect(paths).toEqual(expect.arrayContaining(["data/licenses/license.pdf", "data/licenses/license.vc.jwt"]));
      expect(bag.files.get("data/licenses/license.pdf")?.subarray(0, 5).toString()).toBe("%PDF-");
    }
    const history = JSON.parse(bag.files.get("data/history.json")?.toString() ?? "[]") as { type: string }[];
    expect(history.map((h) => h.type)).toEqual(expect.arrayContaining(["submitted", "delivered"]));

    // The archiving report passed, and the archivist sees it with the file list.
    const detail = await t.app.inject({ method: "GET", url: `/api/archives/packages/${row.id}`, headers: archivist });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      archiveNo: row.archive_no,
      status: "archived",
      lastCheckPassed: true,
      checks: [{ trigger: "archiving", passed: true }],
      metadata: { itemCode: item.code, retention: "30y", fonds: "YW01" },
    });
    expect(
      detail
        .json()
        .files.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(paths.sort());
  });

  it("numbers the packages of one fonds/year/class without gaps", async () => {
    const rows = await t.database.db
      .selectFrom("archive_packages")
      .select(["seq", "year"])
      .where("source", "=", "case")
      .execute();
    expect(rows.map((r) => r.seq).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i + 1));
  });
});
