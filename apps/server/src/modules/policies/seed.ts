/**
 * Demo policies of 示例市 (fictional), published by market regulation (amr, the demo department with a
 * department head): one 免申即享 benefit and one 快申快享 benefit over the demo enterprises' registry facts, so
 * a first start shows matches on /policies and a batch on /workbench/policies. Idempotent: a benefit whose
 * title the department already has is left alone. When something was added, the match is armed to run at
 * once (the nightly job, brought forward) instead of waiting for 02:00.
 */
import type { RuleEdit } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { NIGHTLY_JOB, NIGHTLY_KEY } from "./context.js";
import { compileBenefit } from "./rules/compile.js";

/** Rule versions need an author; demo benefits are written by the seed, not by a staff account. */
const SEED_AUTHOR = "00000000-0000-0000-0000-000000000000";

const DOCUMENT = {
  title: "示例市促进市场主体高质量发展若干措施",
  issuer: "示例市市场监督管理局",
  issued_on: "2026-03-01",
  full_text:
    "一、对诚信经营、稳定就业的企业给予奖励，免予申请，由市场监管部门依据法人库数据直接兑现。" +
    "二、对参保职工10人以上、信用良好的小微企业给予稳岗补贴，企业在线确认即可申领。",
  legal_basis: "《优化营商环境条例》第十条",
};

const BENEFITS: {
  title: string;
  target: string;
  channel: "no_application" | "quick_application";
  budget: number;
  edit: RuleEdit;
}[] = [
  {
    title: "诚信经营企业奖励",
    target: "信用等级A、参保职工不少于30人的企业",
    channel: "no_application",
    budget: 2_000_000,
    edit: {
      rules: {
        conditions: {
          all: [
            { fact: "creditGrade", operator: "eq", value: "A", label: "信用等级为A" },
            { fact: "employeesInsured", operator: "gte", value: 30, label: "参保职工不少于30人" },
            { fact: "registeredCapital", operator: "gte", value: 100, label: "注册资本不低于100万元" },
          ],
        },
      },
      amountFormula: "min(employeesInsured * 1000, 200000)",
    },
  },
  {
    title: "小微企业稳岗补贴",
    target: "参保职工不少于10人、信用等级A或B的企业",
    channel: "quick_application",
    budget: 1_000_000,
    edit: {
      rules: {
        conditions: {
          all: [
            { fact: "employeesInsured", operator: "gte", value: 10, label: "参保职工不少于10人" },
            { fact: "creditGrade", operator: "in", value: ["A", "B"], label: "信用等级A或B" },
            { fact: "taxPaid", operator: "gte", value: 50, label: "上年纳税不少于50万元" },
          ],
        },
      },
      amountFormula: "min(employeesInsured * 500, 50000)",
    },
  },
];

/** How the seed arms the match: the platform's job queue (or anything that schedules a job). */
export interface MatchScheduler {
  schedule(trx: Kysely<DB>, job: { kind: string; key: string; runAt: Date }): Promise<void>;
}

/** Adds the demo policies missing in `trx`; returns how many benefits were added. */
export async function seedPolicies(trx: Kysely<DB>, jobs: MatchScheduler, now: Date): Promise<number> {
  const dept = await trx.selectFrom("departments").select("id").where("key", "=", "amr").executeTakeFirst();
  if (!dept) return 0;
  const existing = await trx
    .selectFrom("policies_benefits")
    .select("title")
    .where("department_id", "=", dept.id)
    .execute();
  const have = new Set(existing.map((b) => b.title));
  const missing = BENEFITS.filter((b) => !have.has(b.title));
  if (missing.length === 0) return 0;
  let document = await trx
    .selectFrom("policies_documents")
    .select("id")
    .where("department_id", "=", dept.id)
    .where("title", "=", DOCUMENT.title)
    .executeTakeFirst();
  document ??= await trx
    .insertInto("policies_documents")
    .values({ department_id: dept.id, ...DOCUMENT })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const b of missing) {
    compileBenefit(b.edit); // a demo rule that would not compile must fail the seed, not the nightly run
    const row = await trx
      .insertInto("policies_benefits")
      .values({
        document_id: document.id,
        department_id: dept.id,
        title: b.title,
        target: b.target,
        channel: b.channel,
        budget_total: b.budget,
        period_start: "2026-01-01",
        period_end: "2027-12-31",
        status: "published",
        published_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("policies_rule_versions")
      .values({
        benefit_id: row.id,
        version: 1,
        rules: JSON.stringify(b.edit.rules),
        amount_formula: b.edit.amountFormula,
        valid_from: now,
        created_by: SEED_AUTHOR,
      })
      .execute();
  }
  await jobs.schedule(trx, { kind: NIGHTLY_JOB, key: NIGHTLY_KEY, runAt: now });
  return missing.length;
}
