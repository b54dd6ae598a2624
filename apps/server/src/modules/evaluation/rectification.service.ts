/**
 * 差评整改: each 差评 opens one ticket for the responsible department, with a deadline of
 * EVALUATION_RECTIFY_WORKING_DAYS on the work calendar and a timer (escalation.ts) armed in the same
 * transaction. The department verifies (核实) and says how it handles it (立行立改 / 限期整改 / 解释说明),
 * replies to the citizen (答复, which stops the timer and records whether it was on time), and the citizen
 * answers the callback (回访: satisfied or not), which closes it. A visit's ticket (no account to call back)
 * closes with the reply. Every step: locked row, version check, history + audit + event, one transaction.
 */
import type {
  Rectification,
  RectificationCallbackRequest,
  RectificationForCitizen,
  RectificationList,
  RectificationListQuery,
  ReplyRectificationRequest,
  VerifyRectificationRequest,
} from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { z } from "zod";
import { can, type Permission, type Principal, permissionScope } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import { actorOf, type EvaluationDeps, RECTIFICATION_DEADLINE_JOB, SYSTEM } from "./context.js";
import { EvaluationErrors } from "./errors.js";
import { toCitizenRectification, toRectification } from "./mapping.js";
import type { RectificationRow, Scope } from "./rectifications.repository.js";
import type { EvaluationRow, InvitationRow } from "./repository.js";
import type { EvaluationWriter } from "./writer.js";

type Callback = z.output<typeof RectificationCallbackRequest>;

/** The scope in which a principal holds a permission, or 403. */
export function scopeOf(p: Principal, permission: Permission): Scope {
  const scope = permissionScope(p, permission);
  if (!scope) throw PlatformErrors.FORBIDDEN({ permission });
  return scope;
}

export class RectificationService {
  constructor(
    private readonly deps: EvaluationDeps,
    private readonly writer: EvaluationWriter,
  ) {}

  /** Opens the ticket for a 差评, in the evaluation's transaction. */
  async open(trx: Kysely<DB>, e: EvaluationRow, inv: InvitationRow): Promise<RectificationRow> {
    const cal = await this.deps.calendar.calendar(trx);
    const now = this.deps.clock.now();
    const { deadlineDate } = cal.addWorkingDays(now, this.deps.config.rectifyWorkingDays);
    const row = await this.deps.rectifications.insert(trx, {
      evaluation_id: e.id,
      department_id: inv.department_id,
      deadline_date: deadlineDate,
      created_at: now,
      updated_at: now,
    });
    await this.deps.jobs.schedule(trx, {
      kind: RECTIFICATION_DEADLINE_JOB,
      key: row.id,
      runAt: new Date(cal.endOfDay(deadlineDate).getTime() + 1),
      payload: { rectificationId: row.id },
    });
    await this.writer.record(trx, SYSTEM, {
      invitationId: inv.id,
      evaluationId: e.id,
      type: "rectification_opened",
      payload: { rectificationId: row.id, departmentId: inv.department_id, deadlineDate, level: e.level },
      publish: true,
    });
    const recipients = [
      ...(await this.deps.staffWithRole("dept_admin", inv.department_id, trx)),
      ...(await this.deps.staffWithRole("window_clerk", inv.department_id, trx)),
    ];
    if (recipients.length > 0)
      await this.deps.notify.send(trx, {
        recipients,
        kind: "evaluation.bad_review",
        title: { zh: `收到差评：${inv.item_name}`, en: `Bad review: ${inv.item_name}` },
        body: {
          zh: `${inv.subject_label} 收到差评，请于 ${deadlineDate} 前核实整改并答复。`,
          en: `${inv.subject_label} received a bad review; verify, rectify and reply by ${deadlineDate}.`,
        },
        link: "/workbench/evaluation",
        subject: `evaluation:${e.id}`,
      });
    return row;
  }

  async list(p: Principal, q: RectificationListQuery): Promise<RectificationList> {
    const { rows, total } = await this.deps.rectifications.list(scopeOf(p, "evaluation.read"), q);
    return { items: await this.views(rows), total };
  }

  async get(p: Principal, id: string): Promise<Rectification> {
    const row = await this.deps.rectifications.find(id);
    if (!row || !can(p, "evaluation.read", row.department_id))
      throw EvaluationErrors.EVALUATION_RECTIFICATION_NOT_FOUND({ id });
    return (await this.views([row]))[0] as Rectification;
  }

