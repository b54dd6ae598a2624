/**
 * Reading cases: the detail (applicant or staff, with the commands the caller may run), the applicant's
 * own list, the department inbox (open tasks by role, with deadline lights) and the supervision view.
 * Lights are computed at read time from the work calendar, so they are never stale.
 */
import type {
  CaseDetail,
  CaseList,
  CaseStatus,
  CaseSummary,
  CreditSummary,
  Inbox,
  InboxQuery,
  SupervisionQuery,
  TaskStage,
} from "@yiwang/contracts";
import { sql } from "kysely";
import { can, type Principal, permissionScope } from "../../platform/auth/permissions.js";
import { PlatformErrors } from "../../platform/errors.js";
import type { PersonalDataAccess } from "../identity/index.js";
import { allowedCommands, assertReadable, tasksFor } from "./access.js";
import type { CaseDeps } from "./context.js";
import { deferralView } from "./deferral.js";
import { CaseErrors } from "./errors.js";
import { openForm } from "./form-data.js";
import { toAction, toMaterial, toSpecialProcedure, toSummary, toSupplement, toTask } from "./mapping.js";
import { prefilledFrom } from "./prefill.js";
import type { CaseRow } from "./repository.js";
import { OPEN } from "./state.js";
import { STAGE_PERMISSION } from "./workflow.js";

/** Inbox and supervision compute lights in process over at most this many open rows per call. */
const SCAN_LIMIT = 5000;

export class CaseQueries {
  constructor(
    private readonly deps: CaseDeps,
    private readonly personalData: Pick<PersonalDataAccess, "record">,
  ) {}

  private async summaries(rows: CaseRow[]): Promise<CaseSummary[]> {
    const cal = await this.deps.calendar.calendar();
    const now = this.deps.clock.now();
    return rows.map((r) => toSummary(r, cal, now, this.deps.config.yellowShare));
  }

  async detail(p: Principal, caseId: string, requestId?: string): Promise<CaseDetail> {
    const row = await this.deps.repo.find(caseId);
    if (!row) throw CaseErrors.CASE_NOT_FOUND({ id: caseId });
    assertReadable(p, row);
    return this.detailOf(p, row, requestId);
  }

  /** The detail of a row the caller may read (after a command, say). */
  async detailOf(p: Principal, row: CaseRow, requestId?: string): Promise<CaseDetail> {
    const [tasks, materials, actions, pauses, deferral] = await Promise.all([
      this.deps.repo.tasks(row.id),
      this.deps.repo.materials(row.id),
      this.deps.repo.actions(row.id),
      this.deps.repo.pauses(row.id),
      deferralView(this.deps, row),
    ]);
    // Staff read the application in full to handle it: every such read of personal data is recorded.
    if (p.kind === "staff")
      await this.personalData.record({
        actor: `staff:${p.id}`,
        account: { id: row.applicant_account_id },
        fields: ["case_form"],
        reason: `case:${row.number ?? row.id}`,
        requestId: requestId ?? null,
      });
    const [summary] = await this.summaries([row]);
    const formData = openForm(this.deps.pii, row.id, row.form_data_enc);
    const open = tasks.filter((t) => t.status === "open");
    const mine = tasksFor(p, open);
    return {
      ...summary!,
      audience: row.audience as CaseDetail["audience"],
      formData,
      prefilledFrom: prefilledFrom(this.deps.pii, row.prefilled, formData),
      form: row.form as CaseDetail["form"],
      materials: materials.map(toMaterial),
      tasks: tasks.map(toTask),
      history: actions.map(toAction),
      supplement: toSupplement(pauses.find((x) => x.kind === "supplement")),
      specialProcedures: pauses.filter((x) => x.kind !== "supplement").map(toSpecialProcedure),
      decision:
        row.outcome && row.decided_at
          ? {
              outcome: row.outcome as "approved" | "denied",
              reason: row.decision_reason,
              at: row.decided_at.toISOString(),
              by: row.decided_by ?? "",
            }
          : null,
      allowedActions: allowedCommands(p, row, open),
      myTaskId: (mine.find((t) => t.claimed_by === p.id) ?? mine.find((t) => !t.claimed_by) ?? mine[0])?.id ?? null,
      deferral,
    };
  }

  /** The applicant enterprise's credit for staff handling the case (null for a person's own case). */
  async credit(p: Principal, caseId: string): Promise<CreditSummary | null> {
    if (p.kind !== "staff") throw PlatformErrors.FORBIDDEN({ permission: "case.read" });
    const row = await this.deps.repo.find(caseId);
    if (!row) throw CaseErrors.CASE_NOT_FOUND({ id: caseId });
    assertReadable(p, row);
    if (!row.enterprise_uscc) return null;
    return this.deps.credit.summary({
      itemCode: row.item_code,
      enterpriseUscc: row.enterprise_uscc,
      enterpriseName: row.enterprise_name ?? row.enterprise_uscc,
    });
  }

