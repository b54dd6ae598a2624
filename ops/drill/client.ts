/**
 * The drill's client: demo users signing in through HAProxy, filing and accepting a few real cases (whose
 * 督办 timers the drill then watches), and the write load — many connections creating cases, each
 * acknowledged id recorded, each request that failed in flight retried.
 */
import { Secret, TOTP } from "otpauth";
import { ENTERPRISE_USCC, fill } from "../../apps/server/src/modules/cases/form-sample.js";
import { pdfBytes } from "../../apps/server/src/platform/files/testing.js";
import demo from "../../apps/server/src/seed/data/demo-accounts.json" with { type: "json" };

const JSON_HEADERS = { "content-type": "application/json" };
/** The demo enterprise (示例市) and its legal representative, who files 食品经营许可 for it. */
const REPRESENTATIVE_PHONE = "13800000003";
export const ITEM_CODE = "990100-XK-001";

export async function call(base: string, method: string, path: string, cookie: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : JSON_HEADERS), cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return { res, json: text ? JSON.parse(text) : null };
}

const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0] as string;

/** 李娜 signed in and acting for the demo enterprise (a new session token). */
export async function applicant(base: string): Promise<string> {
  const login = await fetch(`${base}/api/identity/login/password`, {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ phone: REPRESENTATIVE_PHONE, password: demo.password }),
  });
  if (login.status !== 200) throw new Error(`citizen login: ${login.status} ${await login.text()}`);
  const person = cookieOf(login);
  const list = (await call(base, "GET", "/api/identity/me/enterprises", person)).json;
  const ent = (list.items ?? list).find((e: { uscc: string }) => e.uscc === ENTERPRISE_USCC);
  const switched = await call(base, "PUT", "/api/identity/me/acting-for", person, {
    enterpriseId: ent.enterpriseId ?? ent.id,
  });
  return cookieOf(switched.res);
}

/** A demo staff member past the second factor (the demo TOTP secret; one login per 30-second step). */
export async function staff(base: string, username: string): Promise<string> {
  const login = await fetch(`${base}/api/identity/staff/login`, {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ username, password: demo.password }),
  });
  if (login.status !== 200) throw new Error(`staff login: ${login.status} ${await login.text()}`);
  const code = new TOTP({ secret: Secret.fromBase32(demo.staffTotpSecret), period: 30 }).generate();
  const mfa = await call(base, "POST", "/api/identity/staff/mfa/verify", cookieOf(login), { code });
  return cookieOf(mfa.res);
}

/**
 * Files `count` complete applications and has the window accept them: each accepted case has its deadline
 * timer (督办, kind case.deadline) armed in the acceptance's transaction. Returns the case ids.
 */
export async function acceptedCases(base: string, citizen: string, clerk: string, count: number): Promise<string[]> {
  const item = (await call(base, "GET", `/api/catalog/items/${ITEM_CODE}`, citizen)).json as {
    materials: { name: string; required: boolean }[];
  };
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    let c = (await call(base, "POST", "/api/cases", citizen, { itemCode: ITEM_CODE })).json;
    c = (
      await call(base, "PUT", `/api/cases/${c.id}/form`, citizen, {
        formData: fill(c.form.schema, c.formData),
        version: c.version,
      })
    ).json;
    for (const m of item.materials.filter((x) => x.required)) {
      const form = new FormData();
      form.append("material", m.name);
      form.append(
        "file",
        new Blob([new Uint8Array(pdfBytes(String(m.name.length)))], { type: "application/pdf" }),
        "m.pdf",
      );
      const up = await fetch(`${base}/api/cases/${c.id}/materials`, {
        method: "POST",
        headers: { cookie: citizen },
        body: form,
      });
      if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
    }
    c = (await call(base, "GET", `/api/cases/${c.id}`, citizen)).json;
    c = (await call(base, "POST", `/api/cases/${c.id}/submit`, citizen, { version: c.version })).json;
    c = (await call(base, "POST", `/api/cases/${c.id}/accept`, clerk, { version: c.version })).json;
    if (c.status !== "in_review") throw new Error(`case ${c.id} is ${c.status} after acceptance`);
    ids.push(c.id);
  }
  return ids;
}

export interface LoadResult {
  /** Case ids whose creation was acknowledged (201 with the case). */
  acknowledged: string[];
  /** Attempts that failed in flight (connection reset, 502/503/504, timeout) and were sent again. */
  retried: number;
  /** Attempts per failure kind. */
  failures: Record<string, number>;
  /** Answers a retry cannot fix (4xx): none in a good drill. */
  unexpected: string[];
  /** Longest stretch with no acknowledged write, ms, and when it started (ms since the load began). */
  longestGapMs: number;
  gapStartMs: number;
  durationMs: number;
}

/**
 * `connections` clients, each creating cases one after another through `base` until `stop()` resolves: an
 * acknowledged write is a 201 with the new case's id; any other outcome of an attempt (the node died with the
 * request, HAProxy had no node, the database was away) is counted and the request is sent again — the
 * client's side of "a killed node costs only the requests in flight to it".
 */
export async function load(base: string, cookie: string, connections: number, stop: Promise<unknown>) {
  let stopping = false;
  void stop.then(() => {
    stopping = true;
  });
  const started = performance.now();
  const acks: { id: string; at: number }[] = [];
  const failures: Record<string, number> = {};
  const unexpected: string[] = [];
  let retried = 0;
  const one = async () => {
    while (!stopping) {
      try {
        const res = await fetch(`${base}/api/cases`, {
          method: "POST",
          headers: { ...JSON_HEADERS, cookie },
          body: JSON.stringify({ itemCode: ITEM_CODE }),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        if (res.status === 201) {
          acks.push({ id: JSON.parse(text).id, at: performance.now() - started });
          continue;
        }
        if (res.status < 500) {
          unexpected.push(`${res.status} ${text.slice(0, 300)}`);
          return; // this client stops; the drill reports it
        }
        failures[`http ${res.status}`] = (failures[`http ${res.status}`] ?? 0) + 1;
      } catch (e) {
        const kind = (e as Error).name === "TimeoutError" ? "timeout" : "connection";
        failures[kind] = (failures[kind] ?? 0) + 1;
      }
      retried++;
      // A short pause before the retry, so a client does not spin while no node can answer.
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await Promise.all(Array.from({ length: connections }, one));
  const durationMs = performance.now() - started;
  const times = [0, ...acks.map((a) => a.at).sort((a, b) => a - b), durationMs];
  let longestGapMs = 0;
  let gapStartMs = 0;
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number);
    if (gap > longestGapMs) [longestGapMs, gapStartMs] = [gap, times[i - 1] as number];
  }
  return {
    acknowledged: acks.map((a) => a.id),
    retried,
    failures,
    unexpected,
    longestGapMs,
    gapStartMs,
    durationMs,
  } as LoadResult;
}

/** Reads every id back through the API (bounded concurrency); the ids that are missing. */
export async function reread(base: string, cookie: string, ids: string[], concurrency = 20): Promise<string[]> {
  const missing: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const res = await fetch(`${base}/api/cases/${id}`, { headers: { cookie }, signal: AbortSignal.timeout(15_000) });
      await res.arrayBuffer();
      if (res.status !== 200) missing.push(id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return missing;
}