  verify(p: Principal, id: string, body: VerifyRectificationRequest): Promise<Rectification> {
    return this.#step(p, id, body.version, ["verifying"], async (trx, row, now) => {
      const updated = await this.deps.rectifications.update(
        trx,
        row,
        { status: "rectifying", handling: body.handling, finding: body.finding },
        now,
      );
      return { updated, type: "rectification_verified", comment: body.finding, payload: { handling: body.handling } };
    });
  }

  reply(p: Principal, id: string, body: ReplyRectificationRequest): Promise<Rectification> {
    return this.#step(p, id, body.version, ["rectifying"], async (trx, row, now, inv) => {
      const cal = await this.deps.calendar.calendar(trx);
      const onTime = now.getTime() <= cal.endOfDay(row.deadline_date).getTime();
      // Nobody to call back after a kiosk visit: the reply closes the ticket.
      const closes = inv.account_id === null;
      const updated = await this.deps.rectifications.update(
        trx,
        row,
        {
          status: closes ? "closed" : "replied",
          reply: body.reply,
          replied_at: now,
          replied_on_time: onTime,
          closed_at: closes ? now : null,
        },
        now,
      );
      await this.deps.jobs.cancel(trx, RECTIFICATION_DEADLINE_JOB, row.id);
      if (inv.account_id)
        await this.deps.notify.send(trx, {
          recipients: [inv.account_id],
          kind: "evaluation.replied",
          title: {
            zh: `部门已答复您的评价：${inv.item_name}`,
            en: `The department replied to your review: ${inv.item_name}`,
          },
          body: {
            zh: `${inv.department_name} 已就您的评价作出答复，请查看并告诉我们问题是否已解决。`,
            en: `${inv.department_name} replied to your review. Please tell us whether it fixed things.`,
          },
          link: `/evaluate/${inv.id}`,
          subject: `evaluation:${row.evaluation_id}`,
        });
      return { updated, type: "rectification_replied", comment: body.reply, payload: { onTime } };
    });
  }

  /** 回访: the citizen says whether the reply fixed things; the ticket closes. */
  async callback(p: Principal, id: string, body: Callback): Promise<RectificationForCitizen> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.rectifications.lock(id, trx);
      const e = row ? await this.deps.repo.evaluation(row.evaluation_id, trx) : undefined;
      const inv = e ? await this.deps.repo.invitation(e.invitation_id, trx) : undefined;
      if (!row || !inv || inv.account_id !== p.id) throw EvaluationErrors.EVALUATION_RECTIFICATION_NOT_FOUND({ id });
      if (row.status !== "replied")
        throw EvaluationErrors.EVALUATION_RECTIFICATION_ILLEGAL({ status: row.status, command: "callback" });
      const now = this.deps.clock.now();
      const updated = await this.deps.rectifications.update(
        trx,
        row,
        {
          status: "closed",
          callback_satisfied: body.satisfied,
          callback_comment: body.comment,
          callback_at: now,
          closed_at: now,
        },
        now,
      );
      await this.writer.record(trx, actorOf(p), {
        invitationId: inv.id,
        evaluationId: row.evaluation_id,
        type: "rectification_callback",
        comment: body.comment || null,
        payload: { rectificationId: row.id, satisfied: body.satisfied },
        publish: true,
      });
      return toCitizenRectification(updated);
    });
  }

  /** Lock, department permission, version, legal status; then the step, its history, audit and event. */
  #step(
    p: Principal,
    id: string,
    version: number,
    from: string[],
    fn: (
      trx: Kysely<DB>,
      row: RectificationRow,
      now: Date,
      inv: InvitationRow,
    ) => Promise<{ updated: RectificationRow; type: string; comment: string; payload: Record<string, unknown> }>,
  ): Promise<Rectification> {
    return this.deps.db
      .transaction()
      .execute(async (trx) => {
        const row = await this.deps.rectifications.lock(id, trx);
        if (!row || !can(p, "evaluation.read", row.department_id))
          throw EvaluationErrors.EVALUATION_RECTIFICATION_NOT_FOUND({ id });
        if (!can(p, "evaluation.rectify", row.department_id))
          throw PlatformErrors.FORBIDDEN({ permission: "evaluation.rectify" });
        if (row.version !== version)
          throw EvaluationErrors.EVALUATION_VERSION_CONFLICT({ expected: version, current: row.version });
        if (!from.includes(row.status)) throw EvaluationErrors.EVALUATION_RECTIFICATION_ILLEGAL({ status: row.status });
        const e = await this.deps.repo.evaluation(row.evaluation_id, trx);
        const inv = e ? await this.deps.repo.invitation(e.invitation_id, trx) : undefined;
        if (!inv) throw new Error(`rectification ${id} without its invitation`);
        const actor = actorOf(p);
        const r = await fn(trx, row, this.deps.clock.now(), inv);
        await this.writer.record(trx, actor, {
          invitationId: inv.id,
          evaluationId: row.evaluation_id,
          type: r.type,
          comment: r.comment,
          payload: { rectificationId: row.id, ...r.payload },
          publish: true,
        });
        return r.updated;
      })
      .then(async (updated) => (await this.views([updated]))[0] as Rectification);
  }

  /** Tickets with their evaluation, invitation and appeal, for staff screens (applicant masked). */
  async views(rows: RectificationRow[], db: Kysely<DB> = this.deps.db): Promise<Rectification[]> {
    const cal = await this.deps.calendar.calendar();
    const now = this.deps.clock.now();
    const appeals = await this.deps.rectifications.appealsOf(
      rows.map((r) => r.evaluation_id),
      db,
    );
    const out: Rectification[] = [];
    for (const r of rows) {
      const e = await this.deps.repo.evaluation(r.evaluation_id, db);
      const inv = e ? await this.deps.repo.invitation(e.invitation_id, db) : undefined;
      if (!e || !inv) throw new Error(`rectification ${r.id} without its evaluation`);
      out.push(
        toRectification(
          r,
          e,
          inv,
          appeals.find((a) => a.evaluation_id === r.evaluation_id),
          cal,
          now,
        ),
      );
    }
    return out;
  }
}
