import { randomUUID } from "node:crypto";
import type { EvaluationFigures, EvaluationStats, PublicEvaluationStats } from "@yiwang/contracts";
import { EVALUATION_CHANNEL_TERMS } from "@yiwang/contracts";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";

/**
 * Acceptance 4 of issue 20: the published statistics equal a recomputation from the raw evaluations. Each
 * run writes random evaluations (levels, departments, items, staff, channels, months, 追评), tickets
 * (open, answered on time, answered late) and upheld appeals straight into the tables, then recomputes
 * every figure from all raw rows with a plain loop and exact integer rounding, and compares it with the
 * public page (per department) and the supervisors' view by a random dimension.
 */

const CHANNELS = ["pc", "mobile", "sms", "window", "hotline"] as const;
const MONTHS = ["2026-01", "2026-02", "2026-03", "2026-11"];
const ITEMS = [
  { code: "990100-XK-001", name: "食品经营许可（新办）" },
  { code: "990100-XK-002", name: "建设工程规划许可" },
  { code: null, name: "窗口咨询" },
];
const STAFF = [
  { id: null, name: null },
  { id: "a1", name: "王一" },
  { id: "b2", name: "赵二" },
];

const record = fc.record({
  dept: fc.nat({ max: 2 }),
  item: fc.nat({ max: ITEMS.length - 1 }),
  staff: fc.nat({ max: STAFF.length - 1 }),
  level: fc.integer({ min: 1, max: 5 }),
  channel: fc.constantFrom(...CHANNELS),
  month: fc.constantFrom(...MONTHS),
  followUp: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 3 }),
  ticket: fc.constantFrom("open", "on_time", "late", "closed_on_time"),
  excluded: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});

type Generated = typeof record extends fc.Arbitrary<infer T> ? T : never;

/** half up to 4 places of an exact ratio, in BigInt (independent of the server's double arithmetic). */
function exactRate(n: number, d: number): number | null {
  if (d === 0) return null;
  const q = (BigInt(n) * 20_000n + BigInt(d)) / (2n * BigInt(d));
  return Number(q) / 10_000;
}

function figuresOf(rows: { level: number; replied: boolean; onTime: boolean }[]): EvaluationFigures {
  let satisfied = 0;
  let bad = 0;
  let rectified = 0;
  let onTime = 0;
  for (const r of rows) {
    if (r.level >= 3) satisfied++;
    else {
      bad++;
      if (r.replied) rectified++;
      if (r.replied && r.onTime) onTime++;
    }
  }
  const total = rows.length;
  return {
    total,
    satisfied,
    bad,
    rectified,
    onTime,
    satisfactionRate: exactRate(satisfied, total),
    badRate: exactRate(bad, total),
    rectificationRate: exactRate(rectified, bad),
    onTimeRate: exactRate(onTime, rectified),
  };
}

