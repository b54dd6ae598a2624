/**
 * 双随机 draw benchmark (part of npm run bench): a draw over BENCH_SUPERVISION targets (default 100,000; "0"
 * skips) and BENCH_SUPERVISION_INSPECTORS inspectors (default 2,000) in two departments, with recusal (16
 * districts, 5 relationships and 10 of last year's targets per inspector), beside the same run's time to read
 * the rosters from the database as the commitment does (SELECT both rosters, canonical order, SHA-256 of the
 * canonical JSON). On PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL; a scratch database) or else
 * PGlite in a temporary directory. Two quotas: 5% of every risk grade (a usual plan) and 100% (the worst case).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  canonicalRosters,
  type DrawParams,
  publicInspectors,
  type RosterInspector,
  type RosterTarget,
  rosterHash,
  runDraw,
} from "../apps/server/src/modules/supervision/index.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { runSql } from "./server-sql.js";

const TARGETS = Number(process.env.BENCH_SUPERVISION ?? 100_000);
const INSPECTORS = Number(process.env.BENCH_SUPERVISION_INSPECTORS ?? 2_000);
export const SUPERVISION_ENABLED = process.env.BENCH_SUPERVISION !== "0";

const GRADES = ["A", "B", "C", "D"] as const;
const districts = Array.from({ length: 16 }, (_, i) => `区${i + 1}`);
/** A deterministic generator for the synthetic rosters (the draw's own randomness is the seed's). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}
const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

export async function benchSupervision(): Promise<string[]> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const name = `yiwang_bench_supervision_${Date.now()}`;
  let url: string | undefined;
  let dir: string | undefined;
  if (server) {
    await runSql(server, `create database ${name}`);
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
  } else dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-supervision-"));
  const database = await openDatabase(url ? { databaseUrl: url } : { pgliteDir: dir });
  const db = database.db;
  const out: string[] = [];
  try {
    await migrate(db);
    const depts: string[] = [];
    for (const [i, key] of ["bench-amr", "bench-eco"].entries()) {
      const row = await db
        .insertInto("departments")
        .values({ key, code: `1199019${i}MB0099995P`, name: key, name_en: key, region_code: "990199", parent_id: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      depts.push(row.id);
    }
    const rnd = lcg(23);
    const usccs = Array.from({ length: TARGETS }, (_, i) => `91990100MA${String(i).padStart(7, "0")}X`);
    for (let i = 0; i < TARGETS; i += 5000)
      await db
        .insertInto("supervision_targets")
        .values(
          usccs.slice(i, i + 5000).map((uscc, j) => ({
            uscc,
            name: `示例企业${i + j}`,
            industry: ["餐饮", "建筑", "科技", "零售"][rnd(4)],
            district: districts[rnd(districts.length)],
            risk_grade: GRADES[rnd(4)],
          })),
        )
        .execute();
    const inspectorRows = Array.from({ length: INSPECTORS }, (_, i) => ({
      account_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      department_id: depts[i % 2],
      certificate_no: `CERT-${String(i).padStart(6, "0")}`,
      district: districts[rnd(districts.length)],
      relations: Array.from({ length: 5 }, () => usccs[rnd(TARGETS)]),
    }));
    for (let i = 0; i < INSPECTORS; i += 1000)
      await db
        .insertInto("supervision_inspectors")
        .values(inspectorRows.slice(i, i + 1000))
        .execute();
    const lastYear = new Map(
      inspectorRows.map((r) => [r.account_id, Array.from({ length: 10 }, () => usccs[rnd(TARGETS)])]),
    );

    // Reading the rosters as the commitment does: both SELECTs, canonical order, the roster hash.
    const params = (ratio: number): DrawParams => ({
      planId: "bench",
      departments: [...depts].sort(),
      quota: { A: { ratio }, B: { ratio }, C: { ratio }, D: { ratio } },
      inspectorsPerDept: 2,
    });
    const t0 = process.hrtime.bigint();
    const targetRows = await db.selectFrom("supervision_targets").selectAll().execute();
    const inspectorsRead = await db
      .selectFrom("supervision_inspectors")
      .selectAll()
      .where("department_id", "in", depts)
      .execute();
    const { targets, inspectors } = canonicalRosters(
      targetRows.map(
        (r): RosterTarget => ({
          uscc: r.uscc,
          name: r.name,
          industry: r.industry,
          district: r.district,
          riskGrade: r.risk_grade,
        }),
      ),
      inspectorsRead.map(
        (r): RosterInspector => ({
          id: r.account_id,
          certificateNo: r.certificate_no,
          departmentId: r.department_id,
          district: r.district,
          relations: r.relations,
          lastYear: lastYear.get(r.account_id) ?? [],
        }),
      ),
    );
    const readMs = ms(t0);
    const t1 = process.hrtime.bigint();
    // The published roster: salted recusal commitments in place of the inspectors' districts and relations.
    rosterHash({
      params: params(0.05),
      targets,
      inspectors: publicInspectors(inspectors, randomBytes(32).toString("hex")),
    });
    const hashMs = ms(t1);
    const seed = randomBytes(32).toString("hex");
    const draws: string[] = [];
    for (const ratio of [0.05, 1]) {
      const t2 = process.hrtime.bigint();
      const result = runDraw(seed, params(ratio), targets, inspectors);
      const drawMs = ms(t2);
      draws.push(
        `| draw yiwang-draw-v2, ${ratio * 100}% of each grade → ${result.targets.length.toLocaleString("en")} targets × 2 depts × 2 inspectors, recusal | ` +
          `${drawMs.toFixed(0)} | ${(drawMs / readMs).toFixed(2)} |`,
      );
    }
    out.push(
      `双随机 draw: ${TARGETS.toLocaleString("en")} targets, ${INSPECTORS.toLocaleString("en")} inspectors (${url ? "PostgreSQL" : "PGlite"})`,
      "| step | ms | × roster read |",
      "|---|---|---|",
      `| baseline: read both rosters (SELECT, canonical order) | ${readMs.toFixed(0)} | 1.00 |`,
      `| roster hash (RFC 8785 JSON + SHA-256) | ${hashMs.toFixed(0)} | ${(hashMs / readMs).toFixed(2)} |`,
      ...draws,
    );
  } finally {
    await database.close();
    if (server && url) await runSql(server, `drop database if exists ${name} with (force)`);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await benchSupervision()) console.log(line);
