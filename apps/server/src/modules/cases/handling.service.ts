/**
 * The staff side of a case (workbench): claim and release tasks, accept or refuse, ask for a supplement
 * (once), review (pass / veto, sequential or parallel), suspend for a special procedure and resume,
 * decide, deliver. Each command locks the case, checks the caller may read it (403 for other
 * departments), the version they saw (409), that the command is legal now (409), and that they hold an
 * open task for it (403), then writes the transition, its history, audit entry and event together.
 */
import type {
  AcceptRequest,
  CaseCommand,
  SpecialProcedureKind,
  SupplementRequestBody,
  TaskStage,
} from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import { assertReadable, taskFor } from "./access.js";
import { actorFrom, type CaseActor, type CaseDeps } from "./context.js";
import { planDeferral } from "./deferral.js";
import { CaseErrors } from "./errors.js";
import { planOf } from "./mapping.js";
import { CaseProgress } from "./progress.js";
import type { CaseRow, TaskRow } from "./repository.js";
import { isLegal } from "./state.js";
import { afterReview, statusAtStep } from "./workflow.js";
import { CaseWriter } from "./writer.js";

interface Ctx {
  trx: Kysely<DB>;
  row: CaseRow;
  p: Principal;
  actor: CaseActor;
  now: Date;
}

export class HandlingService {
  private readonly writer: CaseWriter;
  private readonly progress: CaseProgress;

  constructor(private readonly deps: CaseDeps) {
    this.writer = new CaseWriter(deps);
    this.progress = new CaseProgress(deps);
  }

