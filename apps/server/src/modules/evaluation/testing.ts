/**
 * Evaluation test helpers: a case carried to delivery (or refusal) through the cases API, the outbox run
 * dry, and the invitation the applicant's notification links to.
 */
import type { CaseDetail, EvaluationInvitation } from "@yiwang/contracts";
import { expect } from "vitest";
import type { TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { multipartBody } from "../../test-support/multipart.js";
import { act, fileCase } from "../cases/testing.js";

/** 食品经营许可（新办）: 市场监管局 (amr) accepts, reviews and decides. */
export const FOOD_LICENSE = "990100-XK-001";

export async function runJobs(t: TestApp) {
  while ((await t.app.platform.jobs.runDue(50)) > 0);
}

/** Files, accepts, passes, approves and delivers a case; the outbox is run afterwards. */
export async function deliveredCase(
  t: TestApp,
  applicant: Headers,
  staff: { clerk: Headers; approver: Headers },
): Promise<CaseDetail> {
  let c = await fileCase(t, applicant, FOOD_LICENSE);
  for (const [who, command, body] of [
    [staff.clerk, "accept", {}],
    [staff.approver, "pass", {}],
    [staff.approver, "approve", {}],
    [staff.clerk, "deliver", { method: "online" }],
  ] as const) {
    const res = await act(t, who, c, command, body);
    expect(res.statusCode, `${command}: ${res.body}`).toBe(200);
    c = res.json();
  }
  await runJobs(t);
  return c;
}

/** The invitation behind the applicant's "please evaluate" notification for a case. */
export async function invitationFor(t: TestApp, applicant: Headers, caseId: string): Promise<EvaluationInvitation> {
  const notes = await t.app.inject({ method: "GET", url: "/api/notifications?limit=100", headers: applicant });
  const note = (notes.json().items as { kind: string; subject: string; link: string }[]).find(
    (n) => n.kind === "evaluation.invited" && n.subject === `case:${caseId}`,
  );
  if (!note) throw new Error(`no invitation notice for case ${caseId}`);
  expect(note.link).toMatch(/^\/evaluate\/[0-9a-f-]{36}$/);
  const res = await t.app.inject({
    method: "GET",
    url: `/api/evaluation/invitations/${note.link.split("/")[2]}`,
    headers: applicant,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export function evaluate(t: TestApp, headers: Headers, invitationId: string, payload: Record<string, unknown>) {
  return t.app.inject({
    method: "POST",
    url: `/api/evaluation/invitations/${invitationId}/evaluation`,
    headers,
    payload,
  });
}

/** Rows of the evaluation tables for one invitation (to show that a refusal stored nothing). */
export async function storedFor(t: TestApp, invitationId: string) {
  const db = t.database.db;
  const evaluations = await db
    .selectFrom("evaluations")
    .select("id")
    .where("invitation_id", "=", invitationId)
    .execute();
  const history = await db
    .selectFrom("evaluation_history")
    .select("type")
    .where("invitation_id", "=", invitationId)
    .execute();
  return { evaluations: evaluations.length, history: history.map((h) => h.type) };
}

/** Every audit entry so far (queued or sequenced), decoded. */
export async function auditEntries(t: TestApp) {
  const rows = [
    ...(await t.database.db.selectFrom("audit_queue").select("entry").execute()),
    ...(await t.database.db.selectFrom("audit_entries").select("entry").execute()),
  ];
  return rows.map((r) => JSON.parse(Buffer.from(r.entry).toString("utf8"))) as {
    type: string;
    actor: string;
    subject: string;
  }[];
}

/** A photo upload as a browser sends it (multipart, the file part `file`). */
export function uploadPhoto(
  t: TestApp,
  headers: Headers,
  invitationId: string,
  bytes: Buffer,
  options: { field?: string; fileName?: string } = {},
) {
  const body = multipartBody({ field: options.field, name: options.fileName ?? "photo.png", bytes, type: "image/png" });
  return t.app.inject({
    method: "POST",
    url: `/api/evaluation/invitations/${invitationId}/photo`,
    headers: { ...headers, "content-type": body.contentType },
    payload: body.payload,
  });
}
