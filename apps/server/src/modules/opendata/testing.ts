/**
 * Opendata test helpers: a CKAN client that speaks only CKAN's HTTP protocol (POST JSON to
 * /api/3/action/{name}, the key in Authorization, `success` checked, the error object raised) as ckanapi
 * does, over a real socket; and the audit entries recorded so far.
 */
import type { TestApp } from "../../test-support/app.js";

export class CkanError extends Error {
  constructor(
    readonly status: number,
    readonly error: { __type: string; message: string; code?: string; [k: string]: unknown },
  ) {
    super(`${status} ${error.__type}: ${error.message}`);
  }
}

export class CkanClient {
  constructor(
    private readonly base: string,
    private readonly apiKey?: string,
  ) {}

  async call<T = unknown>(action: string, data: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${this.base}/api/3/action/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.apiKey ? { authorization: this.apiKey } : {}) },
      body: JSON.stringify(data),
    });
    const body = (await res.json()) as { success: boolean; result?: T; error?: CkanError["error"]; help: string };
    if (typeof body.help !== "string") throw new Error("not a CKAN answer");
    if (!body.success) throw new CkanError(res.status, body.error as CkanError["error"]);
    if (res.status !== 200) throw new Error(`success with status ${res.status}`);
    return body.result as T;
  }

  /** The same action as a GET with a query string (CKAN accepts both). */
  async get<T = unknown>(action: string, query: Record<string, string>): Promise<T> {
    const res = await fetch(`${this.base}/api/3/action/${action}?${new URLSearchParams(query)}`, {
      headers: this.apiKey ? { authorization: this.apiKey } : {},
    });
    const body = (await res.json()) as { success: boolean; result?: T; error?: CkanError["error"] };
    if (!body.success) throw new CkanError(res.status, body.error as CkanError["error"]);
    return body.result as T;
  }
}

/** Listens on a free loopback port and returns the base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address !== "object") throw new Error("no address");
  return `http://127.0.0.1:${address.port}`;
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

/** What the opendata tables hold (to show that a refusal changed nothing). */
export async function tableCounts(t: TestApp) {
  const count = async (table: "opendata_datasets" | "opendata_resources" | "opendata_rows" | "opendata_applications") =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    datasets: await count("opendata_datasets"),
    resources: await count("opendata_resources"),
    rows: await count("opendata_rows"),
    applications: await count("opendata_applications"),
  };
}