  /** Lock, read access, version, legality — the preamble of every staff command. */
  private run<T>(
    p: Principal,
    caseId: string,
    command: CaseCommand,
    version: number | null,
    fn: (c: Ctx) => Promise<T>,
  ) {
    return this.writer.locked(caseId, async (trx, row) => {
      if (p.kind !== "staff") throw PlatformErrors.FORBIDDEN({ permission: "case.read" });
      assertReadable(p, row);
      if (version !== null) this.writer.checkVersion(row, version);
      if (!isLegal(command, row.status as never))
        throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status, command });
      return fn({ trx, row, p, actor: actorFrom(p), now: this.deps.clock.now() });
    });
  }

  private async myTask(c: Ctx, stage?: TaskStage): Promise<TaskRow> {
    return taskFor(c.p, await this.deps.repo.openTasks(c.row.id, c.trx), stage);
  }

  private async complete(c: Ctx, task: TaskRow, outcome: string, comment: string | null) {
    await this.deps.repo.updateTask(
      task.id,
      {
        status: "done",
        outcome,
        comment,
        claimed_by: task.claimed_by ?? c.p.id,
        claimed_by_name: task.claimed_by_name ?? c.p.displayName,
        claimed_at: task.claimed_at ?? c.now,
        completed_by: c.p.id,
        completed_by_name: c.p.displayName,
        completed_at: c.now,
      },
      c.trx,
    );
  }

  /** Opens the next step after `row.current_step`, or (after the last) nothing: decide is always last. */
  private async advance(c: Ctx, extra: Parameters<CaseWriter["apply"]>[3]): Promise<CaseRow> {
    const steps = planOf(c.row).steps;
    const next = (c.row.current_step ?? 0) + 1;
    return this.writer.apply(c.trx, c.row, c.actor, {
      ...extra,
      set: { ...extra.set, current_step: next, status: statusAtStep(steps, next) },
      tasks: this.progress.stepTasks(c.row, next),
    });
  }

  private async decide(
    c: Ctx,
    outcome: "approved" | "denied",
    reason: string | null,
    action: { type: string; comment?: string | null; payload?: Record<string, unknown> },
  ) {
    await this.deps.repo.cancelOpenTasks(c.row.id, c.trx);
    await this.progress.disarmTimer(c.trx, c.row);
    await this.progress.openDelivery(c.trx, c.row);
    // 先审后缴: the payment order is raised with the approval, in its transaction and history entry.
    const payment =
      outcome === "approved"
        ? await this.deps.fees.onApproved(c.trx, {
            caseId: c.row.id,
            number: c.row.number,
            itemCode: c.row.item_code,
            itemVersion: c.row.item_version,
            departmentId: planOf(c.row).lead.id,
            payerAccountId: c.row.applicant_account_id,
            payerName: c.row.enterprise_name ?? c.row.applicant_name,
            approvedAt: c.now,
          })
        : null;
    return this.writer.apply(c.trx, c.row, c.actor, {
      set: {
        status: outcome,
        outcome,
        decided_at: c.now,
        decision_reason: reason,
        decided_by: `${c.p.displayName}`,
      },
      action: { ...action, payload: { ...action.payload, outcome, ...(payment ? { payment } : {}) } },
      event: "decided",
    });
  }

  claim(p: Principal, caseId: string, taskId: string) {
    return this.run(p, caseId, "claim", null, async (c) => {
      const task = (await this.deps.repo.openTasks(c.row.id, c.trx)).find((t) => t.id === taskId);
      if (!task) throw CaseErrors.CASE_TASK_NOT_FOUND({ taskId });
      taskFor(p, [task]);
      if (task.claimed_by === p.id) return c.row;
      await this.deps.repo.updateTask(
        task.id,
        { claimed_by: p.id, claimed_by_name: p.displayName, claimed_at: c.now },
        c.trx,
      );
      await this.writer.record(c.trx, c.row, c.actor, {
        type: "claimed",
        payload: { taskId, stage: task.stage, dept: task.dept },
      });
      return c.row;
    });
  }

  release(p: Principal, caseId: string, taskId: string) {
    return this.run(p, caseId, "release", null, async (c) => {
      const task = (await this.deps.repo.openTasks(c.row.id, c.trx)).find((t) => t.id === taskId);
      if (!task) throw CaseErrors.CASE_TASK_NOT_FOUND({ taskId });
      if (task.claimed_by !== p.id) throw CaseErrors.CASE_TASK_CLAIMED({ taskId, claimedBy: task.claimed_by_name });
      await this.deps.repo.updateTask(task.id, { claimed_by: null, claimed_by_name: null, claimed_at: null }, c.trx);
      await this.writer.record(c.trx, c.row, c.actor, {
        type: "released",
        payload: { taskId, stage: task.stage, dept: task.dept },
      });
      return c.row;
    });
  }

  /** 受理; with `deferral`, 容缺受理 (deferral.ts): the commitment and due date are recorded with the acceptance. */
  accept(p: Principal, caseId: string, body: AcceptRequest) {
    return this.run(p, caseId, "accept", body.version, async (c) => {
      const task = await this.myTask(c, "accept");
      const deferral = await planDeferral(this.deps, c.trx, c.row, body.deferral, p.id, c.now);
      await this.complete(c, task, "accepted", body.comment ?? null);
      if (deferral) await this.deps.repo.insertDeferral(deferral, c.trx);
      const deadline = await this.progress.startClock(c.trx, c.row, c.now);
      const deferred = deferral && {
        materials: deferral.materials,
        dueDate: deferral.due_date,
        commitment: deferral.commitment,
        grade: deferral.grade,
      };
      const accepted = await this.advance(c, {
        set: { accepted_at: c.now, deadline_date: deadline },
        action: {
          type: "accepted",
          comment: body.comment ?? null,
          payload: { deadlineDate: deadline, ...(deferred ? { deferral: deferred } : {}) },
        },
        event: "accepted",
      });
      await this.progress.armTimer(c.trx, accepted);
      return accepted;
    });
  }

  refuse(p: Principal, caseId: string, body: { version: number; reason: string }) {
    return this.run(p, caseId, "refuse", body.version, async (c) => {
      const task = await this.myTask(c, "accept");
      await this.complete(c, task, "refused", body.reason);
      await this.deps.repo.cancelOpenTasks(c.row.id, c.trx);
      return this.writer.apply(c.trx, c.row, c.actor, {
        set: { status: "refused", decided_at: c.now, decision_reason: body.reason, decided_by: p.displayName },
        action: { type: "refused", comment: body.reason },
        event: "refused",
      });
    });
  }

  /** 补齐补正: once per case, listing everything missing; the clock stops (if it runs) until the answer. */
  requestSupplement(p: Principal, caseId: string, body: SupplementRequestBody) {
    return this.run(p, caseId, "request_supplement", body.version, async (c) => {
      if (c.row.supplement_used) throw CaseErrors.CASE_SUPPLEMENT_USED();
      const task = await this.myTask(c);
      await this.deps.repo.insertPause(
        {
          case_id: c.row.id,
          kind: "supplement",
          reason: body.comment ?? "",
          items: JSON.stringify(body.items),
          step: task.step,
          started_at: c.now,
          started_by: `${p.displayName}（${task.dept_name}）`,
        },
        c.trx,
      );
      await this.progress.disarmTimer(c.trx, c.row);
      return this.writer.apply(c.trx, c.row, c.actor, {
        set: {
          status: "supplement_requested",
          status_before_pause: c.row.status,
          supplement_used: true,
          paused_at: c.row.accepted_at ? c.now : null,
        },
        action: {
          type: "supplement_requested",
          comment: body.comment ?? null,
          payload: { items: body.items, stage: task.stage },
        },
        event: "supplement_requested",
      });
    });
  }

  pass(p: Principal, caseId: string, body: { version: number; comment?: string }) {
    return this.review(p, caseId, "pass", body.version, body.comment ?? null);
  }

  veto(p: Principal, caseId: string, body: { version: number; reason: string }) {
    return this.review(p, caseId, "veto", body.version, body.reason);
  }

  /** A review branch completes; the step advances when every branch has, or a veto denies at once. */
  private review(p: Principal, caseId: string, command: "pass" | "veto", version: number, text: string | null) {
    return this.run(p, caseId, command, version, async (c) => {
      const task = await this.myTask(c, "review");
      const outcome = command === "pass" ? "passed" : "vetoed";
      await this.complete(c, task, outcome, text);
      const step = planOf(c.row).steps[task.step];
      if (!step) throw new Error(`case ${c.row.id} has no step ${task.step}`);
      const stillOpen = (await this.deps.repo.openTasks(c.row.id, c.trx)).length;
      const action = {
        type: command === "pass" ? "review_passed" : "review_vetoed",
        comment: text,
        payload: { taskId: task.id, dept: task.dept, step: task.step, branch: task.branch },
      };
      const next = afterReview(step, outcome, stillOpen);
      if (next === "deny") return this.decide(c, "denied", text, action);
      if (next === "wait") return this.writer.apply(c.trx, c.row, c.actor, { set: {}, action });
      return this.advance(c, { set: {}, action });
    });
  }

  suspend(p: Principal, caseId: string, body: { version: number; kind: SpecialProcedureKind; reason: string }) {
    return this.run(p, caseId, "suspend", body.version, async (c) => {
      const task = await this.myTask(c);
      await this.deps.repo.insertPause(
        {
          case_id: c.row.id,
          kind: body.kind,
          reason: body.reason,
          step: task.step,
          started_at: c.now,
          started_by: `${p.displayName}（${task.dept_name}）`,
        },
        c.trx,
      );
      await this.progress.disarmTimer(c.trx, c.row);
      return this.writer.apply(c.trx, c.row, c.actor, {
        set: { status: "suspended", status_before_pause: c.row.status, paused_at: c.now },
        action: { type: "suspended", comment: body.reason, payload: { kind: body.kind } },
        event: "suspended",
      });
    });
  }

  resume(p: Principal, caseId: string, body: { version: number; result: string }) {
    return this.run(p, caseId, "resume", body.version, async (c) => {
      await this.myTask(c);
      const pause = await this.deps.repo.openPause(c.row.id, c.trx);
      if (!pause) throw new Error(`suspended case ${c.row.id} without an open pause`);
      const moved = await this.progress.restartClock(c.trx, c.row, pause, c.now);
      await this.deps.repo.endPause(
        pause.id,
        { ended_at: c.now, result: body.result, working_days: moved.waited },
        c.trx,
      );
      const resumed = await this.writer.apply(c.trx, c.row, c.actor, {
        set: {
          status: c.row.status_before_pause ?? "in_review",
          status_before_pause: null,
          paused_at: null,
          deadline_date: moved.deadlineDate,
          paused_working_days: c.row.paused_working_days + moved.waited,
        },
        action: {
          type: "resumed",
          comment: body.result,
          payload: { kind: pause.kind, waitedWorkingDays: moved.waited, deadlineDate: moved.deadlineDate },
        },
        event: "resumed",
      });
      await this.progress.armTimer(c.trx, resumed);
      return resumed;
    });
  }

  approve(p: Principal, caseId: string, body: { version: number; comment?: string }) {
    return this.run(p, caseId, "approve", body.version, async (c) => {
      const task = await this.myTask(c, "decide");
      await this.complete(c, task, "approved", body.comment ?? null);
      return this.decide(c, "approved", null, { type: "approved", comment: body.comment ?? null });
    });
  }

  deny(p: Principal, caseId: string, body: { version: number; reason: string }) {
    return this.run(p, caseId, "deny", body.version, async (c) => {
      const task = await this.myTask(c, "decide");
      await this.complete(c, task, "denied", body.reason);
      return this.decide(c, "denied", body.reason, { type: "denied", comment: body.reason });
    });
  }

  /** 送达: the implementing department's window hands over the result (or the denial) and completes its task. */
  deliver(p: Principal, caseId: string, body: { version: number; method: string; comment?: string }) {
    return this.run(p, caseId, "deliver", body.version, async (c) => {
      const task = await this.myTask(c, "deliver");
      const unpaid = c.row.outcome === "approved" ? await this.deps.fees.unpaid(c.trx, c.row.id) : null;
      if (unpaid) throw CaseErrors.CASE_FEE_UNPAID(unpaid);
      await this.complete(c, task, "delivered", body.comment ?? null);
      return this.writer.apply(c.trx, c.row, c.actor, {
        set: { status: "delivered", delivered_at: c.now },
        action: { type: "delivered", comment: body.comment ?? null, payload: { method: body.method } },
        event: "delivered",
      });
    });
  }
}
