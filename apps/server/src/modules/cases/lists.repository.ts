/**
 * SQL of the case lists (我的办件, the department inbox, 督办): each reads the summary columns only (never the
 * sealed form, the form's schema or the whole plan) and answers a page in one statement, with its total
 * beside it. Issue 16 measured these reads at 170–260 req/s with 10,000 open cases; the inbox scanned up to
 * 5,000 open tasks and their whole case rows per request to count lights and cut a page in process. The
 * inbox now counts lights from the tasks alone (the case's status, promise and deadline are copied onto
 * each task by triggers) and joins cases only for the page it shows.
 */
import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { SUMMARY_COLUMNS, type SummaryRow } from "./mapping.js";
import type { TaskRow } from "./repository.js";
import { OPEN } from "./state.js";

/** The current step's first stage, from the plan stored on the case (what toSummary shows as `stage`). */
const CURRENT_STAGE = sql<string | null>`c.steps->'steps'->c.current_step->'branches'->0->>'stage'`.as("current_stage");

const summaryColumns = SUMMARY_COLUMNS.map((c) => `c.${c}` as const);

/** The task columns an inbox entry shows, prefixed so they do not collide with the case's. */
const TASK_COLUMNS = [
  "t.id as t_id",
  "t.case_id as t_case_id",
  "t.step as t_step",
  "t.branch as t_branch",
  "t.stage as t_stage",
  "t.dept as t_dept",
  "t.dept_id as t_dept_id",
  "t.dept_name as t_dept_name",
  "t.status as t_status",
  "t.claimed_by as t_claimed_by",
  "t.claimed_by_name as t_claimed_by_name",
  "t.claimed_at as t_claimed_at",
  "t.outcome as t_outcome",
  "t.comment as t_comment",
  "t.completed_by as t_completed_by",
  "t.completed_by_name as t_completed_by_name",
  "t.completed_at as t_completed_at",
  "t.created_at as t_created_at",
  "t.case_status as t_case_status",
  "t.case_promise_days as t_case_promise_days",
  "t.case_deadline_date as t_case_deadline_date",
] as const;

export interface InboxFilter {
  scope: "open" | "mine" | "done";
  staffId: string;
  departmentId: string;
  stages: string[];
  q?: string;
}

/** A group of inbox entries whose deadline light is the same at any instant (it depends on these only). */
export interface LightGroup {
  status: string;
  promise_days: number;
  deadline_date: string | null;
  n: number;
}

