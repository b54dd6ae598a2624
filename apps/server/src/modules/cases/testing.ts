/**
 * Cases test helpers: the demo city (departments, calendar, catalog, demo accounts), an applicant acting
 * for the demo enterprise, staff of demo departments, and filing a complete application through the API.
 */
import type { CaseDetail } from "@yiwang/contracts";
import { expect } from "vitest";
import type { Role } from "../../platform/auth/permissions.js";
import { pdfBytes } from "../../platform/files/testing.js";
import demo from "../../seed/data/demo-accounts.json" with { type: "json" };
import { seedDemo } from "../../seed/index.js";
import type { TestApp } from "../../test-support/app.js";
import { createStaff, type Headers, sessionHeaders } from "../../test-support/identity.js";
import { multipartBody } from "../../test-support/multipart.js";
import { ENTERPRISE_USCC, fill } from "./form-sample.js";

export { ENTERPRISE_USCC, fill };

/** 李娜, legal representative of the demo enterprise. */
export const REPRESENTATIVE_PHONE = "13800000003";

/** A small valid PDF (the file store's test bytes). */
export const tinyPdf = (text = "yiwang") => pdfBytes(text);

export async function seedCity(t: TestApp) {
  await seedDemo(t.database.db, t.config);
}

export async function loginCitizen(t: TestApp, phone: string): Promise<Headers> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/identity/login/password",
    payload: { phone, password: demo.password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${phone}: ${res.statusCode} ${res.body}`);
  return sessionHeaders(res);
}

/** The representative's session, switched to act for the demo enterprise. */
export async function enterpriseApplicant(t: TestApp): Promise<Headers> {
  const headers = await loginCitizen(t, REPRESENTATIVE_PHONE);
  const list = await t.app.inject({ method: "GET", url: "/api/identity/me/enterprises", headers });
  const items = (list.json().items ?? list.json()) as { id?: string; enterpriseId?: string; uscc: string }[];
  const e = items.find((x) => x.uscc === ENTERPRISE_USCC);
  if (!e) throw new Error(`demo enterprise not bound: ${list.body}`);
  const res = await t.app.inject({
    method: "PUT",
    url: "/api/identity/me/acting-for",
    headers,
    payload: { enterpriseId: e.enterpriseId ?? e.id },
  });
  if (res.statusCode !== 200) throw new Error(`acting-for: ${res.statusCode} ${res.body}`);
  return sessionHeaders(res); // switching identity issues a new session token
}

export async function staffOf(t: TestApp, role: Role, dept: string): Promise<Headers> {
  return (await createStaff(t, { roles: [role], departmentKey: dept })).headers;
}

/** Drafts, fills, uploads every required material and submits; returns the filed case. */
export async function fileCase(t: TestApp, headers: Headers, itemCode: string): Promise<CaseDetail> {
  const draft = await draftCase(t, headers, itemCode);
  const submitted = await t.app.inject({
    method: "POST",
    url: `/api/cases/${draft.id}/submit`,
    headers,
    payload: { version: draft.version },
  });
  expect(submitted.statusCode, submitted.body).toBe(200);
  // The submission answers with the children its own statement returned (CaseWriter.applyAlone): they must
  // be what a read finds after it.
  const read = await t.app.inject({ method: "GET", url: `/api/cases/${draft.id}`, headers });
  expect(submitted.json()).toEqual(read.json());
  return submitted.json();
}

/** A draft ready to submit: created, form filled in, every required material uploaded; as read after. */
export async function draftCase(t: TestApp, headers: Headers, itemCode: string): Promise<CaseDetail> {
  const created = await t.app.inject({ method: "POST", url: "/api/cases", headers, payload: { itemCode } });
  expect(created.statusCode, created.body).toBe(201);
  let c = created.json() as CaseDetail;
  const saved = await t.app.inject({
    method: "PUT",
    url: `/api/cases/${c.id}/form`,
    headers,
    payload: { formData: fill(c.form.schema, c.formData), version: c.version },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  c = saved.json();
  const item = await t.app.inject({ method: "GET", url: `/api/catalog/items/${itemCode}` });
  for (const m of item.json().materials as { name: string; required: boolean }[]) {
    if (!m.required) continue;
    const up = await upload(t, headers, c.id, m.name, tinyPdf(m.name.length.toString()), "材料.pdf");
    expect(up.statusCode, up.body).toBe(201);
  }
  const fresh = await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers });
  expect(fresh.statusCode, fresh.body).toBe(200);
  return fresh.json();
}

/** A multipart upload as a browser sends it: the `material` field, then the file. */
export function upload(
  t: TestApp,
  headers: Headers,
  caseId: string,
  material: string,
  bytes: Buffer,
  fileName: string,
) {
  const body = multipartBody({ name: fileName, bytes, type: "application/pdf" }, { material });
  return t.app.inject({
    method: "POST",
    url: `/api/cases/${caseId}/materials`,
    headers: { ...headers, "content-type": body.contentType },
    payload: body.payload,
  });
}

/** POSTs a staff command with the case's current version. */
export async function act(
  t: TestApp,
  headers: Headers,
  c: { id: string; version: number },
  command: string,
  body: Record<string, unknown> = {},
) {
  return t.app.inject({
    method: "POST",
    url: `/api/cases/${c.id}/${command}`,
    headers,
    payload: { version: c.version, ...body },
  });
}
