/**
 * Hotline test helpers: the demo city with the people of the loop (an operator, department clerks), filing
 * through each channel, and the staff steps of handling.
 */
import type { HotlineRequestView } from "@yiwang/contracts";
import { expect } from "vitest";
import type { TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { seedCity, staffOf } from "../cases/testing.js";

export { seedCity, staffOf };

export async function runJobs(t: TestApp) {
  while ((await t.app.platform.jobs.runDue(50)) > 0);
}

/** A point in the demo city (central Dongcheng), and one `dNorth` metres north of it. */
export const HERE = { lat: 39.9163, long: 116.3972 };
export const north = (metres: number) => ({ lat: HERE.lat + metres / 111_195, long: HERE.long });

export function request(overrides: Record<string, unknown> = {}) {
  return {
    kind: "help",
    categoryCode: "030101",
    description: "小区从早上开始停水，至今未恢复。",
    location: { address: "示例市西城区和平路 1 号", districtCode: "990103", ...HERE },
    ...overrides,
  };
}

export async function fileOnPortal(t: TestApp, headers: Headers | undefined, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: "POST", url: "/api/hotline/requests", headers, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as HotlineRequestView;
}

export async function intake(t: TestApp, operator: Headers, body: Record<string, unknown>) {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/hotline/desk/requests",
    headers: operator,
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as HotlineRequestView;
}

export async function step(t: TestApp, who: Headers, id: string, action: string, payload: Record<string, unknown>) {
  const res = await t.app.inject({
    method: "POST",
    url: `/api/hotline/requests/${id}/${action}`,
    headers: who,
    payload,
  });
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json() as HotlineRequestView;
}

export async function view(t: TestApp, who: Headers, id: string) {
  return t.app.inject({ method: "GET", url: `/api/hotline/requests/${id}`, headers: who });
}

export async function departmentId(t: TestApp, key: string): Promise<string> {
  const row = await t.database.db
    .selectFrom("departments")
    .select("id")
    .where("key", "=", key)
    .executeTakeFirstOrThrow();
  return row.id;
}

export const operatorOf = (t: TestApp) => loginAs(t, "hotline_operator");

/** Rows stored by the hotline tables (to show that a refusal stored nothing). */
export async function storedCounts(t: TestApp) {
  const db = t.database.db;
  const [requests, actions, photos] = await Promise.all([
    db
      .selectFrom("hotline_requests")
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("hotline_actions")
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("hotline_photos")
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { requests: Number(requests.n), actions: Number(actions.n), photos: Number(photos.n) };
}
