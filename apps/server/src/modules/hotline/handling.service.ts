/**
 * After intake: dispatch and 改派 (operator), 退单 (the department: wrong owner, back to the dispatch desk),
 * the department's actions and answer (答复), the operator's 回访 that closes (办结) or reopens a request,
 * and merging duplicates (the merged callers get the answer and the close). One transaction per change.
 */
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { assertOwner, assertReadable } from "./access.js";
import { type Actor, actorOf, type HotlineDeps, SYSTEM } from "./context.js";
import type { Dispatcher } from "./dispatch.js";
import { HotlineErrors } from "./errors.js";
import { distanceMeters } from "./geo.js";
import type { RequestRow } from "./repository.js";
import type { HotlineWriter } from "./writer.js";

/** Duplicates are open requests of the same category within this distance. */
export const DUPLICATE_RADIUS_M = 200;
const OPEN = new Set(["dispatching", "assigned"]);

export class HandlingService {
  constructor(
    private readonly deps: HotlineDeps,
    private readonly writer: HotlineWriter,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** 派单 from the desk, or 改派 of an assigned request. */
  dispatch(p: Principal, id: string, body: { departmentId: string; comment: string }) {
    return this.change(id, async (trx, row) => {
      if (!OPEN.has(row.status)) throw HotlineErrors.HOTLINE_WRONG_STATE({ status: row.status });
      const d = await this.deps.departmentById(body.departmentId, trx);
      if (!d) throw HotlineErrors.HOTLINE_UNKNOWN_DEPARTMENT({ departmentId: body.departmentId });
      return this.dispatcher.assign(trx, row, d, actorOf(p), "operator", body.comment || null);
    });
  }

  /** 退单: not ours — back to the dispatch desk with the reason. */
  giveBack(p: Principal, id: string, reason: string) {
    return this.change(id, async (trx, row) => {
      assertReadable(p, row);
      if (row.status !== "assigned") throw HotlineErrors.HOTLINE_WRONG_STATE({ status: row.status });
      assertOwner(p, row);
      await this.dispatcher.stopTimer(trx, row.id);
      return this.writer.apply(trx, row, actorOf(p), {
        set: { status: "dispatching", department_id: null, assigned_at: null, deadline_at: null },
        type: "returned",
        comment: reason,
        payload: { departmentId: row.department_id },
        publish: true,
      });
    });
  }

  /** A handling step the department records (联系、现场核实、…). */
  record(p: Principal, id: string, comment: string) {
    return this.change(id, async (trx, row) => {
      assertReadable(p, row);
      if (row.status !== "assigned") throw HotlineErrors.HOTLINE_WRONG_STATE({ status: row.status });
      assertOwner(p, row);
      return this.writer.apply(trx, row, actorOf(p), { type: "handled", comment });
    });
  }

  /** 答复: the department's answer goes to the caller and to every caller merged into this request. */
  answer(p: Principal, id: string, answer: string) {
    return this.change(id, async (trx, row) => {
      assertReadable(p, row);
      if (row.status !== "assigned") throw HotlineErrors.HOTLINE_WRONG_STATE({ status: row.status });
      assertOwner(p, row);
      await this.dispatcher.stopTimer(trx, row.id);
      const now = this.deps.clock.now();
      const actor = actorOf(p);
      const updated = await this.writer.apply(trx, row, actor, {
        set: { status: "answered", answer, answered_at: now },
        type: "answered",
        comment: answer,
        publish: true,
      });
      const merged = await this.deps.repo.mergedInto(row.id, trx);
      for (const m of merged)
        await this.writer.apply(trx, m, actor, {
          set: { answer, answered_at: now },
          type: "answered",
          comment: answer,
          payload: { via: row.number },
        });
      await this.tellCallers(trx, [updated, ...merged], {
        zh: `您的 12345 诉求已答复：${answer.slice(0, 100)}`,
        en: `Your 12345 request has been answered: ${answer.slice(0, 100)}`,
      });
      return updated;
    });
  }

  /** 回访: resolved → 办结 (closed, the evaluation module invites the callers); unresolved → reopened. */
  callback(p: Principal, id: string, body: { resolved: boolean; satisfied: boolean; comment: string }) {
    return this.change(id, async (trx, row) => {
      if (row.status !== "answered") throw HotlineErrors.HOTLINE_WRONG_STATE({ status: row.status });
      const actor = actorOf(p);
      const now = this.deps.clock.now();
      const result = { callback_resolved: body.resolved, callback_satisfied: body.satisfied, callback_at: now };
      if (!body.resolved) {
        const reopened = await this.writer.apply(trx, row, actor, {
          set: { ...result, status: "assigned" },
          type: "reopened",
          comment: body.comment || null,
          payload: { satisfied: body.satisfied },
        });
        const d = reopened.department_id ? await this.deps.departmentById(reopened.department_id, trx) : undefined;
        return d ? this.dispatcher.assign(trx, reopened, d, SYSTEM, "operator", "回访未解决，重新办理") : reopened;
      }
      const closed = await this.close(trx, row, actor, result, body);
      for (const m of await this.deps.repo.mergedInto(row.id, trx))
        await this.close(trx, m, actor, result, body, row.number);
      return closed;
    });
  }

  /** Merges `id` into `intoId` (same category, both open, within 200 m). */
  merge(p: Principal, id: string, intoId: string) {
    return this.change(id, async (trx, row) => {
      const into = await this.deps.repo.lock(intoId, trx);
      if (!into) throw HotlineErrors.HOTLINE_REQUEST_NOT_FOUND();
      const d = distanceMeters(row, into);
      if (
        row.id === into.id ||
        !OPEN.has(row.status) ||
        !OPEN.has(into.status) ||
        row.category_code !== into.category_code ||
        d === null ||
        d > DUPLICATE_RADIUS_M
      )
        throw HotlineErrors.HOTLINE_NOT_DUPLICATE({ distanceMeters: d });
      await this.dispatcher.stopTimer(trx, row.id);
      const actor = actorOf(p);
      const merged = await this.writer.apply(trx, row, actor, {
        set: { status: "merged", merged_into: into.id, department_id: into.department_id, deadline_at: null },
        type: "merged",
        payload: { into: into.number, distanceMeters: Math.round(d) },
      });
      await this.writer.apply(trx, into, actor, {
        type: "merged_from",
        payload: { from: row.number, distanceMeters: Math.round(d) },
      });
      return merged;
    });
  }

  private async close(
    trx: Kysely<DB>,
    row: RequestRow,
    actor: Actor,
    result: { callback_resolved: boolean; callback_satisfied: boolean; callback_at: Date },
    body: { satisfied: boolean; comment: string },
    via?: string,
  ) {
    return this.writer.apply(trx, row, actor, {
      set: { ...result, status: "closed" },
      type: "closed",
      comment: body.comment || null,
      payload: { satisfied: body.satisfied, ...(via ? { via } : {}) },
      publish: true,
    });
  }

  private async tellCallers(trx: Kysely<DB>, rows: RequestRow[], text: { zh: string; en: string }) {
    for (const r of rows)
      if (r.caller_account_id)
        await this.deps.notify.send(trx, {
          recipients: [r.caller_account_id],
          kind: "hotline.answered",
          title: { zh: `12345 诉求答复：${r.number}`, en: `12345 answer: ${r.number}` },
          body: text,
          link: `/hotline/${r.id}`,
          subject: `hotline-request:${r.id}`,
        });
  }

  private change(id: string, fn: (trx: Kysely<DB>, row: RequestRow) => Promise<RequestRow>): Promise<RequestRow> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.lock(id, trx);
      if (!row) throw HotlineErrors.HOTLINE_REQUEST_NOT_FOUND();
      return fn(trx, row);
    });
  }
}