describe("evaluation statistics (property)", () => {
  let t: TestApp;
  let supervisor: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    supervisor = await loginAs(t, "supervisor");
  });
  afterAll(() => t.close());

  /** Writes one generated batch as the module would have left it. */
  async function write(batch: Generated[], departments: { id: string; name: string }[]) {
    const now = new Date("2026-11-20T08:00:00Z");
    await t.database.db.transaction().execute(async (trx) => {
      for (const r of batch) {
        const dept = departments[r.dept] as { id: string; name: string };
        const item = ITEMS[r.item] as (typeof ITEMS)[number];
        const staff = STAFF[r.staff] as (typeof STAFF)[number];
        const inv = await trx
          .insertInto("evaluation_invitations")
          .values({
            subject_kind: "case",
            subject_id: randomUUID(),
            subject_label: "P",
            account_id: null,
            invitee_name_masked: "*某",
            department_id: dept.id,
            department_name: dept.name,
            item_code: item.code,
            item_name: item.name,
            staff_id: staff.id,
            staff_name: staff.name,
            indicator_set_id: "online-v1",
            token_hash: null,
            created_at: now,
            expires_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const base = {
          invitation_id: inv.id,
          scores: "{}",
          tags: [],
          text: "",
          channel: r.channel,
          department_id: dept.id,
          department_name: dept.name,
          item_code: item.code,
          item_name: item.name,
          staff_id: staff.id,
          staff_name: staff.name,
          month: r.month,
          created_at: now,
        };
        const e = await trx
          .insertInto("evaluations")
          .values({ ...base, kind: "initial", level: r.level })
          .returning("id")
          .executeTakeFirstOrThrow();
        if (r.followUp !== null)
          await trx
            .insertInto("evaluations")
            .values({ ...base, kind: "follow_up", level: r.followUp })
            .execute();
        if (r.level <= 2) {
          const replied = r.ticket !== "open";
          await trx
            .insertInto("evaluation_rectifications")
            .values({
              evaluation_id: e.id,
              department_id: dept.id,
              status: r.ticket === "open" ? "verifying" : r.ticket === "closed_on_time" ? "closed" : "replied",
              reply: replied ? "已整改" : null,
              replied_at: replied ? now : null,
              replied_on_time: replied ? r.ticket !== "late" : null,
              deadline_date: "2026-11-30",
              created_at: now,
              updated_at: now,
            })
            .execute();
        }
        if (r.excluded) {
          const appeal = await trx
            .insertInto("evaluation_appeals")
            .values({
              evaluation_id: e.id,
              department_id: dept.id,
              reason: "误评",
              filed_by: "staff:x",
              filed_by_name: "x",
              filed_at: now,
              status: "upheld",
              decision_reason: "属实",
              decided_by: "staff:y",
              decided_by_name: "y",
              decided_at: now,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          await trx
            .insertInto("evaluation_exclusions")
            .values({
              evaluation_id: e.id,
              appeal_id: appeal.id,
              reason: "属实",
              decided_by: "staff:y",
              decided_at: now,
            })
            .execute();
        }
      }
    });
  }

  /** Every raw row that counts, read back without the module's SQL. */
  async function raw() {
    const db = t.database.db;
    const evaluations = await db.selectFrom("evaluations").selectAll().execute();
    const excluded = new Set(
      (await db.selectFrom("evaluation_exclusions").select("evaluation_id").execute()).map((x) => x.evaluation_id),
    );
    const tickets = new Map(
      (await db.selectFrom("evaluation_rectifications").selectAll().execute()).map((r) => [r.evaluation_id, r]),
    );
    return evaluations
      .filter((e) => e.kind === "initial" && !excluded.has(e.id))
      .map((e) => {
        const ticket = tickets.get(e.id);
        return {
          ...e,
          replied: Boolean(ticket?.replied_at),
          onTime: ticket?.replied_on_time === true,
        };
      });
  }

  function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
    const out = new Map<string, T[]>();
    for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
    return out;
  }

  it("public and staff figures equal a recomputation from the raw evaluations", async () => {
    const channelLabel = new Map<string, string>(EVALUATION_CHANNEL_TERMS.map((c) => [c.code, c.zh]));
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 25 }),
        fc.constantFrom("department", "item", "channel", "staff", "month") as fc.Arbitrary<EvaluationStats["by"]>,
        async (batch, by) => {
          const departments = [0, 1, 2].map((i) => ({
            id: randomUUID(),
            // one name a spreadsheet would run as a formula: the CSV export must defuse it
            name: `${i === 2 ? "=" : ""}部门${i}-${randomUUID().slice(0, 4)}`,
          }));
          await write(batch, departments);
          const rows = await raw();

          const published = (
            await t.app.inject({ method: "GET", url: "/api/evaluation/public/stats" })
          ).json() as PublicEvaluationStats;
          const expectedDepartments = [...group(rows, (r) => r.department_id)].map(([id, rs]) => ({
            departmentId: id,
            departmentName: rs[0]?.department_name ?? "",
            ...figuresOf(rs),
          }));
          const byId = (a: { departmentId: string }, b: { departmentId: string }) =>
            a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0;
          expect([...published.departments].sort(byId)).toEqual(expectedDepartments.sort(byId));
          expect(published.totals).toEqual(figuresOf(rows));

          const keyOf: Record<EvaluationStats["by"], (r: (typeof rows)[number]) => string> = {
            department: (r) => r.department_id,
            item: (r) => r.item_code ?? r.item_name,
            channel: (r) => r.channel,
            staff: (r) => r.staff_id ?? "",
            month: (r) => r.month,
          };
          const labelOf: Record<EvaluationStats["by"], (r: (typeof rows)[number]) => string> = {
            department: (r) => r.department_name,
            item: (r) => r.item_name,
            channel: (r) => channelLabel.get(r.channel) ?? r.channel,
            staff: (r) => r.staff_name ?? "",
            month: (r) => r.month,
          };
          const staffView = (
            await t.app.inject({ method: "GET", url: `/api/evaluation/stats?by=${by}`, headers: supervisor })
          ).json() as EvaluationStats;
          const expectedRows = [...group(rows, keyOf[by])].map(([key, rs]) => ({
            key,
            label: labelOf[by](rs[0] as (typeof rows)[number]),
            ...figuresOf(rs),
          }));
          const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
          expect([...staffView.rows].sort(byKey)).toEqual(expectedRows.sort(byKey));
          expect(staffView.totals).toEqual(figuresOf(rows));
          expect(staffView.defaultGood).toBeNull();

          // The CSV export holds the same figures: one line per row (label first, a formula-like label behind an
          // apostrophe), then 合计; rates as the JSON numbers, an empty cell for null.
          const csv = await t.app.inject({
            method: "GET",
            url: `/api/evaluation/stats.csv?by=${by}`,
            headers: supervisor,
          });
          expect(csv.statusCode, csv.body).toBe(200);
          expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
          expect(csv.body.startsWith("\uFEFF")).toBe(true);
          const [head, ...lines] = parse(csv.body.slice(1)) as string[][];
          const cells = (f: EvaluationFigures) =>
            [
              f.total,
              f.satisfied,
              f.bad,
              f.rectified,
              f.onTime,
              f.satisfactionRate,
              f.badRate,
              f.rectificationRate,
              f.onTimeRate,
            ].map((v) => (v === null ? "" : String(v)));
          expect(head?.[6]).toBe("满意率");
          expect(lines).toEqual([
            ...staffView.rows.map((r) => [r.label.startsWith("=") ? `'${r.label}` : r.label, ...cells(r)]),
            ["合计", ...cells(staffView.totals)],
          ]);
        },
      ),
      { numRuns: 30 },
    );
  });
});
