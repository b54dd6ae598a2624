import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { ArchivingService, type Catalogue } from "./archiving.service.js";
import type { ArchiveDeps } from "./context.js";
import { ArchiveRepository } from "./repository.js";

/**
 * Acceptance 3 of issue 26: 档号 are gap-free under concurrent archiving. Random batches of archiving jobs
 * over a few fonds/year/class keys run in parallel transactions (on PostgreSQL truly concurrently; PGlite
 * serialises them), some failing after their number was taken; afterwards each key's numbers are exactly
 * 1..(jobs that committed) — no gap, no duplicate — and the failed ones left nothing behind.
 */
describe("archives: 档号 without gaps under concurrent archiving", () => {
  let t: TestApp;
  let service: ArchivingService;

  beforeAll(async () => {
    t = await createTestApp();
    const { db, files, audit, jobs, clock } = t.app.platform;
    const deps: ArchiveDeps = {
      db,
      repo: new ArchiveRepository(db),
      files,
      audit,
      jobs,
      clock,
      timeZone: t.config.timeZone,
      caseSource: async () => null,
      caseLicense: async () => null,
      verifyLicense: async () => ({}),
    };
    service = new ArchivingService(deps);
  });
  afterAll(() => t.close());

  const job = fc.record({
    fonds: fc.constantFrom("A", "B"),
    year: fc.constantFrom(2025, 2026),
    retention: fc.constantFrom("permanent", "30y", "10y"),
    fail: fc.boolean(),
  });
  let run = 0;

  it("numbers stay 1..n per fonds/year/class whatever runs in parallel and whatever fails", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(job, { minLength: 1, maxLength: 12 }), async (jobs) => {
        run += 1;
        const prefix = `P${run}`;
        const outcomes = await Promise.allSettled(
          jobs.map((j) =>
            t.database.db.transaction().execute(async (trx) => {
              const c: Catalogue = {
                fonds: `${prefix}${j.fonds}`,
                year: j.year,
                retention: j.retention,
                title: `并发归档 ${j.fonds}`,
                responsible: "测试部门",
                date: `${j.year}-06-01`,
                classification: "内部",
                caseNumber: null,
                itemCode: null,
                itemVersion: null,
                outcome: null,
                applicant: "测试",
                departments: ["测试部门"],
              };
              const payload = [{ path: "case.json", bytes: Buffer.from(JSON.stringify({ id: randomUUID() })) }];
              return service.store(
                trx,
                c,
                payload,
                { caseId: randomUUID() },
                j.fail
                  ? () => {
                      throw new Error("archiving failed after numbering");
                    }
                  : undefined,
              );
            }),
          ),
        );
        const committed = new Map<string, number>();
        jobs.forEach((j, i) => {
          const key = `${prefix}${j.fonds}|${j.year}|${j.retention}`;
          expect(outcomes[i].status).toBe(j.fail ? "rejected" : "fulfilled");
          if (!j.fail) committed.set(key, (committed.get(key) ?? 0) + 1);
        });
        const rows = await t.database.db
          .selectFrom("archive_packages")
          .select(["fonds", "year", "retention", "seq", "archive_no"])
          .where("fonds", "like", `${prefix}%`)
          .execute();
        const seen = new Map<string, number[]>();
        for (const r of rows) {
          const key = `${r.fonds}|${r.year}|${r.retention}`;
          seen.set(key, [...(seen.get(key) ?? []), r.seq]);
          expect(r.archive_no.endsWith(String(r.seq).padStart(6, "0"))).toBe(true);
        }
        expect([...seen.keys()].sort()).toEqual([...committed.keys()].sort());
        for (const [key, n] of committed)
          expect(
            seen.get(key)?.sort((a, b) => a - b),
            key,
          ).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      }),
      { numRuns: 15 },
    );
  }, 300_000);
});
