import type { Entitlement } from "@yiwang/contracts";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { PiiCipher } from "../../platform/crypto/pii.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { act, enterpriseApplicant, seedCity, staffOf } from "../cases/testing.js";
import { auditEntries } from "../identity/testing.js";
import { reencryptBankAccounts } from "./index.js";
import { benefitBody, createBenefit, createDocument } from "./testing.js";

const K1 = Buffer.alloc(32, 41).toString("base64");
const K2 = Buffer.alloc(32, 42).toString("base64");
const INDEX = Buffer.alloc(32, 43).toString("base64");

/**
 * 快申快享's bank account at rest: sealed (no row holds it in clear), masked in the enterprise's and the
 * department's views and in the case (办件) it is filed as, in clear only in the payment instruction (a read recorded in pii_access_log and the
 * audit log); an account written in clear before sealing still reads and `yiwang pii reencrypt` seals it.
 */
describe("policies: the 快申快享 bank account is sealed at rest and masked", () => {
  let t: TestApp;
  let head: Headers;
  let enterprise: Headers;
  let approver: Headers;
  let documentId: string;
  const clock = new TestClock("2026-12-04T10:00:00+08:00");
  const ACCOUNT = "6222020200112233445";
  const MASKED = "6222 **** **** 3445";

  const quick = (title: string) =>
    createBenefit(
      t,
      head,
      benefitBody(documentId, {
        title,
        channel: "quick_application",
        rules: { conditions: { fact: "employeesInsured", operator: "gte", value: 30, label: "参保职工不少于30人" } },
        amountFormula: "min(employeesInsured * 100, 10000)",
      }),
    );
  const apply = async (benefitId: string, bankAccount = ACCOUNT) => {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/policies/my/benefits/${benefitId}/apply`,
      headers: enterprise,
      payload: { bankAccount, confirmed: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Entitlement;
  };
  const stored = (id: string) =>
    t.database.db
      .selectFrom("policies_entitlements")
      .select(["bank_account", "bank_account_enc"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { DATA_ENCRYPTION_KEY: K1, PII_INDEX_KEY: INDEX } });
    await seedCity(t);
    head = await staffOf(t, "dept_admin", "hrss");
    approver = await staffOf(t, "approver", "hrss");
    enterprise = await enterpriseApplicant(t);
    documentId = await createDocument(t, head);
  });
  afterAll(() => t.close());

  it("sealed, masked to the enterprise and the department, in clear only in the recorded payment instruction", async () => {
    const benefit = await quick("科技企业快申奖励（账户）");
    const applied = await apply(benefit.id);
    expect(applied.bankAccount).toBe(MASKED);

    const row = await stored(applied.id);
    expect(row.bank_account).toBeNull();
    expect(t.app.platform.pii.decrypt("bank_account", row.bank_account_enc as Buffer)).toBe(ACCOUNT);
    // Bound to its field: the same bytes do not open as a phone.
    expect(() => t.app.platform.pii.decrypt("phone", row.bank_account_enc as Buffer)).toThrow();
    const json = await sql<{
      r: string;
    }>`select row_to_json(e)::text as r from policies_entitlements e where id = ${applied.id}`.execute(t.database.db);
    expect(json.rows[0]?.r).not.toContain(ACCOUNT);
    expect(json.rows[0]?.r).not.toContain(Buffer.from(ACCOUNT).toString("hex"));

    const views = [
      await t.app.inject({ method: "GET", url: "/api/policies/my/entitlements", headers: enterprise }),
      await t.app.inject({ method: "GET", url: `/api/policies/benefits/${benefit.id}/entitlements`, headers: head }),
    ];
    for (const v of views) {
      expect(v.statusCode, v.body).toBe(200);
      expect(v.body).not.toContain(ACCOUNT);
      expect((v.json().items as Entitlement[]).find((e) => e.id === applied.id)?.bankAccount).toBe(MASKED);
    }
    const reads = () =>
      t.database.db
        .selectFrom("pii_access_log")
        .selectAll()
        .where("subject", "=", `policy-entitlement:${applied.id}`)
        .execute();
    expect(await reads()).toEqual([]);

    // The case (办件) holds the account masked only; the department approves it there.
    const filed = await t.app.inject({ method: "GET", url: `/api/cases/${applied.caseId}`, headers: approver });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.body).not.toContain(ACCOUNT);
    expect(filed.json().formData.bankAccount).toBe(MASKED);
    const decided = await act(t, approver, filed.json(), "approve");
    expect(decided.statusCode, decided.body).toBe(200);
    while ((await t.app.platform.jobs.runDue(50)) > 0);
    const [paid] = (await t.app.inject({ method: "GET", url: "/api/policies/my/entitlements", headers: enterprise }))
      .json()
      .items.filter((e: Entitlement) => e.id === applied.id);
    expect(paid).toMatchObject({ status: "paid", bankAccount: MASKED });
    const [read] = await reads();
    expect(read).toMatchObject({ field: "bank_account", reason: "policies.payment-instruction" });
    // The instruction is the case's approval: its history names the approver.
    expect(read?.actor).toBe(`case:${applied.caseId}`);
    const [entry] = await auditEntries(t, {
      type: "identity.pii.unmasked",
      subject: `policy-entitlement:${applied.id}`,
    });
    expect(entry?.actor).toBe(read?.actor);
  });

  it("an account written in clear before sealing still reads; reencrypt seals it, re-seals after a rotation, and is idempotent", async () => {
    const benefit = await quick("科技企业快申奖励（旧数据）");
    const applied = await apply(benefit.id, "6222999988887777123");
    // As a row written before the migration: the account in the clear column only.
    await t.database.db
      .updateTable("policies_entitlements")
      .set({ bank_account: "6222999988887777123", bank_account_enc: null })
      .where("id", "=", applied.id)
      .execute();
    const list = await t.app.inject({ method: "GET", url: "/api/policies/my/entitlements", headers: enterprise });
    expect((list.json().items as Entitlement[]).find((e) => e.id === applied.id)?.bankAccount).toBe(
      "6222 **** **** 7123",
    );

    const k1 = new PiiCipher({ key: K1, indexKey: INDEX });
    expect(await reencryptBankAccounts(t.database.db, k1)).toBeGreaterThanOrEqual(1);
    const sealed = await stored(applied.id);
    expect(sealed.bank_account).toBeNull();
    expect(k1.decrypt("bank_account", sealed.bank_account_enc as Buffer)).toBe("6222999988887777123");
    expect(await reencryptBankAccounts(t.database.db, k1)).toBe(0);

    // A rotation: every sealed account moves to the new key; the old key is then no longer needed.
    const k2 = new PiiCipher({ key: K2, previousKeys: [K1], indexKey: INDEX });
    expect(await reencryptBankAccounts(t.database.db, k2)).toBeGreaterThanOrEqual(2);
    const onlyNew = new PiiCipher({ key: K2, indexKey: INDEX });
    expect(onlyNew.decrypt("bank_account", (await stored(applied.id)).bank_account_enc as Buffer)).toBe(
      "6222999988887777123",
    );
  });
});
