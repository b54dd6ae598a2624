import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers } from "../../test-support/identity.js";
import { enterpriseApplicant, seedCity, staffOf } from "../cases/testing.js";
import { parseBag } from "./bagit.js";
import { SCHEDULED_CHECK_JOB } from "./index.js";
import { writeTar } from "./tar.js";
import { deliveredCase, overwritePackage, packageBytes, packageOf, runJobs, validateBag } from "./testing.js";

/**
 * Acceptance 2 of issue 26: tampering with any file of a stored package, or with its catalogued metadata,
 * is reported by the scheduled check (the `archives.scheduled-check` job, run by moving the clock past its
 * time) with the item codes that failed; the failure is audited.
 */
describe("archives: the scheduled check reports tampering with the item code", () => {
  let t: TestApp;
  const clock = new TestClock("2026-03-02T09:00:00+08:00");
  let archivist: Headers;
  let pkg: Awaited<ReturnType<typeof packageOf>>;
  let original: Buffer;
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-archives-fixity-"));

  beforeAll(async () => {
    // A private file store: this test rewrites blobs on disk.
    t = await createTestApp({ clock, env: { FILES_DIR: filesDir } });
    await seedCity(t);
    const applicant = await enterpriseApplicant(t);
    const c = await deliveredCase(t, applicant, {
      clerk: await staffOf(t, "window_clerk", "amr"),
      approver: await staffOf(t, "approver", "amr"),
    });
    archivist = (await createStaff(t, { roles: ["archivist"] })).headers;
    pkg = await packageOf(t, c.id);
    original = await packageBytes(t, pkg.package_sha256 as string);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  /** Runs the scheduled job (moving the clock past it) and returns this package's newest report. */
  async function scheduledReport() {
    const [job] = await t.app.platform.jobs.pending(SCHEDULED_CHECK_JOB);
    expect(job, "the scheduled check is armed").toBeDefined();
    clock.set(new Date(job.runAt.getTime() + 1000));
    await runJobs(t);
    const row = await t.database.db
      .selectFrom("archive_checks")
      .selectAll()
      .where("package_id", "=", pkg.id)
      .orderBy("at", "desc")
      .executeTakeFirstOrThrow();
    expect(row.trigger).toBe("scheduled");
    const results = row.results as { code: string; outcome: string; details: string[] }[];
    return { passed: row.passed, failed: results.filter((r) => r.outcome === "fail"), at: row.at, results };
  }

  it("an untouched package passes the scheduled check", async () => {
    const r = await scheduledReport();
    expect(r.failed).toEqual([]);
    expect(r.passed).toBe(true);
  });

  it("a changed byte in any file of the package is reported with its item code and path", async () => {
    const bag = parseBag(original);
    const name = bag.name as string;
    expect(bag.files.size).toBeGreaterThanOrEqual(12);
    for (const [file, bytes] of bag.files) {
      const changed = Buffer.from(bytes);
      // Flip a character in the middle (ASCII stays ASCII so text files still parse as far as they can).
      const i = Math.floor(changed.length / 2);
      changed[i] = changed[i] === 0x30 ? 0x31 : 0x30;
      const entries = [...bag.files].map(([p, b]) => ({ path: `${name}/${p}`, bytes: p === file ? changed : b }));
      overwritePackage(
        t,
        pkg.package_sha256 as string,
        writeTar(entries, Math.floor(pkg.archived_at.getTime() / 1000)),
      );

      const r = await scheduledReport();
      const codes = r.failed.map((f) => f.code);
      expect(r.passed, file).toBe(false);
      expect(codes, file).toContain("AU-01");
      if (file.startsWith("data/")) {
        expect(codes, file).toContain("IN-02");
        expect(r.failed.find((f) => f.code === "IN-02")?.details, file).toEqual([`digest mismatch: ${file}`]);
      } else
        expect(
          codes.some((c) => c === "IN-01" || c === "IN-03"),
          `${file}: ${codes}`,
        ).toBe(true);
      if (file === "data/metadata.json") expect(codes).toContain("AU-03");
      // AU-04: a changed license file fails the signature item too, naming the file.
      if (file.startsWith("data/licenses/"))
        expect(r.failed.find((f) => f.code === "AU-04")?.details.join("\n"), file).toContain(`${file}: `);
      else expect(codes, file).not.toContain("AU-04");
    }
    // The independent validator agrees that a changed payload file breaks the bag.
    overwritePackage(t, pkg.package_sha256 as string, original);
    expect(validateBag(original).valid).toBe(true);
  }, 120_000);

  it("AU-04: the license verifies after its seal was revoked (valid when it signed); a re-signed JWT does not", async () => {
    overwritePackage(t, pkg.package_sha256 as string, original);
    const bag = parseBag(original);
    const jwt = bag.files.get("data/licenses/license.vc.jwt")?.toString("utf8") as string;
    const kid = JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString()).kid as string;
    const later = new Date(clock.now().getTime() + 60_000);
    await t.database.db
      .updateTable("seals")
      .set({ status: "revoked", revoked_at: later, revoked_reason: "test: replaced" })
      .where("id", "=", kid)
      .execute();
    try {
      const r = await scheduledReport();
      expect(r.failed).toEqual([]);
      expect(r.results.find((x) => x.code === "AU-04")).toMatchObject({ outcome: "pass" });
      // A credential whose payload is changed (the signature kept) names the file.
      const [h, , sig] = jwt.split(".");
      const claims = JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());
      claims.credentialSubject.identifier = "forged";
      const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${sig}`;
      const check = await t.app.licenses.verifyArchived({
        credential: forged,
        pdf: bag.files.get("data/licenses/license.pdf"),
      });
      expect(check).toEqual({ credential: "signature does not verify with the issuing seal's public key", pdf: null });
    } finally {
      await t.database.db
        .updateTable("seals")
        .set({ status: "active", revoked_at: null, revoked_reason: null })
        .where("id", "=", kid)
        .execute();
    }
  });

  it("a changed catalogue entry (metadata row) is reported: AU-02 (audit anchor) and AU-03 (bag metadata)", async () => {
    overwritePackage(t, pkg.package_sha256 as string, original);
    expect((await scheduledReport()).passed).toBe(true);
    const metadata = { ...(pkg.metadata as Record<string, unknown>), title: "篡改后的题名" };
    await t.database.db
      .updateTable("archive_packages")
      .set({ metadata: JSON.stringify(metadata) })
      .where("id", "=", pkg.id)
      .execute();
    const r = await scheduledReport();
    expect(r.failed.map((f) => f.code).sort()).toEqual(["AU-02", "AU-03"]);
    const detail = await t.app.inject({ method: "GET", url: `/api/archives/packages/${pkg.id}`, headers: archivist });
    expect(detail.json()).toMatchObject({ lastCheckPassed: false });
    await t.app.auditLog.flush();
    const failures = await t.database.db
      .selectFrom("audit_entries")
      .select("event_type")
      .where("subject", "=", `archive:${pkg.id}`)
      .where("event_type", "=", "archives.check_failed")
      .execute();
    expect(failures.length).toBeGreaterThan(12);
  });

  it("a package whose bytes are gone is reported (AU-01, IN-01)", async () => {
    await t.app.platform.files.blobs.delete(pkg.package_sha256 as string);
    const r = await scheduledReport();
    expect(r.failed.map((f) => f.code)).toEqual(expect.arrayContaining(["AU-01", "IN-01"]));
  });
});
