import type { ExchangeObjection, ExchangeObjectionAnswer, ExchangeObjectionCreate } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { assertCan } from "../../platform/auth/guard.js";
import type { Principal } from "../../platform/auth/permissions.js";
import type { CalendarService } from "../../platform/calendar/calendar.service.js";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { Job, JobQueue } from "../../platform/jobs/index.js";
import type { AuditLog, EventPublisher, Notifier } from "../../platform/ports.js";
import { ExchangeErrors } from "./errors.js";
import type { ObjectionRepository, ObjectionRow } from "./objections.repository.js";
import type { ExchangeRepository } from "./repository.js";

/** Working days a provider has to answer an objection. */
export const OBJECTION_WORKING_DAYS = 5;
/** The deadline timer of one objection (key = objection id). */
export const OBJECTION_DEADLINE_JOB = "exchange.objection.deadline";

export function toObjection(o: ObjectionRow, now: Date): ExchangeObjection {
  return {
    id: o.id,
    callId: o.call_id,
    resourceCode: o.resource_code,
    consumerDepartmentId: o.consumer_department_id,
    providerDepartmentId: o.provider_department_id,
    fields: o.fields,
    description: o.description,
    status: o.status,
    raisedBy: o.raised_by,
    raisedAt: o.raised_at.toISOString(),
    dueDate: o.due_date,
    overdue: o.status === "open" && now > o.due_at,
    escalatedAt: o.escalated_at?.toISOString() ?? null,
    result: o.result,
    answer: o.answer,
    answeredAt: o.answered_at?.toISOString() ?? null,
  };
}

const actor = (p: Principal) => `${p.kind}:${p.id}`;

/**
 * Data quality objections (数据异议): a consumer department's admin flags a record it received (by the
 * call that returned it); the provider's admin answers within OBJECTION_WORKING_DAYS working days (work
 * calendar); a timer armed in the same transaction escalates an objection still open after its due day
 * (audit entry + `exchange.objection.escalated` event for whoever supervises).
 */
