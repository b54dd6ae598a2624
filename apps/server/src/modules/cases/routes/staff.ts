/** The workbench API: queues, supervision, and the stage commands. Departments are checked per case. */
import {
  AcceptRequest,
  ApproveRequest,
  CaseCreditSummary,
  CaseDetail,
  CaseList,
  ClaimRequest,
  DeliverRequest,
  DenyRequest,
  errorResponses,
  Inbox,
  InboxQuery,
  RefuseRequest,
  ResumeRequest,
  ReviewRequest,
  SupervisionQuery,
  SupplementRequestBody,
  SuspendRequest,
  VetoRequest,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { Principal } from "../../../platform/auth/permissions.js";
import type { CaseServices } from "../index.js";
import type { CaseRow } from "../repository.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["cases 办件（工作台）"];
const IdParams = z.object({ id: z.uuid() });

export const staffRoutes: FastifyPluginAsyncZod<{ services: CaseServices }> = async (app, { services }) => {
  const { handling: h, queries } = services;
  const staff = app.authorize("case.read");

  app.get(
    "/inbox",
    {
      preHandler: staff,
      schema: { tags, summary: "Department queue", querystring: InboxQuery, response: { 200: Inbox, ...errors } },
    },
    async (request) => queries.inbox(principalOf(request), request.query),
  );

  app.get(
    "/supervision",
    {
      preHandler: app.authorize("case.supervise"),
      schema: {
        tags,
        summary: "Open cases by deadline light (督办)",
        querystring: SupervisionQuery,
        response: { 200: CaseList, ...errors },
      },
    },
    async (request) => queries.supervision(principalOf(request), request.query),
  );

  app.get(
    "/:id/credit",
    {
      preHandler: staff,
      schema: {
        tags,
        summary: "申请企业信用概况 / The applicant enterprise's credit summary",
        params: IdParams,
        response: { 200: CaseCreditSummary, ...errors },
      },
    },
    async (request) => ({ summary: await queries.credit(principalOf(request), request.params.id) }),
  );

  /** One POST per command; each returns the case as the caller now sees it. */
  function command<S extends z.ZodType>(
    path: string,
    summary: string,
    body: S,
    run: (p: Principal, id: string, body: z.infer<S>) => Promise<CaseRow>,
  ) {
    app.post(
      `/:id/${path}`,
      {
        preHandler: staff,
        schema: { tags, summary, params: IdParams, body, response: { 200: CaseDetail, ...errors } },
      },
      async (request) => {
        const p = principalOf(request);
        const row = await run(p, (request.params as { id: string }).id, request.body as z.infer<S>);
        return queries.detailOf(p, row, request.id);
      },
    );
  }

  command("claim", "Claim a task", ClaimRequest, (p, id, b) => h.claim(p, id, b.taskId));
  command("release", "Release a claimed task", ClaimRequest, (p, id, b) => h.release(p, id, b.taskId));
  command("accept", "Accept (受理)", AcceptRequest, (p, id, b) => h.accept(p, id, b));
  command("refuse", "Refuse to accept (不予受理)", RefuseRequest, (p, id, b) => h.refuse(p, id, b));
  command("supplement", "Request a supplement (补齐补正, once)", SupplementRequestBody, (p, id, b) =>
    h.requestSupplement(p, id, b),
  );
  command("pass", "Pass a review", ReviewRequest, (p, id, b) => h.pass(p, id, b));
  command("veto", "Veto in review (否决)", VetoRequest, (p, id, b) => h.veto(p, id, b));
  command("suspend", "Start a special procedure (特别程序)", SuspendRequest, (p, id, b) => h.suspend(p, id, b));
  command("resume", "End the special procedure", ResumeRequest, (p, id, b) => h.resume(p, id, b));
  command("approve", "Decide: approve (准予)", ApproveRequest, (p, id, b) => h.approve(p, id, b));
  command("deny", "Decide: deny (不予)", DenyRequest, (p, id, b) => h.deny(p, id, b));
  command("deliver", "Deliver the result (送达)", DeliverRequest, (p, id, b) => h.deliver(p, id, b));
};
