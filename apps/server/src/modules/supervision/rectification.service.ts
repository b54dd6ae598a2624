/**
 * 责令整改 follow-up. A visit finished with 责令整改 opens one rectification (in the visit's transaction) with a
 * deadline of RECTIFY_WORKING_DAYS working days and a timer that flags it overdue when it is still open at the
 * end of that day. The enterprise (acting for it) or an inspector of the visit reports what was done, with
 * evidence; an inspector of the visit re-checks (复查): passed closes it, not passed either sets another deadline
 * (a new round, a working day after today) or turns it into a case (立案, a credit record). Every step: locked
 * row, history row, audit entry and notices in one transaction.
 */
import type {
  RecheckRectificationRequest,
  ReportRectificationRequest,
  SupervisionRectification,
} from "@yiwang/contracts";
import type { Kysely, Selectable, Updateable } from "kysely";
import { type Principal, permissionScope } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import type { Job } from "../../platform/jobs/jobs.js";
import { RECTIFY_DEADLINE_JOB, RECTIFY_WORKING_DAYS, type SupervisionDeps } from "./context.js";
import type { SupervisionRectificationsTable, SupervisionVisitsTable } from "./db.js";
import { SupervisionErrors } from "./errors.js";

export type RectificationRow = Selectable<SupervisionRectificationsTable>;
type VisitRow = Selectable<SupervisionVisitsTable>;

const actorOf = (p: Principal) => `${p.kind === "staff" ? "staff" : "citizen"}:${p.id}`;

export class RectificationService {
  constructor(private readonly deps: SupervisionDeps) {}

  /** Opens the follow-up of a visit just finished with 责令整改, in the visit's transaction. */
  async open(trx: Kysely<DB>, visit: VisitRow, now: Date): Promise<void> {
    const cal = await this.deps.calendar.calendar(trx);
    const { deadlineDate } = cal.addWorkingDays(now, RECTIFY_WORKING_DAYS);
    const plan = await trx
      .selectFrom("supervision_plans")
      .select("lead_department_id")
      .where("id", "=", visit.plan_id)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto("supervision_rectifications")
      .values({
        visit_id: visit.id,
        target_uscc: visit.target_uscc,
        department_id: plan.lead_department_id,
        deadline_date: deadlineDate,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.#arm(trx, row.id, deadlineDate);
    await this.#record(trx, row, "system", "opened", { deadlineDate, round: 1 }, now);
    await this.#notice(trx, row, visit, {
      zh: `${visit.target_name} 被责令整改，请于 ${deadlineDate} 前完成整改并提交整改情况及证明材料。`,
      en: `${visit.target_name} must rectify by ${deadlineDate} and report with evidence.`,
    });
  }

  /** The lead department's rectifications (a platform-wide scope sees all), newest first. */
  async list(p: Principal, q: { status?: RectificationRow["status"]; overdue?: "true" | "false" }) {
    const scope = permissionScope(p, "supervision.manage");
    let query = this.deps.db.selectFrom("supervision_rectifications").selectAll();
    if (scope && !scope.all) query = query.where("department_id", "=", scope.departmentId);
    if (q.status) query = query.where("status", "=", q.status);
    if (q.overdue) query = query.where("overdue", "=", q.overdue === "true");
    return this.views(await query.orderBy("created_at", "desc").limit(200).execute());
  }

  /** The enterprise's own rectifications (the citizen acting for it). */
  async forEnterprise(p: Principal) {
    const uscc = p.actingFor?.uscc;
    if (!uscc) return [];
    const rows = await this.deps.db
      .selectFrom("supervision_rectifications")
      .selectAll()
      .where("target_uscc", "=", uscc)
      .orderBy("created_at", "desc")
      .limit(100)
      .execute();
    return this.views(rows);
  }

