/**
 * Inspection visits on the inspector's phone: start on site (position; one person cannot be at two visits at
 * once), the check list (pass / fail / NA), and both inspectors' confirmation of the result (合格 / 责令整改 /
 * 立案). A finished visit is published within PUBLISH_WORKING_DAYS working days and, when not 合格, becomes a
 * credit record of the enterprise.
 */
import type { SupervisionVisit } from "@yiwang/contracts";
import type { Selectable } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import { PUBLISH_WORKING_DAYS, type SupervisionDeps } from "./context.js";
import type { SupervisionVisitsTable } from "./db.js";
import { SupervisionErrors } from "./errors.js";

type VisitRow = Selectable<SupervisionVisitsTable>;
const RESULT_TITLES = { qualified: "合格", rectify: "责令整改", case: "立案查处" } as const;
/** Confirmations that finish a visit: both inspectors (两人执法). */
const CONFIRMATIONS_NEEDED = 2;

export class VisitService {
  constructor(private readonly deps: SupervisionDeps) {}

  async mine(p: Principal): Promise<SupervisionVisit[]> {
    const rows = await this.deps.db
      .selectFrom("supervision_visits")
      .selectAll()
      .where(({ eb, val }) => eb(val(p.id), "=", eb.fn.any("inspector_ids")))
      .orderBy("created_at", "desc")
      .limit(100)
      .execute();
    return rows.map(visitOut);
  }

  private async locked(
    p: Principal,
    id: string,
    fn: (trx: import("kysely").Kysely<import("../../platform/db/schema.js").DB>, row: VisitRow) => Promise<VisitRow>,
  ) {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("supervision_visits")
        .selectAll()
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw SupervisionErrors.SUPERVISION_VISIT_NOT_FOUND({ id });
      if (!row.inspector_ids.includes(p.id)) throw SupervisionErrors.SUPERVISION_NOT_YOUR_VISIT({ id });
      return visitOut(await fn(trx, row));
    });
  }

  async start(p: Principal, id: string, position: { lat: number; lng: number }) {
    return this.locked(p, id, async (trx, row) => {
      if (row.status !== "assigned") throw SupervisionErrors.SUPERVISION_VISIT_STATE({ status: row.status });
      const elsewhere = await trx
        .selectFrom("supervision_visits")
        .select(["id", "inspector_ids"])
        .where("status", "=", "in_progress")
        .where("id", "<>", id)
        .where(({ eb, val }) => eb("inspector_ids", "&&", val(row.inspector_ids)))
        .executeTakeFirst();
      if (elsewhere) {
        const busy = elsewhere.inspector_ids.filter((i) => row.inspector_ids.includes(i));
        throw SupervisionErrors.SUPERVISION_INSPECTOR_BUSY({ visitId: elsewhere.id, inspectors: busy });
      }
      const updated = await trx
        .updateTable("supervision_visits")
        .set({
          status: "in_progress",
          position: JSON.stringify(position),
          started_at: this.deps.clock.now(),
          started_by: p.id,
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.append(
        {
          type: "supervision.visit.started",
          actor: `staff:${p.id}`,
          subject: `supervision-visit:${id}`,
          payload: position,
        },
        trx,
      );
      return updated;
    });
  }

  async recordChecks(
    p: Principal,
    id: string,
    checks: { index: number; outcome: "pass" | "fail" | "na"; note?: string }[],
  ) {
    return this.locked(p, id, async (trx, row) => {
      if (row.status !== "in_progress") throw SupervisionErrors.SUPERVISION_VISIT_STATE({ status: row.status });
      const list = row.checklist.map((c) => ({ ...c }));
      for (const c of checks) {
        if (c.index >= list.length) throw SupervisionErrors.SUPERVISION_CHECK_INDEX({ index: c.index });
        list[c.index].outcome = c.outcome;
        list[c.index].note = c.note ?? null;
      }
      return trx
        .updateTable("supervision_visits")
        .set({ checklist: JSON.stringify(list), confirmations: [] })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }

  /** One inspector's confirmation; the second one (with the same result) finishes the visit. */
  async confirm(p: Principal, id: string, result: "qualified" | "rectify" | "case") {
    const now = this.deps.clock.now();
    // Read before the transaction: the calendar is cached and read through the root connection.
    const due = (await this.deps.calendar.addWorkingDays(now, PUBLISH_WORKING_DAYS)).deadlineDate;
    return this.locked(p, id, async (trx, row) => {
      if (row.status !== "in_progress") throw SupervisionErrors.SUPERVISION_VISIT_STATE({ status: row.status });
      if (row.checklist.some((c) => c.outcome === null))
        throw SupervisionErrors.SUPERVISION_CHECKLIST_INCOMPLETE({
          open: row.checklist.filter((c) => !c.outcome).length,
        });
      if (row.result && row.result !== result)
        throw SupervisionErrors.SUPERVISION_VISIT_STATE({ status: row.status, confirmedResult: row.result });
      const confirmations = [...new Set([...row.confirmations, p.id])];
      const done = confirmations.length >= CONFIRMATIONS_NEEDED;
      const publishBy = done ? due : null;
      const updated = await trx
        .updateTable("supervision_visits")
        .set({
          confirmations,
          result,
          ...(done ? { status: "finished" as const, finished_at: now, publish_by: publishBy } : {}),
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.append(
        {
          type: done ? "supervision.visit.finished" : "supervision.visit.confirmed",
          actor: `staff:${p.id}`,
          subject: `supervision-visit:${id}`,
          payload: { result, checklist: row.checklist },
        },
        trx,
      );
      if (done && result !== "qualified") {
        const basis = await trx
          .selectFrom("supervision_plans as p")
          .innerJoin("supervision_items as i", (j) =>
            j.on(({ eb, ref }) => eb(ref("i.id"), "=", eb.fn.any(ref("p.item_ids")))),
          )
          .select(["i.legal_basis", "i.department_id"])
          .where("p.id", "=", row.plan_id)
          .execute();
        await trx
          .insertInto("credit_records")
          .values({
            uscc: row.target_uscc,
            kind: "inspection",
            title: `双随机抽查结果：${RESULT_TITLES[result]}`,
            legal_basis: basis.map((b) => b.legal_basis).join("；") || "双随机抽查",
            department_id: basis[0]?.department_id ?? null,
            decided_on: publishBy ?? now.toISOString().slice(0, 10),
            publish_until: null,
          })
          .execute();
      }
      return updated;
    });
  }

  /** 一公开: finished visits, newest first (enterprise names and results only). */
  async published() {
    const rows = await this.deps.db
      .selectFrom("supervision_visits")
      .select(["id", "target_uscc", "target_name", "result", "finished_at", "publish_by"])
      .where("status", "=", "finished")
      .orderBy("finished_at", "desc")
      .limit(200)
      .execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        uscc: r.target_uscc,
        name: r.target_name,
        result: r.result as "qualified" | "rectify" | "case",
        finishedAt: (r.finished_at as Date).toISOString(),
        publishBy: r.publish_by as string,
      })),
    };
  }
}

function visitOut(r: VisitRow): SupervisionVisit {
  return {
    id: r.id,
    planId: r.plan_id,
    targetUscc: r.target_uscc,
    targetName: r.target_name,
    inspectorIds: r.inspector_ids,
    checklist: r.checklist,
    status: r.status,
    position: r.position,
    confirmations: r.confirmations,
    result: r.result,
    publishBy: r.publish_by,
  };
}
