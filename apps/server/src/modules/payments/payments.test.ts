import type { CaseDetail, PaymentOrder } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { poppler } from "../../test-support/poppler.js";
import { act, fileCase, loginCitizen, seedCity, staffOf } from "../cases/testing.js";
import { isPaymentCode, OVERDUE_JOB, signNotice } from "./index.js";

/**
 * 缴费 (issue 15) over HTTP: 社会保障卡申领 (demo fee 20 元) raises its payment order with the approval (先审后缴),
 * cannot be delivered until paid, is paid on the demo pay page and gets a sealed receipt that pdfsig verifies.
 * The payment system's notification: a bad signature is 401, an amount mismatch 422, both writing nothing;
 * repeated and parallel notifications pay once. An order unpaid past its due date is flagged to the clerk.
 */
const ITEM = "990100-GG-003";
const ZHAO_LEI = "13800000005";

describe("payments: fees paid online with a sealed receipt", () => {
  let t: TestApp;
  const clock = new TestClock(new Date());
  let applicant: Headers;
  let other: Headers;
  let clerk: Headers;
  let approver: Headers;
  let otherClerk: Headers;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    applicant = await loginCitizen(t, ZHAO_LEI);
    other = await loginCitizen(t, "13800000002");
    clerk = await staffOf(t, "window_clerk", "hrss");
    approver = await staffOf(t, "approver", "hrss");
    otherClerk = await staffOf(t, "window_clerk", "amr");
  }, 120_000);
  afterAll(() => t.close());

  const get = async (id: string, headers: Headers) =>
    (await t.app.inject({ method: "GET", url: `/api/cases/${id}`, headers })).json() as CaseDetail;
  const orderOf = async (caseId: string, headers: Headers) => {
    const res = await t.app.inject({ method: "GET", url: `/api/payments/cases/${caseId}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().order as PaymentOrder | null;
  };
  const notice = (order: PaymentOrder, over: { amountFen?: number; transactionId?: string } = {}) => {
    const n = {
      code: order.code,
      amountFen: over.amountFen ?? order.amountFen,
      transactionId: over.transactionId ?? `T${order.code.slice(-10)}`,
      paidAt: clock.now().toISOString(),
      channel: "bank",
    };
    return { ...n, signature: signNotice(t.config.payments.callbackSecret, n) };
  };
  const post = (payload: Record<string, unknown>) =>
    t.app.inject({ method: "POST", url: "/api/payments/notices", payload });
  const count = async (table: "outbox_events", type: string, subject: string) =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .where("type", "=", type)
          .where("subject", "=", subject)
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Filed, accepted and approved: the order is raised with the approval. */
  async function approved(): Promise<CaseDetail> {
    let c = await fileCase(t, applicant, ITEM);
    c = (await act(t, clerk, c, "accept")).json();
    const res = await act(t, approver, c, "approve", { comment: "准予" });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it("approval raises the order; delivery waits for payment; the demo pay page pays; the receipt is sealed", async () => {
    const c = await approved();
    expect(c.status).toBe("approved");
    const order = await orderOf(c.id, applicant);
    expect(order).toMatchObject({
      caseId: c.id,
      status: "unpaid",
      amountFen: 2000,
      overdue: false,
      itemCode: ITEM,
      payerName: "赵磊",
      receiptNumber: null,
    });
    expect(order!.lines).toEqual([expect.objectContaining({ name: "社会保障卡制卡工本费", amountFen: 2000 })]);
    expect(isPaymentCode(order!.code)).toBe(true);
    expect(order!.code.slice(0, 6)).toMatch(/^\d{6}$/);
    // Due date: the configured working days after the approval, on the work calendar.
    const due = await t.app.platform.calendar.addWorkingDays(clock.now(), t.config.payments.dueWorkingDays);
    expect(order!.dueDate).toBe(due.deadlineDate);
    // The approval's history entry carries the order (same transaction as the state change).
    const history = (await get(c.id, applicant)).history;
    expect(history.find((h) => h.type === "approved")?.payload).toMatchObject({
      payment: { code: order!.code, amountFen: 2000 },
    });
    expect(await count("outbox_events", "payment.ordered", `payment:${order!.id}`)).toBe(1);

    // The clerk reads it; a stranger does not even learn it exists; another department is refused.
    expect((await orderOf(c.id, clerk))?.id).toBe(order!.id);
    const stranger = await t.app.inject({ method: "GET", url: `/api/payments/orders/${order!.id}`, headers: other });
    expect([stranger.statusCode, stranger.json().code]).toEqual([404, "CASE_NOT_FOUND"]);
    const elsewhere = await t.app.inject({ method: "GET", url: `/api/payments/cases/${c.id}`, headers: otherClerk });
    expect(elsewhere.statusCode).toBe(403);

    // Not paid: delivery is refused and nothing changes.
    const early = await act(t, clerk, await get(c.id, clerk), "deliver", { method: "online" });
    expect([early.statusCode, early.json().code]).toEqual([409, "CASE_FEE_UNPAID"]);
    expect(await get(c.id, clerk)).toMatchObject({ status: "approved", version: c.version });
    const noReceipt = await t.app.inject({
      method: "GET",
      url: `/api/payments/orders/${order!.id}/receipt`,
      headers: applicant,
    });
    expect([noReceipt.statusCode, noReceipt.json().code]).toEqual([409, "PAYMENT_RECEIPT_NOT_READY"]);

    // Staff cannot press 支付 for the applicant; the applicant can, and twice pays once.
    const byStaff = await t.app.inject({
      method: "POST",
      url: `/api/payments/orders/${order!.id}/demo-pay`,
      headers: clerk,
    });
    expect(byStaff.statusCode).toBe(403);
    const paid = await t.app.inject({
      method: "POST",
      url: `/api/payments/orders/${order!.id}/demo-pay`,
      headers: applicant,
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: "paid", channel: "demo", receiptNumber: `PZ${order!.code}` });
    const again = await t.app.inject({
      method: "POST",
      url: `/api/payments/orders/${order!.id}/demo-pay`,
      headers: applicant,
    });
    expect(again.json().transactionId).toBe(paid.json().transactionId);
    expect(await count("outbox_events", "payment.paid", `payment:${order!.id}`)).toBe(1);
    expect((await get(c.id, applicant)).history.filter((h) => h.type === "fee_paid")).toHaveLength(1);

    // The receipt: sealed by the department (pdfsig), the 缴款码 and amount in its text.
    const receipt = await t.app.inject({
      method: "GET",
      url: `/api/payments/orders/${order!.id}/receipt`,
      headers: applicant,
    });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers["content-type"]).toContain("application/pdf");
    const report = poppler("pdfsig", receipt.rawPayload, "receipt.pdf");
    expect(report).toContain("Signature is Valid.");
    expect(report).toMatch(/Total document signed/);
    const text = poppler("pdftotext", receipt.rawPayload, "receipt-text.pdf");
    expect(text).toContain("电子缴款凭证");
    expect(text).toContain(order!.code);
    expect(text).toContain("20.00");
    const tampered = Buffer.from(receipt.rawPayload);
    tampered[Math.floor(tampered.length / 3)]! ^= 0x01;
    expect(poppler("pdfsig", tampered, "receipt-tampered.pdf")).not.toContain("Signature is Valid.");

    const delivered = await act(t, clerk, await get(c.id, clerk), "deliver", { method: "online" });
    expect([delivered.statusCode, delivered.json().status]).toEqual([200, "delivered"]);
  });

  it("the notification: bad signature 401, amount mismatch 422, unknown code 404 — none writes anything", async () => {
    const c = await approved();
    const order = (await orderOf(c.id, applicant))!;
    const good = notice(order);
    const forged = { ...good, signature: signNotice("another-secret-of-at-least-32-chars!!", good) };
    let res = await post(forged);
    expect([res.statusCode, res.json().code]).toEqual([401, "PAYMENT_SIGNATURE_INVALID"]);
    // Signed for one amount, claiming another: the signature no longer matches.
    res = await post({ ...good, amountFen: 1 });
    expect([res.statusCode, res.json().code]).toEqual([401, "PAYMENT_SIGNATURE_INVALID"]);
    res = await post({ ...good, signature: "not-hex" });
    expect([res.statusCode, res.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    // Correctly signed, but not the amount due.
    res = await post(notice(order, { amountFen: 1999 }));
    expect([res.statusCode, res.json().code]).toEqual([422, "PAYMENT_AMOUNT_MISMATCH"]);
    const unknown = { ...good, code: `${order.code.slice(0, 19)}${(Number(order.code[19]) + 1) % 10}` };
    res = await post({ ...unknown, signature: signNotice(t.config.payments.callbackSecret, unknown) });
    expect([res.statusCode, res.json().code]).toEqual([404, "PAYMENT_ORDER_NOT_FOUND"]);
    expect((await orderOf(c.id, applicant))?.status).toBe("unpaid");
    expect(await count("outbox_events", "payment.paid", `payment:${order.id}`)).toBe(0);

    res = await post(good);
    expect([res.statusCode, res.json()]).toEqual([200, { result: "SUCCESS", status: "paid", duplicate: false }]);
    res = await post(good);
    expect([res.statusCode, res.json().duplicate]).toEqual([200, true]);
    expect((await orderOf(c.id, applicant))?.transactionId).toBe(good.transactionId);
  });

  it("parallel notifications for one order pay it once", async () => {
    const c = await approved();
    const order = (await orderOf(c.id, applicant))!;
    const all = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post(notice(order, { transactionId: `PAR${i % 2}${order.code.slice(-8)}` }))),
    );
    expect(all.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
    expect(all.filter((r) => r.json().duplicate === false)).toHaveLength(1);
    expect(await count("outbox_events", "payment.paid", `payment:${order.id}`)).toBe(1);
    expect((await get(c.id, applicant)).history.filter((h) => h.type === "fee_paid")).toHaveLength(1);
    const rows = await t.database.db
      .selectFrom("stored_files")
      .select("id")
      .where("name", "=", `PZ${order.code}.pdf`)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("an order unpaid past its due date is flagged to the clerk (history, notification, overdue)", async () => {
    const c = await approved();
    const order = (await orderOf(c.id, clerk))!;
    const start = clock.now();
    try {
      // The day after the due date, when the job runs.
      clock.set(new Date(`${order.dueDate}T23:59:59+08:00`).getTime() + 2000);
      while ((await t.app.platform.jobs.runDue(50)) > 0);
      expect(await orderOf(c.id, clerk)).toMatchObject({ status: "unpaid", overdue: true });
      expect((await get(c.id, clerk)).history.map((h) => h.type)).toContain("fee_overdue");
      const notes = await t.app.inject({ method: "GET", url: "/api/notifications", headers: clerk });
      expect(JSON.stringify(notes.json())).toContain(`缴费逾期：${c.number}`);
      // Paying late still works, and clears the flag.
      const paid = await t.app.inject({
        method: "POST",
        url: `/api/payments/orders/${order.id}/demo-pay`,
        headers: applicant,
      });
      expect(paid.json()).toMatchObject({ status: "paid", overdue: false });
    } finally {
      clock.set(start);
    }
  });

  it("an item without fees raises no order and delivers as before", async () => {
    const healthClerk = await staffOf(t, "window_clerk", "health");
    const healthApprover = await staffOf(t, "approver", "health");
    let c = await fileCase(t, applicant, "990100-GG-004");
    c = (await act(t, healthClerk, c, "accept")).json();
    c = (await act(t, healthApprover, c, "approve")).json();
    expect(c.status).toBe("approved");
    expect(await orderOf(c.id, applicant)).toBeNull();
    expect(c.history.find((h) => h.type === "approved")?.payload).not.toHaveProperty("payment");
    const delivered = await act(t, healthClerk, await get(c.id, healthClerk), "deliver", { method: "online" });
    expect([delivered.statusCode, delivered.json().status]).toEqual([200, "delivered"]);
  });

  it("the overdue job is scheduled with each order and cancelled by payment", async () => {
    const c = await approved();
    const order = (await orderOf(c.id, applicant))!;
    const keys = async () =>
      (await t.database.db.selectFrom("jobs").select("key").where("kind", "=", OVERDUE_JOB).execute()).map(
        (j) => j.key,
      );
    expect(await keys()).toContain(order.id);
    expect((await post(notice(order))).statusCode).toBe(200);
    expect(await keys()).not.toContain(order.id);
  });
});