export class ObjectionService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly d: {
      repo: ObjectionRepository;
      resources: ExchangeRepository;
      audit: AuditLog;
      clock: Clock;
      calendar: CalendarService;
      jobs: JobQueue;
      events: EventPublisher;
      notify: Notifier;
      /** Staff account ids holding a role (in a department, for department roles). */
      staffWithRole(
        role: "dept_admin" | "supervisor",
        departmentId: string | undefined,
        trx: Kysely<DB>,
      ): Promise<string[]>;
    },
  ) {}

  async raise(p: Principal, input: ExchangeObjectionCreate): Promise<ExchangeObjection> {
    const consumer = p.departmentId;
    assertCan(p, "exchange.apply", consumer);
    const call = await this.d.repo.findCall(input.callId);
    if (!call || !consumer || call.consumer_department_id !== consumer)
      throw ExchangeErrors.EXCHANGE_CALL_NOT_FOUND({ callId: input.callId });
    if (call.outcome !== "ok" || call.record_count === 0) throw ExchangeErrors.EXCHANGE_CALL_WITHOUT_RECORDS();
    const resource = await this.d.resources.findResource(call.resource_code);
    if (!resource) throw ExchangeErrors.EXCHANGE_RESOURCE_NOT_FOUND({ code: call.resource_code });
    const known = new Set(resource.fields.map((f) => f.name));
    const unknown = input.fields.filter((f) => !known.has(f));
    if (unknown.length > 0) throw ExchangeErrors.EXCHANGE_FIELDS_UNKNOWN({ fields: unknown });
    const now = this.d.clock.now();
    // Read the calendar before the transaction (PGlite has one connection).
    const { deadline, deadlineDate } = await this.d.calendar.addWorkingDays(now, OBJECTION_WORKING_DAYS);
    return this.db.transaction().execute(async (trx) => {
      const row = await this.d.repo.insert(
        {
          call_id: call.id,
          resource_code: resource.code,
          consumer_department_id: consumer,
          provider_department_id: resource.provider_department_id,
          fields: JSON.stringify([...new Set(input.fields)]),
          description: input.description,
          raised_by: actor(p),
          raised_at: now,
          due_date: deadlineDate,
          due_at: deadline,
        },
        trx,
      );
      await this.d.jobs.schedule(trx, {
        kind: OBJECTION_DEADLINE_JOB,
        key: row.id,
        runAt: new Date(deadline.getTime() + 1),
      });
      const objection = toObjection(row, now);
      await this.d.audit.append(
        {
          type: "exchange.objection.raised",
          actor: actor(p),
          subject: `exchange-objection:${row.id}`,
          payload: objection,
        },
        trx,
      );
      return objection;
    });
  }

  async answer(p: Principal, id: string, input: ExchangeObjectionAnswer): Promise<ExchangeObjection> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.d.repo.find(id, trx, true);
      if (!row) throw ExchangeErrors.EXCHANGE_OBJECTION_NOT_FOUND({ id });
      assertCan(p, "exchange.approve", row.provider_department_id);
      if (row.status !== "open") throw ExchangeErrors.EXCHANGE_OBJECTION_ANSWERED();
      const now = this.d.clock.now();
      const updated = await this.d.repo.update(
        id,
        { status: "answered", result: input.result, answer: input.answer, answered_by: actor(p), answered_at: now },
        trx,
      );
      await this.d.jobs.cancel(trx, OBJECTION_DEADLINE_JOB, id);
      await this.d.audit.append(
        {
          type: "exchange.objection.answered",
          actor: actor(p),
          subject: `exchange-objection:${id}`,
          payload: { result: input.result, answer: input.answer, overdue: now > row.due_at },
        },
        trx,
      );
      return toObjection(updated, now);
    });
  }

  async list(p: Principal, q: { status?: "open" | "answered"; limit: number; offset: number }) {
    const now = this.d.clock.now();
    const { rows, total } = await this.d.repo.list({ ...q, departmentId: p.departmentId ?? "" });
    return { items: rows.map((r) => toObjection(r, now)), total };
  }

  /** The deadline timer: an objection still open after its due day is escalated, once. */
  async fire(job: Job, trx: Kysely<DB>): Promise<{ reschedule: Date } | undefined> {
    const row = await this.d.repo.find(job.key, trx, true);
    if (row?.status !== "open" || row.escalated_at) return;
    const now = this.d.clock.now();
    if (now <= row.due_at) return { reschedule: new Date(row.due_at.getTime() + 1) };
    await this.d.repo.update(row.id, { escalated_at: now }, trx);
    const payload = {
      resourceCode: row.resource_code,
      providerDepartmentId: row.provider_department_id,
      consumerDepartmentId: row.consumer_department_id,
      dueDate: row.due_date,
    };
    await this.d.audit.append(
      { type: "exchange.objection.escalated", actor: "system", subject: `exchange-objection:${row.id}`, payload },
      trx,
    );
    await this.d.events.publish(trx, {
      type: "exchange.objection.escalated",
      subject: `exchange-objection:${row.id}`,
      payload,
    });
    // 督办: the provider's head and the platform's supervisors (效能督查) hear of it.
    const recipients = [
      ...(await this.d.staffWithRole("dept_admin", row.provider_department_id, trx)),
      ...(await this.d.staffWithRole("supervisor", undefined, trx)),
    ];
    if (recipients.length > 0)
      await this.d.notify.send(trx, {
        recipients: [...new Set(recipients)],
        kind: "exchange.objection.escalated",
        title: { zh: "数据异议逾期未答复", en: "Data objection overdue" },
        body: {
          zh: `资源 ${row.resource_code} 的数据异议已超过答复期限（${row.due_date}），请尽快处理。`,
          en: `A data objection on ${row.resource_code} was due on ${row.due_date} and is still unanswered.`,
        },
        link: "/workbench/exchange",
        subject: `exchange-objection:${row.id}`,
      });
  }
}
