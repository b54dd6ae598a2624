import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LOAN_MAX_OPEN } from "@yiwang/contracts";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers } from "../../test-support/identity.js";
import { enterpriseApplicant, seedCity, staffOf } from "../cases/testing.js";
import { queryWords } from "../catalog/index.js";
import { buildBag, parseBag, sha256Hex } from "./bagit.js";
import { pdfText } from "./fulltext.js";
import { readTar, writeTar } from "./tar.js";
import { deliveredCase, packageOf, validateBag } from "./testing.js";

/**
 * Acceptance 5 of issue 26 (with disposal.test.ts for the retention class): a transferred package with a
 * missing file, or an unknown retention class, or no tar at all, is refused with a clear 4xx and leaves
 * nothing stored; a good one is accepted with its report. Borrowing past its limit (days, open loans) is a
 * 4xx and stores nothing; reading a package's files needs an approved, running loan.
 */
function transferBag(archiveNo: string, overrides: Record<string, unknown> = {}) {
  const metadata = {
    archiveNo,
    fonds: "ZJ02",
    year: 2024,
    retention: "30y",
    title: "外系统移交的办件档案",
    responsible: "示例市档案馆",
    date: "2024-05-06",
    classification: "内部",
    caseNumber: null,
    itemCode: null,
    itemVersion: null,
    outcome: "approved",
    applicant: "某公司",
    departments: ["示例市市场监管局"],
    fileCount: 2,
    ...overrides,
  };
  return buildBag(
    archiveNo,
    [
      { path: "metadata.json", bytes: Buffer.from(JSON.stringify(metadata)) },
      { path: "case.json", bytes: Buffer.from(JSON.stringify({ from: "another system" })) },
      { path: "history.json", bytes: Buffer.from("[]") },
    ],
    [["Source-Organization", "示例市档案馆"]],
    "2024-05-07",
    1_715_000_000,
  ).tar;
}

