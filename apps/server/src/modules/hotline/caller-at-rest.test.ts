import type { HotlineRequestView } from "@yiwang/contracts";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { PiiCipher } from "../../platform/crypto/pii.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { reencryptCallers } from "./index.js";
import { intake, operatorOf, request, seedCity, staffOf, view } from "./testing.js";

const K1 = Buffer.alloc(32, 51).toString("base64");
const INDEX = Buffer.alloc(32, 53).toString("base64");

/**
 * The 12345 caller at rest: name and phone sealed (no row holds them in clear); in clear only to the operator
 * reading one request (recorded in pii_access_log), masked to the department and in every list; a caller
 * written in clear before sealing still reads and `yiwang pii reencrypt` seals it.
 */
describe("hotline: the caller is sealed at rest, masked, and a clear read is recorded", () => {
  let t: TestApp;
  const clock = new TestClock("2026-03-02T10:00:00+08:00");
  let operator: Headers;
  let clerk: Headers;
  const CALLER = { name: "陈静", phone: "13800004444" };
  const MASKED = { name: "*静", phone: "138****4444" };

  const stored = (id: string) =>
    t.database.db
      .selectFrom("hotline_requests")
      .select(["caller_name", "caller_phone", "caller_name_enc", "caller_phone_enc"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  const reads = (id: string) =>
    t.database.db.selectFrom("pii_access_log").selectAll().where("subject", "=", `hotline-request:${id}`).execute();

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { DATA_ENCRYPTION_KEY: K1, PII_INDEX_KEY: INDEX } });
    await seedCity(t);
    operator = await operatorOf(t);
    clerk = await staffOf(t, "window_clerk", "housing");
  });
  afterAll(() => t.close());

  it("sealed in the row; the operator reads it in clear (recorded), the department and the lists masked", async () => {
    const r = await intake(t, operator, request({ caller: CALLER }));
    const row = await stored(r.id);
    expect([row.caller_name, row.caller_phone]).toEqual([null, null]);
    expect(t.app.platform.pii.decrypt("caller_name", row.caller_name_enc as Buffer)).toBe(CALLER.name);
    expect(t.app.platform.pii.decrypt("phone", row.caller_phone_enc as Buffer)).toBe(CALLER.phone);
    const json = await sql<{
      r: string;
    }>`select row_to_json(h)::text as r from hotline_requests h where id = ${r.id}`.execute(t.database.db);
    for (const clear of [CALLER.name, CALLER.phone, Buffer.from(CALLER.phone).toString("hex")])
      expect(json.rows[0]?.r).not.toContain(clear);

    const before = (await reads(r.id)).length; // the intake answer itself is the operator's read
    const byOperator = await view(t, operator, r.id);
    expect(byOperator.json().caller).toMatchObject(CALLER);
    const after = await reads(r.id);
    expect(after.length).toBe(before + 2);
    expect(after.map((x) => x.field).sort()).toEqual(expect.arrayContaining(["caller_name", "caller_phone"]));
    expect(after.every((x) => x.actor.startsWith("staff:") && x.reason === `hotline:${r.number}`)).toBe(true);

    // The department handling it: masked, and no clear read recorded for it.
    const byClerk = await view(t, clerk, r.id);
    expect(byClerk.statusCode, byClerk.body).toBe(200);
    expect(byClerk.json().caller).toMatchObject(MASKED);
    expect(byClerk.body).not.toContain(CALLER.phone);
    expect((await reads(r.id)).length).toBe(after.length);
    // Lists are masked, the operator's desk included.
    for (const who of [operator, clerk]) {
      const list = await t.app.inject({ method: "GET", url: "/api/hotline/desk/requests", headers: who });
      const item = (list.json().items as HotlineRequestView[]).find((x) => x.id === r.id);
      expect(item?.caller).toMatchObject(MASKED);
      expect(list.body).not.toContain(CALLER.phone);
    }
  });

  it("a caller written in clear before sealing still reads; reencrypt seals it and is idempotent", async () => {
    const r = await intake(t, operator, request({ caller: { name: "王芳", phone: "13800005555" } }));
    await t.database.db
      .updateTable("hotline_requests")
      .set({ caller_name: "王芳", caller_phone: "13800005555", caller_name_enc: null, caller_phone_enc: null })
      .where("id", "=", r.id)
      .execute();
    expect((await view(t, operator, r.id)).json().caller).toMatchObject({ name: "王芳", phone: "13800005555" });
    expect((await view(t, clerk, r.id)).json().caller).toMatchObject({ name: "*芳", phone: "138****5555" });

    const pii = new PiiCipher({ key: K1, indexKey: INDEX });
    expect(await reencryptCallers(t.database.db, pii)).toBe(1);
    const row = await stored(r.id);
    expect([row.caller_name, row.caller_phone]).toEqual([null, null]);
    expect(pii.decrypt("caller_name", row.caller_name_enc as Buffer)).toBe("王芳");
    expect(pii.decrypt("phone", row.caller_phone_enc as Buffer)).toBe("13800005555");
    expect(await reencryptCallers(t.database.db, pii)).toBe(0);
    expect((await view(t, operator, r.id)).json().caller).toMatchObject({ name: "王芳", phone: "13800005555" });
  });
});
