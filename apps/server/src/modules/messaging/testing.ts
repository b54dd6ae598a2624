/** Messaging test helpers: a parallel-approval case and staff of its departments and of an outside one. */
import http from "node:http";
import type { CaseDetail } from "@yiwang/contracts";
import type { Role } from "../../platform/auth/permissions.js";
import type { TestApp } from "../../test-support/app.js";
import { createStaff, type Headers } from "../../test-support/identity.js";
import { multipartBody } from "../../test-support/multipart.js";
import { enterpriseApplicant, fileCase, seedCity } from "../cases/testing.js";

export interface Person {
  id: string;
  headers: Headers;
}

/** 990100-XK-002 建设工程规划许可证核发: land, housing and ecology take part; amr (市场监管) does not. */
export const PARALLEL_ITEM = "990100-XK-002";

export async function person(t: TestApp, role: Role, dept: string): Promise<Person> {
  const s = await createStaff(t, { roles: [role], departmentKey: dept });
  return { id: s.id, headers: s.headers };
}

export async function parallelCase(t: TestApp): Promise<{
  case: CaseDetail;
  land: Person;
  housing: Person;
  eco: Person;
  outsider: Person;
}> {
  await seedCity(t);
  const applicant = await enterpriseApplicant(t);
  const c = await fileCase(t, applicant, PARALLEL_ITEM);
  return {
    case: c,
    land: await person(t, "approver", "land"),
    housing: await person(t, "approver", "housing"),
    eco: await person(t, "approver", "eco"),
    outsider: await person(t, "approver", "amr"),
  };
}

export async function caseThreadId(t: TestApp, caseId: string, headers: Headers): Promise<string> {
  const res = await t.app.inject({ method: "GET", url: `/api/messaging/cases/${caseId}/thread`, headers });
  if (res.statusCode !== 200) throw new Error(`case thread: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export function post(t: TestApp, headers: Headers, threadId: string, body: unknown) {
  return t.app.inject({
    method: "POST",
    url: `/api/messaging/threads/${threadId}/messages`,
    headers,
    payload: body as object,
  });
}

/** A multipart body with one file part (and an optional text field `body`). */
export function multipart(file: { name: string; bytes: Buffer; type?: string }, body?: string) {
  return multipartBody(file, body === undefined ? {} : { body });
}

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * A minimal EventSource over node:http for tests and the bench: `next(match)` resolves with the first event
 * (already received or still to come) that matches; `close()` ends the connection.
 */
export function openEvents(
  url: string,
  headers: Record<string, string>,
): Promise<{
  status: number;
  next(match?: (e: SseEvent) => boolean): Promise<SseEvent>;
  close(): void;
  seen: SseEvent[];
}> {
  return new Promise((resolve, reject) => {
    const seen: SseEvent[] = [];
    const waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
    const req = http.get(url, { headers: { accept: "text/event-stream", ...headers } }, (res) => {
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          const e: SseEvent = { id: null, event: "message", data: "" };
          let has = false;
          for (const line of block.split("\n")) {
            const i = line.indexOf(":");
            if (i <= 0) continue;
            const field = line.slice(0, i);
            const value = line.slice(i + 1).replace(/^ /, "");
            if (field === "id") e.id = value;
            else if (field === "event") e.event = value;
            else if (field === "data") {
              e.data = e.data ? `${e.data}\n${value}` : value;
              has = true;
            }
          }
          if (!has) continue;
          seen.push(e);
          for (const w of [...waiters])
            if (w.match(e)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(e);
            }
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        seen,
        next(match = () => true) {
          const found = seen.find(match);
          if (found) return Promise.resolve(found);
          return new Promise((r) => waiters.push({ match, resolve: r }));
        },
        close() {
          req.destroy();
        },
      });
    });
    req.on("error", reject);
  });
}