describe("archives: transfers and borrowing refuse bad input and lose nothing", () => {
  let t: TestApp;
  const clock = new TestClock("2026-03-02T09:00:00+08:00");
  let archivist: Headers;
  let borrower: Headers;
  let packageId: string;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    const c = await deliveredCase(t, await enterpriseApplicant(t), {
      clerk: await staffOf(t, "window_clerk", "amr"),
      approver: await staffOf(t, "approver", "amr"),
    });
    packageId = (await packageOf(t, c.id)).id;
    archivist = (await createStaff(t, { roles: ["archivist"] })).headers;
    borrower = (await createStaff(t, { roles: ["approver"], departmentKey: "amr" })).headers;
  }, 120_000);
  afterAll(() => t.close());

  const packageRow = (id: string) =>
    t.database.db.selectFrom("archive_packages").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const counts = async () => ({
    packages: (await t.database.db.selectFrom("archive_packages").select("id").execute()).length,
    files: (await t.database.db.selectFrom("stored_files").select("id").execute()).length,
    loans: (await t.database.db.selectFrom("archive_loans").select("id").execute()).length,
  });
  const send = (tar: Buffer, headers = archivist) =>
    t.app.inject({
      method: "POST",
      url: "/api/archives/transfers",
      headers: { ...headers, "content-type": "application/x-tar" },
      payload: tar,
    });

  it("refuses a transferred package with a missing payload file (422 with the report), storing nothing", async () => {
    const before = await counts();
    const good = transferBag("ZJ02-2024-D30-000007");
    const bag = parseBag(good);
    const entries = [...bag.files]
      .filter(([p]) => p !== "data/case.json")
      .map(([p, bytes]) => ({ path: `${bag.name}/${p}`, bytes }));
    const res = await send(writeTar(entries, 1_715_000_000));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({
      code: "ARCHIVE_TRANSFER_INVALID",
      message: expect.stringContaining("未通过"),
      details: { failed: expect.arrayContaining(["IN-01"]) },
    });
    const in01 = res.json().details.report.find((r: { code: string }) => r.code === "IN-01");
    expect(in01.details).toContain("payload file missing: data/case.json");
    expect(await counts()).toEqual(before);
  });

  it("refuses an unknown retention class (400) and a body that is not a tar (400), storing nothing", async () => {
    const before = await counts();
    const bad = await send(transferBag("ZJ02-2024-D30-000008", { retention: "5y" }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("ARCHIVE_RETENTION_UNKNOWN");
    const junk = await send(Buffer.from("this is not a tar file at all, just text padded out to a block".repeat(10)));
    expect(junk.statusCode).toBe(400);
    expect(junk.json().code).toBe("ARCHIVE_TRANSFER_UNREADABLE");
    expect((await send(transferBag("ZJ02-2024-D30-000009"), borrower)).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("accepts a complete package once, with its receipt report; a second time is 409", async () => {
    const tar = transferBag("ZJ02-2024-D30-000010");
    const ok = await send(tar);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ accepted: true, archiveNo: "ZJ02-2024-D30-000010" });
    expect(ok.json().report.filter((r: { outcome: string }) => r.outcome === "fail")).toEqual([]);
    const detail = await t.app.inject({
      method: "GET",
      url: `/api/archives/packages/${ok.json().packageId}`,
      headers: archivist,
    });
    expect(detail.json()).toMatchObject({
      source: "transfer",
      fonds: "ZJ02",
      checks: [{ trigger: "receipt", passed: true }],
    });
    const again = await send(tar);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("ARCHIVE_TRANSFER_DUPLICATE");
  });

  it("borrowing past the period limit is 400 and stores nothing; past the open-loan limit 409", async () => {
    const before = await counts();
    const url = `/api/archives/packages/${packageId}/loans`;
    const long = await t.app.inject({ method: "POST", url, headers: borrower, payload: { purpose: "查档", days: 31 } });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: "ARCHIVE_LOAN_TOO_LONG", details: { maxDays: 30 } });
    expect(await counts()).toEqual(before);
    for (let i = 0; i < LOAN_MAX_OPEN; i++) {
      const r = await t.app.inject({
        method: "POST",
        url,
        headers: borrower,
        payload: { purpose: `查档${i}`, days: 7 },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const over = await t.app.inject({ method: "POST", url, headers: borrower, payload: { purpose: "再借", days: 7 } });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe("ARCHIVE_LOAN_LIMIT");
    expect((await counts()).loans).toBe(before.loans + LOAN_MAX_OPEN);
  });

  it("searches the catalogue by full text: a word only in the license PDF's text or the form data finds it", async () => {
    const row = await t.database.db
      .selectFrom("archive_packages")
      .selectAll()
      .where("id", "=", packageId)
      .executeTakeFirstOrThrow();
    const bag = parseBag(await t.app.platform.files.blobs.get(row.package_sha256 as string));
    const search = async (q: string) => {
      const res = await t.app.inject({
        method: "GET",
        url: `/api/archives/packages?q=${encodeURIComponent(q)}`,
        headers: archivist,
      });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: string }[]).map((i) => i.id);
    };
    const notInMetadata = (w: string) => w.length >= 2 && !row.search_text.toLowerCase().includes(w);
    // A word of the license PDF's text layer (extracted at archiving) that the metadata does not hold.
    const pdfWords = queryWords(pdfText(bag.files.get("data/licenses/license.pdf") as Buffer)).filter(
      (w) => /\p{Script=Han}/u.test(w) && notInMetadata(w),
    );
    expect(pdfWords.length, "the license PDF has a text layer").toBeGreaterThan(0);
    expect(await search(pdfWords[0])).toContain(packageId);
    // A word of the form data (data/case.json `form`).
    const form = JSON.parse(bag.files.get("data/case.json")?.toString() ?? "{}").form as Record<string, unknown>;
    const formWords = Object.values(form)
      .filter((v): v is string => typeof v === "string")
      .flatMap((v) => queryWords(v))
      .filter(notInMetadata);
    if (formWords.length) expect(await search(formWords[0])).toContain(packageId);
    // The 档号 still by substring; a word in no package finds nothing.
    expect(await search(row.archive_no.slice(0, 12))).toContain(packageId);
    expect(await search("量子纠缠望远镜")).toEqual([]);
  });

  it("exports a transfer (DA/T 93): tar of the packages + manifest; the receipt must name the manifest digest", async () => {
    const row = await packageRow(packageId);
    const denied = await t.app.inject({
      method: "POST",
      url: "/api/archives/exports",
      headers: borrower,
      payload: { packageIds: [packageId], receiver: "示例市档案馆" },
    });
    expect(denied.statusCode).toBe(403);
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/archives/exports",
      headers: archivist,
      payload: { packageIds: [packageId, "00000000-0000-4000-8000-000000000000"], receiver: "示例市档案馆" },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe("ARCHIVE_EXPORT_UNAVAILABLE");
    expect(await t.database.db.selectFrom("archive_exports").select("id").execute()).toEqual([]);

    const res = await t.app.inject({
      method: "POST",
      url: "/api/archives/exports",
      headers: archivist,
      payload: { packageIds: [packageId], receiver: "示例市档案馆" },
    });
    expect(res.statusCode, res.body).toBe(201);
    const transferId = res.headers["x-transfer-id"] as string;
    const digest = res.headers["x-manifest-sha256"] as string;
    const entries = new Map(readTar(res.rawPayload).map((e) => [e.path, e.bytes]));
    const manifestBytes = entries.get("transfer-manifest.json") as Buffer;
    expect(sha256Hex(manifestBytes)).toBe(digest);
    const manifest = JSON.parse(manifestBytes.toString("utf8"));
    expect(manifest).toMatchObject({
      transferId,
      receiver: "示例市档案馆",
      packages: [{ archiveNo: row.archive_no, sha256: row.package_sha256, path: `${row.archive_no}.tar` }],
    });
    const inner = entries.get(`${row.archive_no}.tar`) as Buffer;
    expect(sha256Hex(inner)).toBe(row.package_sha256);
    expect(manifest.packages[0].fileCount).toBe(parseBag(inner).files.size);
    expect(validateBag(inner).valid).toBe(true);

    const receipt = (manifestSha256: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/archives/exports/${transferId}/receipt`,
        headers: archivist,
        payload: { manifestSha256, receivedBy: "示例市档案馆 接收人" },
      });
    const wrong = await receipt("0".repeat(64));
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe("ARCHIVE_RECEIPT_MISMATCH");
    const ok = await receipt(digest);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: "received", manifestSha256: digest });
    expect((await receipt(digest)).statusCode).toBe(409);
  });

  it("reading a package's file needs a running loan; every read is audited", async () => {
    const file = `/api/archives/packages/${packageId}/file?path=data/case.json`;
    const denied = await t.app.inject({ method: "GET", url: file, headers: borrower });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe("ARCHIVE_ACCESS_DENIED");
    const mine = await t.app.inject({ method: "GET", url: "/api/archives/loans", headers: borrower });
    const loanId = mine.json().items[0].id as string;
    expect(
      (await t.app.inject({ method: "POST", url: `/api/archives/loans/${loanId}/approve`, headers: borrower }))
        .statusCode,
    ).toBe(403);
    const approved = await t.app.inject({
      method: "POST",
      url: `/api/archives/loans/${loanId}/approve`,
      headers: archivist,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "approved", days: 7 });
    const read = await t.app.inject({ method: "GET", url: file, headers: borrower });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ itemCode: "990100-XK-001" });
    await t.app.auditLog.flush();
    const reads = await t.database.db
      .selectFrom("audit_entries")
      .select("actor")
      .where("event_type", "=", "archives.file_read")
      .where("subject", "=", `archive:${packageId}`)
      .execute();
    expect(reads).toHaveLength(1);

    // A PDF read on loan is a watermarked copy (every page, extractable text); the archivist reads the
    // original, which is what the package holds, and the package still passes its check.
    const pdfUrl = `/api/archives/packages/${packageId}/file?path=data/licenses/license.pdf`;
    const copy = await t.app.inject({ method: "GET", url: pdfUrl, headers: borrower });
    expect(copy.statusCode).toBe(200);
    expect(copy.headers["x-archive-watermark"]).toBe("lending-copy");
    const original = await t.app.inject({ method: "GET", url: pdfUrl, headers: archivist });
    expect(original.headers["x-archive-watermark"]).toBe("none");
    expect(copy.rawPayload.equals(original.rawPayload)).toBe(false);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-watermark-"));
    try {
      fs.writeFileSync(path.join(dir, "copy.pdf"), copy.rawPayload);
      const text = execFileSync("pdftotext", [path.join(dir, "copy.pdf"), "-"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      expect(text).toContain("仅供借阅 / for lending only");
      expect(text).toContain(loanId);
      const pages = (await PDFDocument.load(copy.rawPayload)).getPageCount();
      expect(text.split("仅供借阅").length - 1).toBeGreaterThanOrEqual(pages);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const pkg = await t.database.db
      .selectFrom("archive_packages")
      .selectAll()
      .where("id", "=", packageId)
      .executeTakeFirstOrThrow();
    const stored = parseBag(await t.app.platform.files.blobs.get(pkg.package_sha256 as string));
    expect(stored.files.get("data/licenses/license.pdf")?.equals(original.rawPayload)).toBe(true);
    const check = await t.app.inject({
      method: "POST",
      url: `/api/archives/packages/${packageId}/check`,
      headers: archivist,
    });
    expect(check.json()).toMatchObject({ passed: true });
    await t.app.auditLog.flush();
    const watermarkedReads = await t.database.db
      .selectFrom("audit_entries")
      .select("actor")
      .where("event_type", "=", "archives.file_read")
      .where("subject", "=", `archive:${packageId}`)
      .execute();
    expect(watermarkedReads).toHaveLength(3);
    clock.advance(8 * 86_400_000);
    expect((await t.app.inject({ method: "GET", url: file, headers: borrower })).statusCode).toBe(403);
  });
});
