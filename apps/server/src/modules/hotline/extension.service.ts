/**
 * 延期: the department handling a request asks once, with a reason, for more time (in the request's own unit,
 * at most its limit again); the dispatch desk approves — the deadline moves on from the current one on the
 * work calendar and the 督办 timer is re-armed — or refuses. One transaction per step.
 */
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { assertOwner, assertReadable } from "./access.js";
import { actorOf, HOTLINE_DEADLINE_JOB, type HotlineDeps } from "./context.js";
import { deadlineFor } from "./deadline.js";
import { HotlineErrors } from "./errors.js";
import type { RequestRow } from "./repository.js";
import type { HotlineWriter } from "./writer.js";

export class ExtensionService {
  constructor(
    private readonly deps: HotlineDeps,
    private readonly writer: HotlineWriter,
  ) {}

  ask(p: Principal, id: string, body: { value: number; reason: string }) {
    return this.change(id, async (trx, row) => {
      assertReadable(p, row);
      if (row.status !== "assigned") throw HotlineErrors.HOTLINE_WRONG_STATE({ status: row.status });
      assertOwner(p, row);
      if (row.extension_status) throw HotlineErrors.HOTLINE_EXTENSION_ONCE();
      if (body.value > row.limit_value)
        throw HotlineErrors.HOTLINE_EXTENSION_TOO_LONG({ max: row.limit_value, unit: row.limit_unit });
      const updated = await this.writer.apply(trx, row, actorOf(p), {
        set: { extension_status: "requested", extension_value: body.value, extension_reason: body.reason },
        type: "extension_requested",
        comment: body.reason,
        payload: { value: body.value, unit: row.limit_unit },
      });
      const desk = await this.deps.staffWithRole("hotline_operator", undefined, trx);
      if (desk.length > 0)
        await this.deps.notify.send(trx, {
          recipients: desk,
          kind: "hotline.extension",
          title: { zh: `12345 延期申请：${row.number}`, en: `12345 extension request: ${row.number}` },
          body: { zh: `承办部门申请延期：${body.reason}`, en: `The department asks for more time: ${body.reason}` },
          link: `/workbench/hotline/${row.id}`,
          subject: `hotline-request:${row.id}`,
        });
      return updated;
    });
  }

  decide(p: Principal, id: string, body: { approve: boolean; comment: string }) {
    return this.change(id, async (trx, row) => {
      if (row.status !== "assigned" || row.extension_status !== "requested" || !row.deadline_at)
        throw HotlineErrors.HOTLINE_WRONG_STATE({ status: row.status, extension: row.extension_status });
      if (!body.approve)
        return this.writer.apply(trx, row, actorOf(p), {
          set: { extension_status: "refused" },
          type: "extension_refused",
          comment: body.comment || null,
        });
      const cal = await this.deps.calendar.calendar(trx);
      const limit = { unit: row.limit_unit as "hours" | "days", value: row.extension_value ?? 0 };
      const deadline = deadlineFor(cal, row.deadline_at, limit);
      const updated = await this.writer.apply(trx, row, actorOf(p), {
        set: { extension_status: "approved", deadline_at: deadline },
        type: "extended",
        comment: body.comment || null,
        payload: { from: row.deadline_at, deadlineAt: deadline, ...limit },
        publish: true,
      });
      await this.deps.jobs.schedule(trx, {
        kind: HOTLINE_DEADLINE_JOB,
        key: row.id,
        runAt: new Date(deadline.getTime() + 1),
        payload: { requestId: row.id },
      });
      return updated;
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
