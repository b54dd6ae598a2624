import type { CaseDetail } from "@yiwang/contracts";
import { afterAll, describe, expect, it } from "vitest";
import demo from "../../seed/data/demo-accounts.json" with { type: "json" };
import { cli, databaseEnv, type Running, start } from "../../test-support/cli.js";
import { fill, tinyPdf } from "./testing.js";

/**
 * Acceptance 4: killing the server (SIGKILL) between a transition and its timer firing loses nothing: the
 * timer was written in the acceptance's transaction, so after a restart — run "in the future" past the
 * deadline with CLOCK_OFFSET_SECONDS — the escalation fires, and fires once. On PostgreSQL two processes
 * restart at the same time and race for the timer.
 */
const JSON_HEADERS = { "content-type": "application/json" };

function kill9(r: Running): Promise<void> {
  return new Promise((resolve) => {
    r.child.removeAllListeners("exit");
    r.child.on("exit", () => resolve());
    r.child.kill("SIGKILL");
  });
}

async function call(base: string, method: string, path: string, cookie: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : JSON_HEADERS), cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { res, json: text ? JSON.parse(text) : null };
}

async function citizenCookie(base: string, phone: string) {
  const res = await fetch(`${base}/api/identity/login/password`, {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ phone, password: demo.password }),
  });
  expect(res.status).toBe(200);
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

async function staffCookie(base: string, username: string, env: Record<string, string>) {
  const login = await fetch(`${base}/api/identity/staff/login`, {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ username, password: demo.password }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const code = /^(\d{6}) /m.exec((await cli(["demo-totp"], env)).out)?.[1];
  const mfa = await fetch(`${base}/api/identity/staff/mfa/verify`, {
    method: "POST",
    headers: { ...JSON_HEADERS, cookie },
    body: JSON.stringify({ code }),
  });
  expect(mfa.status, await mfa.text()).toBe(200);
  return (mfa.headers.get("set-cookie") ?? "").split(";")[0]!; // a new token once the login completes
}

async function uploadPdf(base: string, cookie: string, caseId: string, material: string) {
  const form = new FormData();
  form.append("material", material);
  form.append("file", new Blob([tinyPdf(material.length.toString())], { type: "application/pdf" }), "m.pdf");
  const res = await fetch(`${base}/api/cases/${caseId}/materials`, { method: "POST", headers: { cookie }, body: form });
  expect(res.status, await res.text()).toBe(201);
}

describe("cases: the escalation timer survives a killed server", () => {
  const cleanups: (() => Promise<void>)[] = [];
  const running: Running[] = [];
  afterAll(async () => {
    for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) await kill9(r);
    for (const c of cleanups) await c();
  });

  it("accept, SIGKILL, restart past the deadline: one escalation, one notice to the department head", async () => {
    const { env, cleanup } = await databaseEnv();
    cleanups.push(cleanup);
    const quick = { ...env, JOBS_POLL_MS: "100" };
    const a = await start(quick);
    running.push(a);

    // The representative of the demo enterprise files 食品经营许可; the amr window accepts it.
    const person = await citizenCookie(a.url, "13800000003");
    const enterprises = (await call(a.url, "GET", "/api/identity/me/enterprises", person)).json;
    const ent = (enterprises.items ?? enterprises).find((e: { uscc: string }) => e.uscc === "91990100MA0001018E");
    const switched = await call(a.url, "PUT", "/api/identity/me/acting-for", person, {
      enterpriseId: ent.enterpriseId ?? ent.id,
    });
    // Acting for the enterprise is a new session (a new token).
    const citizen = (switched.res.headers.get("set-cookie") ?? "").split(";")[0] as string;
    let c = (await call(a.url, "POST", "/api/cases", citizen, { itemCode: "990100-XK-001" })).json as CaseDetail;
    c = (
      await call(a.url, "PUT", `/api/cases/${c.id}/form`, citizen, {
        formData: fill(c.form.schema, c.formData),
        version: c.version,
      })
    ).json;
    const item = (await (await fetch(`${a.url}/api/catalog/items/990100-XK-001`)).json()) as {
      materials: { name: string; required: boolean }[];
    };
    for (const m of item.materials as { name: string; required: boolean }[])
      if (m.required) await uploadPdf(a.url, citizen, c.id, m.name);
    c = (await call(a.url, "GET", `/api/cases/${c.id}`, citizen)).json;
    c = (await call(a.url, "POST", `/api/cases/${c.id}/submit`, citizen, { version: c.version })).json;
    const clerk = await staffCookie(a.url, "amr.clerk", env);
    c = (await call(a.url, "POST", `/api/cases/${c.id}/accept`, clerk, { version: c.version })).json;
    expect(c.status).toBe("in_review");
    const deadlineAt = new Date(c.deadline.at!).getTime();

    // The acceptance has committed (its response came back); kill the server before the timer is due.
    await kill9(a);

    // Restart an hour past the deadline day: the timer is due. On PostgreSQL, two processes race for it.
    const offset = Math.ceil((deadlineAt + 3_600_000 - Date.now()) / 1000);
    const later = { ...quick, CLOCK_OFFSET_SECONDS: String(offset) };
    const b = await start(later);
    running.push(b);
    if (env.DATABASE_URL) running.push(await start(later));

    const approver = await staffCookie(b.url, "amr.admin", env);
    let escalations: CaseDetail["history"] = [];
    for (let i = 0; i < 100 && escalations.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const d = (await call(b.url, "GET", `/api/cases/${c.id}`, approver)).json as CaseDetail;
      escalations = d.history.filter((h) => h.type === "escalated");
    }
    // Give every process several more polls to (wrongly) fire it again.
    await new Promise((r) => setTimeout(r, 1500));
    const d = (await call(b.url, "GET", `/api/cases/${c.id}`, approver)).json as CaseDetail;
    expect(d.history.filter((h) => h.type === "escalated")).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ kind: "system" }),
        payload: expect.objectContaining({ level: 1 }),
      }),
    ]);
    expect(d.deadline).toMatchObject({ light: "red", escalationLevel: 1 });
    const notices = (await call(b.url, "GET", "/api/notifications", approver)).json as {
      items: { kind: string; link: string | null }[];
    };
    expect(notices.items.filter((n) => n.kind === "case.overdue" && n.link?.includes(c.id))).toHaveLength(1);
  }, 180_000);
});
