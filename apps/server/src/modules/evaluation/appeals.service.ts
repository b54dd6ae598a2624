/**
 * 申诉复核: the responsible department appeals a review it holds to be mistaken or malicious, once; the
 * supervisors decide. Upheld, the review leaves the statistics: a row in evaluation_exclusions (append-only,
 * with the reason) — the evaluation itself is never changed or deleted — and its open rectification ticket
 * becomes void. Filing and deciding are each one transaction with history, audit entry and event.
 */
import type {
  AppealDetail,
  AppealList,
  AppealListQuery,
  Appeal as AppealView,
  DecideAppealRequest,
  FileAppealRequest,
} from "@yiwang/contracts";
import { can, type Principal } from "../../platform/auth/permissions.js";
import { PlatformErrors } from "../../platform/errors.js";
import { actorOf, type EvaluationDeps, RECTIFICATION_DEADLINE_JOB } from "./context.js";
import { EvaluationErrors } from "./errors.js";
import { toAppeal, toEvaluation } from "./mapping.js";
import type { AppealRow } from "./rectifications.repository.js";
import type { EvaluationWriter } from "./writer.js";

export class AppealService {
  constructor(
    private readonly deps: EvaluationDeps,
    private readonly writer: EvaluationWriter,
  ) {}

  file(p: Principal, evaluationId: string, body: FileAppealRequest): Promise<AppealView> {
    return this.deps.db.transaction().execute(async (trx) => {
      const e = await this.deps.repo.evaluation(evaluationId, trx);
      if (e?.kind !== "initial" || !can(p, "evaluation.read", e.department_id))
        throw EvaluationErrors.EVALUATION_INVITATION_NOT_FOUND({ evaluationId });
      if (!can(p, "evaluation.appeal", e.department_id))
        throw PlatformErrors.FORBIDDEN({ permission: "evaluation.appeal" });
      if (await this.deps.rectifications.appealOf(e.id, trx)) throw EvaluationErrors.EVALUATION_APPEAL_EXISTS();
      const now = this.deps.clock.now();
      const appeal = await this.deps.rectifications.insertAppeal(trx, {
        evaluation_id: e.id,
        department_id: e.department_id,
        reason: body.reason,
        filed_by: `staff:${p.id}`,
        filed_by_name: p.displayName,
        filed_at: now,
      });
      await this.writer.record(trx, actorOf(p), {
        invitationId: e.invitation_id,
        evaluationId: e.id,
        type: "appeal_filed",
        comment: body.reason,
        payload: { appealId: appeal.id, departmentId: e.department_id },
        publish: true,
      });
      const supervisors = await this.deps.staffWithRole("supervisor", undefined, trx);
      if (supervisors.length > 0)
        await this.deps.notify.send(trx, {
          recipients: supervisors,
          kind: "evaluation.appeal",
          title: { zh: `差评申诉待复核：${e.department_name}`, en: `Appeal to review: ${e.department_name}` },
          body: {
            zh: `${e.department_name} 对一条评价（${e.item_name}）提出申诉，请复核。`,
            en: `${e.department_name} appealed a review (${e.item_name}).`,
          },
          link: "/workbench/evaluation/appeals",
          subject: `evaluation:${e.id}`,
        });
      return toAppeal(appeal, e.department_name);
    });
  }

  async list(q: AppealListQuery): Promise<AppealList> {
    const { rows, total } = await this.deps.rectifications.appeals(q);
    return { items: await Promise.all(rows.map((a) => this.detail(a))), total };
  }

  decide(p: Principal, appealId: string, body: DecideAppealRequest): Promise<AppealDetail> {
    return this.deps.db
      .transaction()
      .execute(async (trx) => {
        const appeal = await this.deps.rectifications.lockAppeal(appealId, trx);
        if (!appeal) throw EvaluationErrors.EVALUATION_APPEAL_NOT_FOUND({ id: appealId });
        if (appeal.status !== "pending") throw EvaluationErrors.EVALUATION_APPEAL_DECIDED({ status: appeal.status });
        const e = await this.deps.repo.evaluation(appeal.evaluation_id, trx);
        if (!e) throw new Error(`appeal ${appealId} without its evaluation`);
        const now = this.deps.clock.now();
        const actor = actorOf(p);
        const decided = await this.deps.rectifications.updateAppeal(trx, appeal.id, {
          status: body.upheld ? "upheld" : "rejected",
          decision_reason: body.reason,
          decided_by: actor.ref,
          decided_by_name: p.displayName,
          decided_at: now,
        });
        await this.writer.record(trx, actor, {
          invitationId: e.invitation_id,
          evaluationId: e.id,
          type: "appeal_decided",
          comment: body.reason,
          payload: { appealId: appeal.id, upheld: body.upheld },
          publish: true,
        });
        if (body.upheld) {
          await this.deps.rectifications.insertExclusion(trx, {
            evaluation_id: e.id,
            appeal_id: appeal.id,
            reason: body.reason,
            decided_by: actor.ref,
            decided_at: now,
          });
          await this.writer.record(trx, actor, {
            invitationId: e.invitation_id,
            evaluationId: e.id,
            type: "excluded",
            comment: body.reason,
            payload: { appealId: appeal.id },
            publish: true,
          });
          const ticket = await this.deps.rectifications.byEvaluation(e.id, trx);
          if (ticket && ticket.status !== "closed") {
            const locked = await this.deps.rectifications.lock(ticket.id, trx);
            if (locked) await this.deps.rectifications.update(trx, locked, { status: "void", closed_at: now }, now);
            await this.deps.jobs.cancel(trx, RECTIFICATION_DEADLINE_JOB, ticket.id);
          }
        }
        const heads = await this.deps.staffWithRole("dept_admin", appeal.department_id, trx);
        if (heads.length > 0)
          await this.deps.notify.send(trx, {
            recipients: heads,
            kind: "evaluation.appeal_decided",
            title: {
              zh: `申诉复核结果：${body.upheld ? "申诉成立" : "申诉不成立"}`,
              en: `Appeal ${body.upheld ? "upheld" : "rejected"}`,
            },
            body: { zh: `复核意见：${body.reason}`, en: `Reason: ${body.reason}` },
            link: "/workbench/evaluation",
            subject: `evaluation:${e.id}`,
          });
        return decided;
      })
      .then((a) => this.detail(a));
  }

  private async detail(a: AppealRow): Promise<AppealDetail> {
    const e = await this.deps.repo.evaluation(a.evaluation_id);
    const inv = e ? await this.deps.repo.invitation(e.invitation_id) : undefined;
    if (!e || !inv) throw new Error(`appeal ${a.id} without its evaluation`);
    const ticket = await this.deps.rectifications.byEvaluation(e.id);
    return {
      ...toAppeal(a, e.department_name),
      subject: { kind: inv.subject_kind as AppealDetail["subject"]["kind"], label: inv.subject_label },
      itemName: inv.item_name,
      evaluation: toEvaluation(e),
      rectificationId: ticket?.id ?? null,
    };
  }
}