  /** 整改情况: the enterprise acting for itself, or an inspector of the visit on its behalf. */
  async report(p: Principal, id: string, body: ReportRectificationRequest): Promise<SupervisionRectification> {
    if (body.evidence.length === 0) throw SupervisionErrors.SUPERVISION_EVIDENCE_REQUIRED({ id });
    return this.#step(id, async (trx, row, visit, now) => {
      const enterprise = p.kind === "citizen" && p.actingFor?.uscc === row.target_uscc;
      const inspector = p.kind === "staff" && visit.inspector_ids.includes(p.id);
      if (!enterprise && !inspector) throw SupervisionErrors.SUPERVISION_RECTIFICATION_NOT_FOUND({ id });
      if (row.status !== "open") throw SupervisionErrors.SUPERVISION_RECTIFICATION_STATE({ status: row.status });
      const updated = await this.#update(trx, row.id, now, {
        status: "reported",
        report: body.report,
        evidence: JSON.stringify(body.evidence),
        reported_by: actorOf(p),
        reported_at: now,
      });
      await this.#record(trx, row, actorOf(p), "reported", { report: body.report, evidence: body.evidence }, now, p);
      await this.#notice(
        trx,
        row,
        visit,
        {
          zh: `${visit.target_name} 已提交整改情况，请复查。`,
          en: `${visit.target_name} reported its rectification; please re-check.`,
        },
        { enterprise: false },
      );
      return updated;
    });
  }

  /** 复查 by an inspector of the visit. */
  async recheck(p: Principal, id: string, body: RecheckRectificationRequest): Promise<SupervisionRectification> {
    const cal = await this.deps.calendar.calendar();
    return this.#step(id, async (trx, row, visit, now) => {
      if (p.kind !== "staff" || !visit.inspector_ids.includes(p.id))
        throw SupervisionErrors.SUPERVISION_NOT_RECHECKER({ id });
      if (row.status !== "reported") throw SupervisionErrors.SUPERVISION_RECTIFICATION_STATE({ status: row.status });
      const actor = actorOf(p);
      const checked = { recheck_note: body.note, rechecked_by: p.id, rechecked_at: now };
      if (body.passed || body.next === "case") {
        const status = body.passed ? "passed" : "case";
        const updated = await this.#update(trx, row.id, now, { status, ...checked });
        await this.deps.jobs.cancel(trx, RECTIFY_DEADLINE_JOB, row.id);
        await this.#record(trx, row, actor, body.passed ? "passed" : "case", { note: body.note }, now);
        if (!body.passed) await this.#caseRecord(trx, visit, cal.localDate(now));
        await this.#notice(trx, row, visit, {
          zh: body.passed
            ? `${visit.target_name} 整改复查通过。`
            : `${visit.target_name} 整改复查未通过，依法立案查处。`,
          en: body.passed
            ? `${visit.target_name} passed the re-check.`
            : `${visit.target_name} failed the re-check; a case is opened.`,
        });
        return updated;
      }
      // Another deadline: a working day strictly after today (a deadline in the past or today is refused).
      const deadline = body.deadlineDate as string;
      if (deadline <= cal.localDate(now) || !cal.isWorkingDay(deadline))
        throw SupervisionErrors.SUPERVISION_RECTIFY_DEADLINE({ deadlineDate: deadline });
      const updated = await this.#update(trx, row.id, now, {
        status: "open",
        round: row.round + 1,
        deadline_date: deadline,
        overdue: false,
        report: null,
        evidence: null,
        reported_by: null,
        reported_at: null,
        ...checked,
      });
      await this.#arm(trx, row.id, deadline);
      await this.#record(
        trx,
        row,
        actor,
        "extended",
        { note: body.note, deadlineDate: deadline, round: row.round + 1 },
        now,
      );
      await this.#notice(trx, row, visit, {
        zh: `${visit.target_name} 整改复查未通过，请于 ${deadline} 前再次整改。`,
        en: `${visit.target_name} failed the re-check; rectify again by ${deadline}.`,
      });
      return updated;
    });
  }

  /** The deadline timer: a rectification still open (nothing reported) is flagged overdue. */
  async fire(job: Job, trx: Kysely<DB>): Promise<void> {
    const row = await trx
      .selectFrom("supervision_rectifications")
      .selectAll()
      .where("id", "=", job.key)
      .forUpdate()
      .executeTakeFirst();
    if (row?.status !== "open" || row.overdue) return;
    const now = this.deps.clock.now();
    await this.#update(trx, row.id, now, { overdue: true });
    await this.#record(trx, row, "system", "overdue", { deadlineDate: row.deadline_date, round: row.round }, now);
    const visit = await trx
      .selectFrom("supervision_visits")
      .selectAll()
      .where("id", "=", row.visit_id)
      .executeTakeFirstOrThrow();
    await this.#notice(trx, row, visit, {
      zh: `${visit.target_name} 逾期未提交整改情况（期限 ${row.deadline_date}）。`,
      en: `${visit.target_name} did not report its rectification by ${row.deadline_date}.`,
    });
  }

  async views(rows: RectificationRow[], db: Kysely<DB> = this.deps.db): Promise<SupervisionRectification[]> {
    if (rows.length === 0) return [];
    const names = await db
      .selectFrom("supervision_visits")
      .select(["id", "target_name"])
      .where(
        "id",
        "in",
        rows.map((r) => r.visit_id),
      )
      .execute();
    const byId = new Map(names.map((n) => [n.id, n.target_name]));
    return rows.map((r) => rectificationOut(r, byId.get(r.visit_id) ?? r.target_uscc));
  }

  async #step(
    id: string,
    fn: (trx: Kysely<DB>, row: RectificationRow, visit: VisitRow, now: Date) => Promise<RectificationRow>,
  ): Promise<SupervisionRectification> {
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("supervision_rectifications")
        .selectAll()
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw SupervisionErrors.SUPERVISION_RECTIFICATION_NOT_FOUND({ id });
      const visit = await trx
        .selectFrom("supervision_visits")
        .selectAll()
        .where("id", "=", row.visit_id)
        .executeTakeFirstOrThrow();
      return fn(trx, row, visit, this.deps.clock.now());
    });
    return (await this.views([updated]))[0] as SupervisionRectification;
  }

  #update(
    trx: Kysely<DB>,
    id: string,
    now: Date,
    set: Updateable<SupervisionRectificationsTable>,
  ): Promise<RectificationRow> {
    return trx
      .updateTable("supervision_rectifications")
      .set({ ...set, updated_at: now })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The overdue timer fires just after the deadline day ends; scheduling the key again replaces it. */
  async #arm(trx: Kysely<DB>, id: string, deadlineDate: string) {
    const cal = await this.deps.calendar.calendar(trx);
    await this.deps.jobs.schedule(trx, {
      kind: RECTIFY_DEADLINE_JOB,
      key: id,
      runAt: new Date(cal.endOfDay(deadlineDate).getTime() + 1),
    });
  }

  async #record(
    trx: Kysely<DB>,
    row: RectificationRow,
    actor: string,
    type: string,
    payload: Record<string, unknown>,
    now: Date,
    p?: Principal,
  ) {
    await trx
      .insertInto("supervision_rectification_history")
      .values({ rectification_id: row.id, type, actor, payload: JSON.stringify(payload), created_at: now })
      .execute();
    await this.deps.audit.append(
      {
        type: `supervision.rectification.${type}`,
        actor,
        actingFor: p?.actingFor ? `enterprise:${p.actingFor.uscc}` : null,
        subject: `supervision-rectification:${row.id}`,
        payload: { visitId: row.visit_id, uscc: row.target_uscc, ...payload },
        time: now,
      },
      trx,
    );
  }

  /** The inspectors, the lead department's managers and (unless told not to) the enterprise hear of each step. */
  async #notice(
    trx: Kysely<DB>,
    row: RectificationRow,
    visit: VisitRow,
    body: { zh: string; en: string },
    opts: { enterprise: boolean } = { enterprise: true },
  ) {
    const staff = [...visit.inspector_ids, ...(await this.deps.staffWithRole("dept_admin", row.department_id, trx))];
    const enterprise = opts.enterprise
      ? ((await this.deps.enterpriseAccounts([row.target_uscc], trx)).get(row.target_uscc) ?? [])
      : [];
    const subject = `supervision-rectification:${row.id}`;
    const title = { zh: `责令整改：${visit.target_name}`, en: `Rectification: ${visit.target_name}` };
    await this.deps.notify.send(trx, {
      recipients: [...new Set(staff)],
      kind: "supervision.rectification",
      title,
      body,
      link: "/inspect",
      subject,
    });
    if (enterprise.length > 0)
      await this.deps.notify.send(trx, {
        recipients: enterprise,
        kind: "supervision.rectification",
        title,
        body,
        link: "/credit/rectifications",
        subject,
      });
  }

  /** 立案 after a failed re-check becomes the enterprise's credit record (the penalty itself follows by law). */
  async #caseRecord(trx: Kysely<DB>, visit: VisitRow, today: string) {
    const basis = await trx
      .selectFrom("supervision_plans as p")
      .innerJoin("supervision_items as i", (j) =>
        j.on(({ eb, ref }) => eb(ref("i.id"), "=", eb.fn.any(ref("p.item_ids")))),
      )
      .select(["i.legal_basis", "i.department_id"])
      .where("p.id", "=", visit.plan_id)
      .execute();
    await trx
      .insertInto("credit_records")
      .values({
        uscc: visit.target_uscc,
        kind: "inspection",
        title: "双随机抽查：整改复查未通过，立案查处",
        legal_basis: basis.map((b) => b.legal_basis).join("；") || "双随机抽查",
        department_id: basis[0]?.department_id ?? null,
        decided_on: today,
        publish_until: null,
      })
      .execute();
  }
}

export function rectificationOut(r: RectificationRow, targetName: string): SupervisionRectification {
  return {
    id: r.id,
    visitId: r.visit_id,
    targetUscc: r.target_uscc,
    targetName,
    departmentId: r.department_id,
    status: r.status,
    round: r.round,
    deadlineDate: r.deadline_date,
    overdue: r.overdue,
    report: r.report,
    evidence: r.evidence ?? [],
    reportedAt: r.reported_at?.toISOString() ?? null,
    recheckNote: r.recheck_note,
    recheckedAt: r.rechecked_at?.toISOString() ?? null,
  };
}
