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

/** A 12345 request as the hotline module leaves it (only what its measures read is chosen). */
export async function insertHotlineRequest(
  t: TestApp,
  r: {
    departmentId: string | null;
    createdAt: Date;
    deadlineAt?: Date | null;
    answeredAt?: Date | null;
    callback?: { resolved: boolean; satisfied: boolean; at: Date };
    mergedInto?: string;
    /** The district (区) the request is in; 990101 (no drawn district) unless given. */
    districtCode?: string;
  },
): Promise<string> {
  const id = randomUUID();
  await sql`insert into hotline_requests (id, number, kind, channel, status, category_code, description, address,
      district_code, urgent, anonymous, confidential, department_id, limit_unit, limit_value, deadline_at, answered_at,
      callback_resolved, callback_satisfied, callback_at, merged_into, created_at, updated_at)
    values (${id}, ${`H-${id.slice(0, 13)}`}, 'help', 'phone', ${r.mergedInto ? "merged" : "assigned"}, 'test', '测试',
      '测试路 1 号', ${r.districtCode ?? "990101"}, false, false, false, ${r.departmentId}, 'days', 5, ${r.deadlineAt ?? null},
      ${r.answeredAt ?? null}, ${r.callback?.resolved ?? null}, ${r.callback?.satisfied ?? null},
      ${r.callback?.at ?? null}, ${r.mergedInto ?? null}, ${r.createdAt}, ${r.createdAt})`.execute(t.app.platform.db);
  return id;
}

/** A first evaluation (and, for a 差评, its rectification ticket) as the evaluation module leaves them. */
export async function insertEvaluation(
  t: TestApp,
  e: { departmentId: string; level: number; at: Date; rectified?: { onTime: boolean } },
): Promise<void> {
  const { db } = t.app.platform;
  const invitation = randomUUID();
  const evaluation = randomUUID();
  await sql`insert into evaluation_invitations (id, subject_kind, subject_id, subject_label, invitee_name_masked,
      department_id, department_name, item_name, indicator_set_id, created_at, expires_at)
    values (${invitation}, 'case', ${randomUUID()}, '测试', '张*', ${e.departmentId}, '测试部门', '测试事项',
      'online-v1', ${e.at}, ${e.at})`.execute(db);
  await sql`insert into evaluations (id, invitation_id, kind, level, scores, tags, text, channel, department_id,
      department_name, item_name, month, created_at)
    values (${evaluation}, ${invitation}, 'initial', ${e.level}, '{}', '{}', '', 'pc', ${e.departmentId}, '测试部门',
      '测试事项', '2026-03', ${e.at})`.execute(db);
  if (e.level <= 2)
    await sql`insert into evaluation_rectifications (evaluation_id, department_id, status, replied_at, replied_on_time,
        deadline_date, created_at, updated_at)
      values (${evaluation}, ${e.departmentId}, ${e.rectified ? "replied" : "verifying"},
        ${e.rectified ? e.at : null}, ${e.rectified?.onTime ?? null}, '2026-03-20', ${e.at}, ${e.at})`.execute(db);
}
