/** Test helpers of the payments module (ARCHITECTURE.md "Testing"). */
import { expect } from "vitest";
import type { TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";

/**
 * 先审后缴: pays a case's open payment order on the demo payment page as its applicant. Returns whether
 * there was anything to pay (an item without fees has no order).
 */
export async function payDueFees(t: TestApp, caseId: string, applicant: Headers, label = caseId): Promise<boolean> {
  const res = await t.app.inject({ method: "GET", url: `/api/payments/cases/${caseId}`, headers: applicant });
  expect(res.statusCode, `${label}: ${res.body}`).toBe(200);
  const order = res.json().order as { id: string; status: string } | null;
  if (!order || order.status === "paid") return false;
  const paid = await t.app.inject({
    method: "POST",
    url: `/api/payments/orders/${order.id}/demo-pay`,
    headers: applicant,
  });
  expect([paid.statusCode, paid.json().status], `${label}: ${paid.body}`).toEqual([200, "paid"]);
  return true;
}