  /** The applicant's cases: personal ones, or the enterprise's while acting for it (scope case.view). */
  async mine(p: Principal, q: { status?: CaseStatus; limit: number; offset: number }): Promise<CaseList> {
    if (p.kind !== "citizen") throw PlatformErrors.FORBIDDEN({ permission: "case.view" });
    let query = this.deps.db.selectFrom("cases");
    if (p.actingFor) {
      const a = p.actingFor;
      const ok = a.as === "representative" || a.scopes.includes("*") || a.scopes.includes("case.view");
      if (!ok) throw PlatformErrors.FORBIDDEN({ permission: "case.view" });
      query = query.where("enterprise_id", "=", a.enterpriseId);
    } else {
      query = query.where("applicant_account_id", "=", p.id).where("enterprise_id", "is", null);
    }
    if (q.status) query = query.where("status", "=", q.status);
    const [rows, total] = await Promise.all([
      query.selectAll().orderBy("created_at", "desc").limit(q.limit).offset(q.offset).execute(),
      query.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
    ]);
    return { items: await this.summaries(rows), total: total.n };
  }

  /** The department queue: open tasks of the caller's department at the stages their roles handle. */
  async inbox(p: Principal, q: InboxQuery): Promise<Inbox> {
    if (p.kind !== "staff" || !p.departmentId) throw PlatformErrors.FORBIDDEN({ permission: "case.read" });
    const stages = (Object.keys(STAGE_PERMISSION) as TaskStage[]).filter(
      (s) => can(p, STAGE_PERMISSION[s], p.departmentId) && (!q.stage || q.stage === s),
    );
    if (stages.length === 0 && q.scope !== "done")
      return { items: [], total: 0, counts: { green: 0, yellow: 0, red: 0 } };
    let tq = this.deps.db
      .selectFrom("case_tasks as t")
      .innerJoin("cases as c", "c.id", "t.case_id")
      .selectAll("t")
      .select(["c.number", "c.item_name"]);
    if (q.scope === "done") tq = tq.where("t.completed_by", "=", p.id).where("t.status", "=", "done");
    else {
      tq = tq.where("t.status", "=", "open").where("t.dept_id", "=", p.departmentId).where("t.stage", "in", stages);
      if (q.scope === "mine") tq = tq.where("t.claimed_by", "=", p.id);
    }
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      tq = tq.where((eb) => eb.or([eb("c.number", "ilike", like), eb("c.item_name", "ilike", like)]));
    }
    const tasks = await tq
      .orderBy(q.scope === "done" ? "t.completed_at" : "t.created_at", q.scope === "done" ? "desc" : "asc")
      .limit(SCAN_LIMIT)
      .execute();
    const caseRows = tasks.length
      ? await this.deps.db
          .selectFrom("cases")
          .selectAll()
          .where("id", "in", [...new Set(tasks.map((t) => t.case_id))])
          .execute()
      : [];
    const byId = new Map((await this.summaries(caseRows)).map((s) => [s.id, s]));
    const all = tasks.map((t) => ({ task: toTask(t), case: byId.get(t.case_id)! }));
    const counts = { green: 0, yellow: 0, red: 0 };
    for (const e of all) if (e.case.deadline.light in counts) counts[e.case.deadline.light as keyof typeof counts]++;
    const filtered = q.light ? all.filter((e) => e.case.deadline.light === q.light) : all;
    return { items: filtered.slice(q.offset, q.offset + q.limit), total: filtered.length, counts };
  }

  /** 督办 batch view: open cases, red first; a department head sees their department, a supervisor all. */
  async supervision(p: Principal, q: SupervisionQuery): Promise<CaseList> {
    const scope = permissionScope(p, "case.supervise");
    if (!scope) throw PlatformErrors.FORBIDDEN({ permission: "case.supervise" });
    let query = this.deps.db.selectFrom("cases").selectAll().where("status", "in", OPEN);
    if (!scope.all) query = query.where(sql<boolean>`dept_ids @> array[${scope.departmentId}]::uuid[]`);
    if (q.dept) {
      const dept = (await this.deps.departments()).get(q.dept);
      if (!dept) return { items: [], total: 0 };
      query = query.where(sql<boolean>`dept_ids @> array[${dept.id}]::uuid[]`);
    }
    const rows = await query.orderBy("deadline_date").limit(SCAN_LIMIT).execute();
    const order = { red: 0, yellow: 1, paused: 2, green: 3, none: 4 } as const;
    const all = (await this.summaries(rows))
      .filter((s) => !q.light || s.deadline.light === q.light)
      .sort((a, b) => order[a.deadline.light] - order[b.deadline.light]);
    return { items: all.slice(q.offset, q.offset + q.limit), total: all.length };
  }
}
