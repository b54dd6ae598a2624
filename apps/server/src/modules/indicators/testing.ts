/**
 * Indicators test helpers: case histories written straight into the cases tables (as the cases module's
 * writer leaves them) with the matching domain events published in the same transaction — so the rollups
 * are kept by the real subscriber, without filing hundreds of cases through the API.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { TestApp } from "../../test-support/app.js";

export interface FakeCase {
  id: string;
  departmentId: string;
  regionCode: string;
  itemCode: string;
  itemName: string;
  promiseDays: number;
  channel: "online" | "window";
  applicantId: string;
}

export function fakeCase(p: Omit<FakeCase, "id"> & { id?: string }): FakeCase {
  return { ...p, id: p.id ?? randomUUID() };
}

/** Files the case (status submitted) at `at` with its deadline day, publishing case.submitted. */
export async function fileFakeCase(t: TestApp, c: FakeCase, at: Date, deadlineDate: string): Promise<void> {
  const { db, events } = t.app.platform;
  await db.transaction().execute(async (trx) => {
    await sql`insert into cases (id, number, item_code, item_version, item_name, audience, lead_dept, dept_ids,
        region_code, steps, materials_spec, form, promise_days, applicant_account_id, applicant_name, form_data_enc,
        status, current_step, submitted_at, accepted_at, deadline_date, created_at, updated_at)
      values (${c.id}, ${`T-${c.id.slice(0, 13)}`}, ${c.itemCode}, 1, ${c.itemName}, 'person', 'test',
        ${sql`array[${c.departmentId}]::uuid[]`}, ${c.regionCode}, '{"steps":[]}', '[]', '{}', ${c.promiseDays},
        ${c.applicantId}, '测试', ${Buffer.from("x")}, 'submitted', 0, ${at}, ${at}, ${deadlineDate}, ${at}, ${at})`.execute(
      trx,
    );
    await sql`insert into case_actions (case_id, seq, type, actor_kind, actor_id, actor_name, at, payload)
      values (${c.id}, 1, 'submitted', ${c.channel === "window" ? "staff" : "citizen"}, ${c.applicantId}, '测试', ${at}, '{}')`.execute(
      trx,
    );
    await events.publish(trx, { type: "case.submitted", subject: `case:${c.id}`, payload: { caseId: c.id } });
  });
}

/** Moves a case on (decided, withdrawn…) and publishes `case.<event>`. */
export async function moveFakeCase(
  t: TestApp,
  caseId: string,
  set: { status: string; decidedAt?: Date | null; outcome?: string | null },
  event: string,
): Promise<void> {
  const { db, events } = t.app.platform;
  await db.transaction().execute(async (trx) => {
    await sql`update cases set status = ${set.status}, decided_at = ${set.decidedAt ?? null},
      outcome = ${set.outcome ?? null}, version = version + 1 where id = ${caseId}`.execute(trx);
    await events.publish(trx, { type: `case.${event}`, subject: `case:${caseId}`, payload: { caseId } });
  });
}

/** Runs every due job until none is left (event deliveries included). */
export async function drain(t: TestApp): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await t.app.platform.jobs.runDue()) === 0) return;
}
