/**
 * Inspection visits on the inspector's phone: start on site (position; one person cannot be at two visits at
 * once), the check list (pass / fail / NA), and both inspectors' confirmation of the result (合格 / 责令整改 /
 * 立案). A finished visit is published within PUBLISH_WORKING_DAYS working days and, when not 合格, becomes a
 * credit record of the enterprise.
 */
import type { PublishedResultList, SupervisionVisit } from "@yiwang/contracts";
import type { Kysely, Selectable } from "kysely";
import { type Principal, permissionScope } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import type { Job } from "../../platform/jobs/jobs.js";
import { PUBLISH_JOB, PUBLISH_WORKING_DAYS, type SupervisionDeps } from "./context.js";
import type { SupervisionVisitsTable } from "./db.js";
import { SupervisionErrors } from "./errors.js";
import { type RectificationRow, type RectificationService, rectificationOut } from "./rectification.service.js";

type VisitRow = Selectable<SupervisionVisitsTable>;
const RESULT_TITLES = { qualified: "合格", rectify: "责令整改", case: "立案查处" } as const;
/** Confirmations that finish a visit: both inspectors (两人执法). */
const CONFIRMATIONS_NEEDED = 2;

export class VisitService {
  constructor(
    private readonly deps: SupervisionDeps,
    private readonly rectifications: RectificationService,
  ) {}

  async mine(p: Principal): Promise<SupervisionVisit[]> {
    const rows = await this.deps.db
      .selectFrom("supervision_visits")
      .selectAll()
      .where(({ eb, val }) => eb(val(p.id), "=", eb.fn.any("inspector_ids")))
      .orderBy("created_at", "desc")
      .limit(100)
      .execute();
    const rects = rows.length
      ? await this.deps.db
          .selectFrom("supervision_rectifications")
          .selectAll()
          .where(
            "visit_id",
            "in",
            rows.map((r) => r.id),
          )
          .execute()
      : [];
    const byVisit = new Map(rects.map((r) => [r.visit_id, r]));
    return rows.map((r) => visitOut(r, byVisit.get(r.id)));
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
      const updated = await fn(trx, row);
      const rect = await trx
        .selectFrom("supervision_rectifications")
        .selectAll()
        .where("visit_id", "=", id)
        .executeTakeFirst();
      return visitOut(updated, rect);
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
        .set({ checklist: JSON.stringify(list), confirmations: [], signatures: "[]" })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }

  /** One inspector's confirmation; the second one (with the same result) finishes the visit. */
  async confirm(p: Principal, id: string, result: "qualified" | "rectify" | "case", signature: string) {
    if (!isPng(signature)) throw SupervisionErrors.SUPERVISION_SIGNATURE_INVALID({ id });
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
      const signatures = [
        ...row.signatures.filter((x) => x.accountId !== p.id),
        { accountId: p.id, image: signature, signedAt: now.toISOString() },
      ];
      const done = confirmations.length >= CONFIRMATIONS_NEEDED;
      const publishBy = done ? due : null;
      const updated = await trx
        .updateTable("supervision_visits")
        .set({
          confirmations,
          signatures: JSON.stringify(signatures),
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
          payload: { result, checklist: row.checklist, signature },
        },
        trx,
      );
      if (done) {
        // 一公开 at the latest at the start of the last allowed day, unless the department publishes earlier.
        const cal = await this.deps.calendar.calendar(trx);
        await this.deps.jobs.schedule(trx, {
          kind: PUBLISH_JOB,
          key: id,
          runAt: cal.startOfDay(due),
        });
      }
      if (done && result === "rectify") await this.rectifications.open(trx, updated, now);
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

  /** 一公开 by the lead department (before the timer does it at the deadline). */
  async publish(p: Principal, id: string): Promise<SupervisionVisit> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("supervision_visits as v")
        .innerJoin("supervision_plans as p", "p.id", "v.plan_id")
        .selectAll("v")
        .select("p.lead_department_id")
        .where("v.id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      const scope = permissionScope(p, "supervision.manage");
      if (!row || !scope || (!scope.all && scope.departmentId !== row.lead_department_id))
        throw SupervisionErrors.SUPERVISION_VISIT_NOT_FOUND({ id });
      if (row.status !== "finished" || row.published_at)
        throw SupervisionErrors.SUPERVISION_VISIT_STATE({ status: row.status, publishedAt: row.published_at });
      const updated = await this.#publish(trx, row, `staff:${p.id}`);
      await this.deps.jobs.cancel(trx, PUBLISH_JOB, id);
      const rect = await trx
        .selectFrom("supervision_rectifications")
        .selectAll()
        .where("visit_id", "=", id)
        .executeTakeFirst();
      return visitOut(updated, rect);
    });
  }

  /** The publication timer: a finished visit still unpublished is published now (within the working days). */
  async firePublish(job: Job, trx: Kysely<DB>): Promise<void> {
    const row = await trx
      .selectFrom("supervision_visits")
      .selectAll()
      .where("id", "=", job.key)
      .forUpdate()
      .executeTakeFirst();
    if (row?.status !== "finished" || row.published_at) return;
    await this.#publish(trx, row, "system");
  }

  async #publish(trx: Kysely<DB>, row: VisitRow, actor: string): Promise<VisitRow> {
    const now = this.deps.clock.now();
    const updated = await trx
      .updateTable("supervision_visits")
      .set({ published_at: now })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.deps.audit.append(
      {
        type: "supervision.visit.published",
        actor,
        subject: `supervision-visit:${row.id}`,
        payload: { uscc: row.target_uscc, result: row.result, publishBy: row.publish_by },
        time: now,
      },
      trx,
    );
    return updated;
  }

  /**
   * 一公开: published results, newest first, searchable by enterprise name or code. Inspectors appear by their
   * law-enforcement certificate numbers only (as published in practice): no names, districts or relations.
   */
  async published(q: { q?: string; page: number; pageSize: number }): Promise<PublishedResultList> {
    let base = this.deps.db.selectFrom("supervision_visits as v").where("v.published_at", "is not", null);
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      base = base.where((eb) => eb.or([eb("v.target_name", "like", like), eb("v.target_uscc", "like", like)]));
    }
    const total = Number((await base.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const rows = await base
      .leftJoin("supervision_rectifications as r", "r.visit_id", "v.id")
      .select([
        "v.id",
        "v.plan_id",
        "v.target_uscc",
        "v.target_name",
        "v.result",
        "v.finished_at",
        "v.published_at",
        "v.checklist",
        "v.inspector_ids",
        "r.status as rectification",
      ])
      .orderBy("v.published_at", "desc")
      .orderBy("v.id")
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const itemIds = [...new Set(rows.flatMap((r) => r.checklist.map((c) => c.itemId)))];
    const inspectorIds = [...new Set(rows.flatMap((r) => r.inspector_ids))];
    const items = itemIds.length
      ? await this.deps.db.selectFrom("supervision_items").select(["id", "name"]).where("id", "in", itemIds).execute()
      : [];
    const certs = inspectorIds.length
      ? await this.deps.db
          .selectFrom("supervision_inspectors")
          .select(["account_id", "certificate_no"])
          .where("account_id", "in", inspectorIds)
          .execute()
      : [];
    const itemName = new Map(items.map((i) => [i.id, i.name]));
    const certOf = new Map(certs.map((c) => [c.account_id, c.certificate_no]));
    const cal = await this.deps.calendar.calendar();
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        uscc: r.target_uscc,
        name: r.target_name,
        items: [...new Set(r.checklist.map((c) => itemName.get(c.itemId) ?? ""))].filter(Boolean),
        result: r.result as "qualified" | "rectify" | "case",
        inspectedOn: cal.localDate(r.finished_at as Date),
        publishedAt: (r.published_at as Date).toISOString(),
        certificateNos: r.inspector_ids.map((i) => certOf.get(i)).filter((c): c is string => Boolean(c)),
        rectification: (r.rectification as RectificationRow["status"] | null) ?? null,
      })),
    };
  }
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_SIGNATURE_BYTES = 100_000;

/** A PNG by content (magic bytes and IHDR), not only by the data URL's label. */
function isPng(dataUrl: string): boolean {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");
  return (
    bytes.length > 24 &&
    bytes.length <= MAX_SIGNATURE_BYTES &&
    bytes.subarray(0, 8).equals(PNG_MAGIC) &&
    bytes.subarray(12, 16).toString("latin1") === "IHDR"
  );
}

function visitOut(r: VisitRow, rect?: RectificationRow): SupervisionVisit {
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
    signatures: r.signatures.map((x) => ({ accountId: x.accountId, signedAt: x.signedAt })),
    result: r.result,
    publishBy: r.publish_by,
    publishedAt: r.published_at?.toISOString() ?? null,
    rectification: rect ? rectificationOut(rect, r.target_name) : null,
  };
}
