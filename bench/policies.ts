/**
 * 惠企政策 matching (part of npm run bench; BENCH_POLICIES="<enterprises>,<benefits>", default "100000,200";
 * 0 skips it), in one process on PGlite:
 *  - fact read: the whole business registry read as the nightly match reads it (keyset pages of 5,000 through
 *    the registry's `businessFacts`), enterprises/s — the floor the match cannot beat;
 *  - matching: every enterprise's facts against every benefit's compiled rules (the boolean form the run
 *    uses), enterprises/s and rule evaluations/s, plus the amount formula for each match;
 *  - the explanation form (every condition with its fact value) on the same data, for comparison.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FactValues, RuleEdit } from "@yiwang/contracts";
import { sql } from "kysely";
import { type CompiledBenefit, compileBenefit, enterpriseFacts } from "../apps/server/src/modules/policies/index.js";
import { RegistryService } from "../apps/server/src/modules/registry/index.js";
import { cryptoSuite } from "../apps/server/src/platform/crypto/suite.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { benchAppConfig } from "./app-config.js";

const [ENTERPRISES, BENEFITS] = (process.env.BENCH_POLICIES ?? "100000,200").split(",").map(Number);
export const POLICIES_ENABLED = process.env.BENCH_POLICIES !== "0";

/** A deterministic pseudo-random sequence (the same benefits every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Benefits of 3–5 conditions over the catalogue, some nested any / not, each with an amount formula. */
function benefits(n: number): CompiledBenefit[] {
  const r = rng(24);
  const leaf = () => {
    switch (Math.floor(r() * 6)) {
      case 0:
        return { fact: "registeredCapital", operator: "gte", value: Math.floor(r() * 1000) };
      case 1:
        return { fact: "employeesInsured", operator: "gte", value: Math.floor(r() * 100) };
      case 2:
        return { fact: "creditGrade", operator: "in", value: ["A", "B", "C"].slice(0, 1 + Math.floor(r() * 3)) };
      case 3:
        return {
          fact: "district",
          operator: "in",
          value: ["990102", "990103", "990104"].slice(0, 1 + Math.floor(r() * 3)),
        };
      case 4:
        return { fact: "yearsEstablished", operator: "lte", value: 1 + Math.floor(r() * 20) };
      default:
        return { not: { fact: "industryCode", operator: "in", value: ["F5211", "K7010"] } };
    }
  };
  return Array.from({ length: n }, () => {
    const k = 3 + Math.floor(r() * 3);
    const all: unknown[] = Array.from({ length: k }, leaf);
    if (r() < 0.3) all.push({ any: [leaf(), leaf()] });
    const edit: RuleEdit = {
      rules: { conditions: { all } },
      amountFormula: "min(employeesInsured * 1000 + taxPaid * 10, 500000)",
    };
    return compileBenefit(edit);
  });
}

export async function benchPolicies(): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-policies-"));
  const config = benchAppConfig(dataDir);
  const database = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
  try {
    await migrate(database.db);
    // 100,000 enterprises in one statement (the representative columns are placeholders: matching never reads them).
    await sql`
      insert into business_registry (uscc, name, legal_rep_name, legal_rep_id_bidx, legal_rep_id_enc, status,
        registered_on, registered_capital, industry_code, district, employees_insured, tax_paid, credit_grade)
      select '91990100MA' || lpad(i::text, 8, '0'), '企业' || i, '代表', '\\x00'::bytea, '\\x00'::bytea,
        case when i % 50 = 0 then 'revoked' else 'active' end,
        date '2000-01-01' + (i % 9000), (i * 37) % 2000, (array['F5211','I6510','C1310','K7010'])[1 + i % 4],
        (array['990102','990103','990104','990105'])[1 + (i / 7) % 4], (i * 13) % 300, (i * 7) % 1000,
        (array['A','B','C','D'])[1 + (i / 3) % 4]
      from generate_series(1, ${ENTERPRISES}) as i`.execute(database.db);
    const registry = new RegistryService(database.db, cryptoSuite(config).pii);
    const today = "2026-12-04";

    let t0 = performance.now();
    const facts: FactValues[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await registry.businessFacts(5000, after);
      if (page.length === 0) break;
      after = page[page.length - 1].uscc;
      for (const b of page) if (b.status === "active") facts.push(enterpriseFacts(b, today));
    }
    const readSeconds = (performance.now() - t0) / 1000;

    const compiled = benefits(BENEFITS);
    t0 = performance.now();
    let matched = 0;
    let amount = 0;
    for (const f of facts) {
      for (const b of compiled) {
        if (!b.rules.test(f)) continue;
        matched++;
        amount += b.formula.amount(f);
      }
    }
    const matchSeconds = (performance.now() - t0) / 1000;
    const evaluations = facts.length * compiled.length;

    const sample = facts.slice(0, Math.min(facts.length, 5000));
    t0 = performance.now();
    for (const f of sample) for (const b of compiled) b.rules.explain(f);
    const explainSeconds = (performance.now() - t0) / 1000;

    const rate = (n: number, s: number) => Math.round(n / s).toLocaleString("en-US");
    return [
      `policies matching: ${facts.length.toLocaleString("en-US")} active enterprises × ${compiled.length} benefits (PGlite, in process)`,
      `  fact read (registry pages of 5,000):  ${readSeconds.toFixed(2)} s  = ${rate(facts.length, readSeconds)} enterprises/s`,
      `  matching (compiled rules + amount):   ${matchSeconds.toFixed(2)} s  = ${rate(facts.length, matchSeconds)} enterprises/s, ${rate(evaluations, matchSeconds)} rule evaluations/s (${matched.toLocaleString("en-US")} matches, CNY ${amount.toLocaleString("en-US")})`,
      `  explanation form (every condition):   ${rate(sample.length * compiled.length, explainSeconds)} evaluations/s on ${sample.length.toLocaleString("en-US")} enterprises`,
      `  matching / fact read time: ${(matchSeconds / readSeconds).toFixed(2)}`,
    ];
  } finally {
    await database.close().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
