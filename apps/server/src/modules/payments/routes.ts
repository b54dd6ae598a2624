/**
 * Payments API (缴费): a case's payment order, the demo pay button, the receipt, and the payment system's
 * notification endpoint — the one route without a session, authenticated by its HMAC signature instead.
 */
import {
  CasePaymentResponse,
  errorResponses,
  PaymentNotice,
  PaymentNoticeResult,
  PaymentOrder,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../platform/auth/guard.js";
import type { PaymentService } from "./service.js";

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ["payments 缴费"];
const IdParams = z.object({ id: z.uuid() });

export const paymentRoutes: FastifyPluginAsyncZod<{ service: PaymentService }> = async (app, { service }) => {
  const anyone = app.authenticate({ kinds: ["citizen", "staff"] });
  const citizen = app.authenticate({ kinds: ["citizen"] });

  app.get(
    "/cases/:id",
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: "办件的缴款通知书 / A case's payment order (null when it charges nothing)",
        params: IdParams,
        response: { 200: CasePaymentResponse, ...errors },
      },
    },
    async (request) => ({ order: await service.forCase(principalOf(request), request.params.id) }),
  );

  app.get(
    "/orders/:id",
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: "缴款通知书 / A payment order",
        params: IdParams,
        response: { 200: PaymentOrder, ...errors },
      },
    },
    async (request) => service.get(principalOf(request), request.params.id),
  );

  app.post(
    "/orders/:id/demo-pay",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "演示支付 / Pay on the demo payment system (demo adapter only)",
        params: IdParams,
        response: { 200: PaymentOrder, ...errors },
      },
    },
    async (request) => service.demoPay(principalOf(request), request.params.id),
  );

  app.get(
    "/orders/:id/receipt",
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: "下载电子缴款凭证 / Download the sealed receipt (PDF)",
        params: IdParams,
        response: { 200: z.unknown().describe("application/pdf"), ...errors },
      },
    },
    async (request, reply) => {
      const { receiptNumber, bytes } = await service.receipt(principalOf(request), request.params.id);
      return reply
        .type("application/pdf")
        .header("content-disposition", `attachment; filename="${receiptNumber}.pdf"`)
        .header("x-content-type-options", "nosniff")
        .send(bytes);
    },
  );

  // The payment system's notification (支付结果通知): no session; the HMAC signature is checked first.
  app.post(
    "/notices",
    {
      schema: {
        tags,
        summary: "支付结果通知 / The payment system's signed notification that an order was paid",
        body: PaymentNotice,
        response: { 200: PaymentNoticeResult, ...errors },
      },
    },
    async (request) => service.notice(request.body),
  );
};
