/** 文书: a case's sealed receipts and decision documents, for its applicant and the staff who may read it. */
import { CaseDocumentList, CaseDocumentVerifyResult, errorResponses } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { CaseDocuments } from "../documents/service.js";
import { CaseErrors } from "../errors.js";

const errors = errorResponses(400, 401, 403, 404);
const tags = ["cases 办件（文书）"];
const PDF = "application/pdf";
const PDF_LIMIT = 20 * 1024 * 1024;

export const documentRoutes: FastifyPluginAsyncZod<{ documents: CaseDocuments }> = async (app, { documents }) => {
  const anyone = app.authenticate({ kinds: ["citizen", "staff"] });
  app.addContentTypeParser(PDF, { parseAs: "buffer", bodyLimit: PDF_LIMIT }, (_req, body, done) => done(null, body));

  // Public, like license verification: whoever holds a printed or downloaded copy may check it.
  app.post(
    "/documents/verify",
    {
      bodyLimit: PDF_LIMIT,
      schema: {
        tags,
        summary: "核验文书 PDF（签章）/ Verify a receipt or decision PDF and its seal",
        consumes: [PDF],
        response: { 200: CaseDocumentVerifyResult, ...errorResponses(400) },
      },
    },
    async (request) => {
      const body = request.body as Buffer | undefined;
      if (!Buffer.isBuffer(body) || body.subarray(0, 5).toString("latin1") !== "%PDF-")
        throw CaseErrors.CASE_DOCUMENT_PDF_INVALID();
      return documents.verify(body);
    },
  );

  app.get(
    "/:id/documents",
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: "受理回执、补正告知书与决定书 / The case's receipts and decision documents",
        params: z.object({ id: z.uuid() }),
        response: { 200: CaseDocumentList, ...errors },
      },
    },
    async (request) => documents.list(principalOf(request), request.params.id),
  );

  app.get(
    "/:id/documents/:documentId/pdf",
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: "Download a sealed document (PDF); `inline=1` opens it in the browser to print",
        params: z.object({ id: z.uuid(), documentId: z.uuid() }),
        querystring: z.object({ inline: z.enum(["0", "1"]).optional() }),
        response: { 200: z.unknown().describe("the sealed PDF"), ...errors },
      },
    },
    async (request, reply) => {
      const file = await documents.pdf(principalOf(request), request.params.id, request.params.documentId);
      const disposition = request.query.inline === "1" ? "inline" : "attachment";
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(file.bytes);
    },
  );
};
