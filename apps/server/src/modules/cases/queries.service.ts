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
import { can, type Principal, permissionScope } from "../../platform/auth/permissions.js";
import { PlatformErrors } from "../../platform/errors.js";
import type { PersonalDataAccess } from "../identity/index.js";
import { allowedCommands, assertReadable, tasksFor } from "./access.js";
import type { CaseDeps } from "./context.js";
import { deadlineView } from "./deadline.js";
import { deferralView } from "./deferral.js";
import { CaseErrors } from "./errors.js";
import { openForm } from "./form-data.js";
import { CaseListRepository, type LightGroup } from "./lists.repository.js";
import {
  type SummaryRow,
  toAction,
  toMaterial,
  toSpecialProcedure,
  toSummary,
  toSupplement,
  toTask,
} from "./mapping.js";
import { PrefilledMemo } from "./prefill.js";
import type { CaseChildren, CaseRow } from "./repository.js";
import { STAGE_PERMISSION } from "./workflow.js";

/** Supervision computes lights in process over at most this many open rows per call. */
const SCAN_LIMIT = 5000;

export class CaseQueries {
  constructor(
    private readonly deps: CaseDeps,
    private readonly personalData: Pick<PersonalDataAccess, "record">,
  ) {
    this.lists = new CaseListRepository(deps.db);
    this.prefilled = new PrefilledMemo(deps.pii);
  }

  private readonly lists: CaseListRepository;
  private readonly prefilled: PrefilledMemo;

  private async summaries(rows: (CaseRow | SummaryRow)[]): Promise<CaseSummary[]> {
    const cal = await this.deps.calendar.calendar();
    const now = this.deps.clock.now();
    return rows.map((r) => toSummary(r, cal, now, this.deps.config.yellowShare));
  }

  /** One statement reads the case with its tasks, materials, history, pauses and 容缺 record. */
  async detail(p: Principal, caseId: string, requestId?: string): Promise<CaseDetail> {
    const found = await this.deps.repo.findWithChildren(caseId);
    if (!found) throw CaseErrors.CASE_NOT_FOUND({ id: caseId });
    assertReadable(p, found.row);
    return this.present(p, found.row, found.children, requestId);
  }

  /**
   * The detail of a row the caller may read (after a command, say): its children in one statement, unless
   * the command's own statement answered them (`children`).
   */
  async detailOf(p: Principal, row: CaseRow, requestId?: string, children?: CaseChildren): Promise<CaseDetail> {
    return this.present(p, row, children ?? (await this.deps.repo.children(row.id)), requestId);
  }

  private async present(
    p: Principal,
    row: CaseRow,
    { tasks, materials, actions, pauses, deferral }: CaseChildren,
    requestId?: string,
  ): Promise<CaseDetail> {
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
      prefilledFrom: this.prefilled.of(row, formData),
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
      deferral: deferralView(deferral, materials),
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
    const a = p.actingFor;
    if (a && !(a.as === "representative" || a.scopes.includes("*") || a.scopes.includes("case.view")))
      throw PlatformErrors.FORBIDDEN({ permission: "case.view" });
    const { rows, total } = await this.lists.mine(a ? { enterpriseId: a.enterpriseId } : { accountId: p.id }, q);
    return { items: await this.summaries(rows), total };
  }

  /**
   * The department queue: open tasks of the caller's department at the stages their roles handle. The
   * counts by light come from the entries grouped by what decides a light (status, promised days, deadline),
   * the page from the queue's index, after the entry `after` (keyset) or from `offset`.
   */
  async inbox(p: Principal, q: InboxQuery): Promise<Inbox> {
    if (p.kind !== "staff" || !p.departmentId) throw PlatformErrors.FORBIDDEN({ permission: "case.read" });
    const stages = (Object.keys(STAGE_PERMISSION) as TaskStage[]).filter(
      (s) => can(p, STAGE_PERMISSION[s], p.departmentId) && (!q.stage || q.stage === s),
    );
    if (stages.length === 0 && q.scope !== "done")
      return { items: [], total: 0, counts: { green: 0, yellow: 0, red: 0 }, nextCursor: null };
    const filter = { scope: q.scope, staffId: p.id, departmentId: p.departmentId, stages, q: q.q };
    const cal = await this.deps.calendar.calendar();
    const now = this.deps.clock.now();
    const lightOf = (g: LightGroup) =>
      deadlineView(
        cal,
        {
          status: g.status,
          promiseDays: g.promise_days,
          deadlineDate: g.deadline_date,
          pausedWorkingDays: 0,
          escalationLevel: 0,
        },
        now,
        this.deps.config.yellowShare,
      ).light;
    const groups = (await this.lists.lightGroups(filter)).map((g) => ({ ...g, light: lightOf(g) }));
    const counts = { green: 0, yellow: 0, red: 0 };
    for (const g of groups) if (g.light in counts) counts[g.light as keyof typeof counts] += g.n;
    const kept = q.light ? groups.filter((g) => g.light === q.light) : groups;
    const total = kept.reduce((n, g) => n + g.n, 0);
    if (total === 0) return { items: [], total, counts, nextCursor: null };
    const page = await this.lists.inboxPage(
      filter,
      { limit: q.limit, offset: q.offset, after: q.after },
      q.light ? kept : undefined,
    );
    const items = page.map((e) => ({
      task: toTask(e.task),
      case: toSummary(e.case, cal, now, this.deps.config.yellowShare),
    }));
    return { items, total, counts, nextCursor: page.length === q.limit ? (page.at(-1)?.task.id ?? null) : null };
  }

  /** 督办 batch view: open cases, red first; a department head sees their department, a supervisor all. */
  async supervision(p: Principal, q: SupervisionQuery): Promise<CaseList> {
    const scope = permissionScope(p, "case.supervise");
    if (!scope) throw PlatformErrors.FORBIDDEN({ permission: "case.supervise" });
    const within = scope.all ? [] : [scope.departmentId as string];
    if (q.dept) {
      const dept = (await this.deps.departments()).get(q.dept);
      if (!dept) return { items: [], total: 0 };
      within.push(dept.id);
    }
    const rows = await this.lists.supervision(within, SCAN_LIMIT);
    const order = { red: 0, yellow: 1, paused: 2, green: 3, none: 4 } as const;
    const all = (await this.summaries(rows))
      .filter((s) => !q.light || s.deadline.light === q.light)
      .sort((a, b) => order[a.deadline.light] - order[b.deadline.light]);
    return { items: all.slice(q.offset, q.offset + q.limit), total: all.length };
  }
}