export class CaseListRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The inbox's tasks (no join: the case's light columns are on the task; a search looks its case up). */
  private inboxBase(f: InboxFilter) {
    let q = this.db.selectFrom("case_tasks as t");
    if (f.scope === "done") q = q.where("t.completed_by", "=", f.staffId).where("t.status", "=", "done");
    else {
      q = q.where("t.status", "=", "open").where("t.dept_id", "=", f.departmentId).where("t.stage", "in", f.stages);
      if (f.scope === "mine") q = q.where("t.claimed_by", "=", f.staffId);
    }
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("cases as s")
            .select("s.id")
            .whereRef("s.id", "=", "t.case_id")
            .where((eb) => eb.or([eb("s.number", "ilike", like), eb("s.item_name", "ilike", like)])),
        ),
      );
    }
    return q;
  }

  /**
   * The inbox's entries counted by what decides their light: a few dozen groups, not thousands of rows,
   * from the index case_tasks_lights alone (the case's columns copied onto its tasks by triggers).
   */
  lightGroups(f: InboxFilter): Promise<LightGroup[]> {
    return this.inboxBase(f)
      .select([
        "t.case_status as status",
        "t.case_promise_days as promise_days",
        "t.case_deadline_date as deadline_date",
        sql<number>`count(*)::int`.as("n"),
      ])
      .groupBy(["t.case_status", "t.case_promise_days", "t.case_deadline_date"])
      .$narrowType<{ status: string; promise_days: number }>()
      .execute();
  }

  /**
   * One page of the inbox (tasks with their cases' summary columns), after the entry `after` (keyset: the
   * index on the department's open tasks is read from there on) or from `offset`; `groups`, when given,
   * keeps only the entries of those light groups.
   */
  async inboxPage(
    f: InboxFilter,
    page: { limit: number; offset: number; after?: string },
    groups?: LightGroup[],
  ): Promise<{ task: TaskRow; case: SummaryRow }[]> {
    const done = f.scope === "done";
    const at = done ? "completed_at" : "created_at";
    let q = this.inboxBase(f)
      .innerJoin("cases as c", "c.id", "t.case_id")
      .select(summaryColumns)
      .select(CURRENT_STAGE)
      .select(TASK_COLUMNS);
    if (groups)
      q = q.where(
        sql<boolean>`(${sql.join(
          groups.map(
            (g) =>
              sql`(t.case_status = ${g.status} and t.case_promise_days = ${g.promise_days} and t.case_deadline_date is not distinct from ${g.deadline_date}::date)`,
          ),
          sql` or `,
        )})`,
      );
    if (page.after) {
      const cursor = sql`(select ${sql.ref(at)}, id from case_tasks where id = ${page.after})`;
      // In the inbox's order: open tasks oldest first, done ones newest first.
      q = q.where(
        done ? sql<boolean>`(t.completed_at, t.id) < ${cursor}` : sql<boolean>`(t.created_at, t.id) > ${cursor}`,
      );
    }
    const rows = await q
      .orderBy(`t.${at}`, done ? "desc" : "asc")
      .orderBy("t.id", done ? "desc" : "asc")
      .limit(page.limit)
      .offset(page.after ? 0 : page.offset)
      .execute();
    return rows.map((r) => ({
      task: {
        id: r.t_id,
        case_id: r.t_case_id,
        step: r.t_step,
        branch: r.t_branch,
        stage: r.t_stage,
        dept: r.t_dept,
        dept_id: r.t_dept_id,
        dept_name: r.t_dept_name,
        status: r.t_status,
        claimed_by: r.t_claimed_by,
        claimed_by_name: r.t_claimed_by_name,
        claimed_at: r.t_claimed_at,
        outcome: r.t_outcome,
        comment: r.t_comment,
        completed_by: r.t_completed_by,
        completed_by_name: r.t_completed_by_name,
        completed_at: r.t_completed_at,
        created_at: r.t_created_at,
        case_status: r.t_case_status,
        case_promise_days: r.t_case_promise_days,
        case_deadline_date: r.t_case_deadline_date,
      },
      case: r,
    }));
  }

  /**
   * The applicant's cases, newest first, and how many there are: one statement (the count is a window over
   * the same rows); a second only for a page past the end, which has no row to carry the count.
   */
  async mine(
    who: { enterpriseId: string } | { accountId: string },
    q: { status?: string; limit: number; offset: number },
  ): Promise<{ rows: SummaryRow[]; total: number }> {
    let base = this.db.selectFrom("cases as c");
    base =
      "enterpriseId" in who
        ? base.where("c.enterprise_id", "=", who.enterpriseId)
        : base.where("c.applicant_account_id", "=", who.accountId).where("c.enterprise_id", "is", null);
    if (q.status) base = base.where("c.status", "=", q.status);
    const rows = await base
      .select(summaryColumns)
      .select(CURRENT_STAGE)
      .select(sql<number>`count(*) over ()`.as("total"))
      .orderBy("c.created_at", "desc")
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    if (rows.length > 0 || q.offset === 0) return { rows, total: rows[0]?.total ?? 0 };
    const n = await base.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    return { rows, total: n.n };
  }

  /** Open cases for 督办, by deadline (summary columns only). */
  supervision(departmentIds: string[], limit: number): Promise<SummaryRow[]> {
    let q = this.db.selectFrom("cases as c").select(summaryColumns).select(CURRENT_STAGE).where("c.status", "in", OPEN);
    for (const id of departmentIds) q = q.where(sql<boolean>`c.dept_ids @> array[${id}]::uuid[]`);
    return q.orderBy("c.deadline_date").limit(limit).execute();
  }
}
