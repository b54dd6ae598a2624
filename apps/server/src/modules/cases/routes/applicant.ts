/** The applicant's API: drafts, form, materials, submit, withdraw, supplement answers, my cases. */
import fastifyMultipart from "@fastify/multipart";
import {
  AnswerSupplementRequest,
  AttachLicenseRequest,
  CaseDetail,
  CaseList,
  CaseMaterial,
  CreateCaseRequest,
  errorResponses,
  LicenseUseList,
  MyCasesQuery,
  SubmitCaseRequest,
  UpdateCaseFormRequest,
  WithdrawCaseRequest,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import { CaseErrors } from "../errors.js";
import type { CaseServices } from "../index.js";
import { toMaterial } from "../mapping.js";

const errors = errorResponses(400, 401, 403, 404, 409, 413, 415, 422);
const tags = ["cases 办件（申请人）"];
const IdParams = z.object({ id: z.uuid() });
const MaterialParams = z.object({ id: z.uuid(), materialId: z.uuid() });

export const applicantRoutes: FastifyPluginAsyncZod<{ services: CaseServices }> = async (app, { services }) => {
  const { applications, materials, queries } = services;
  const citizen = app.authenticate({ kinds: ["citizen"] });
  const anyone = app.authenticate({ kinds: ["citizen", "staff"] });
  const maxBytes = app.platform.config.files.materialMaxBytes;
  await app.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 1024 } });

  app.post(
    "/",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "Start a draft application",
        body: CreateCaseRequest,
        response: { 201: CaseDetail, ...errors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const row = await applications.create(p, request.body.itemCode);
      return reply.code(201).send(await queries.detailOf(p, row, request.id));
    },
  );

  app.get(
    "/mine",
    {
      preHandler: citizen,
      schema: { tags, summary: "My cases", querystring: MyCasesQuery, response: { 200: CaseList, ...errors } },
    },
    async (request) => queries.mine(principalOf(request), request.query),
  );

  app.get(
    "/:id",
    {
      preHandler: anyone,
      schema: { tags, summary: "A case", params: IdParams, response: { 200: CaseDetail, ...errors } },
    },
    async (request) => queries.detail(principalOf(request), request.params.id, request.id),
  );

  app.put(
    "/:id/form",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "Save the draft's form",
        params: IdParams,
        body: UpdateCaseFormRequest,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const row = await applications.updateForm(p, request.params.id, request.body.formData, request.body.version);
      return queries.detailOf(p, row, request.id);
    },
  );

  app.post(
    "/:id/materials",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "Upload a material (multipart: field `material`, then the file part `file`)",
        params: IdParams,
        consumes: ["multipart/form-data"],
        response: { 201: CaseMaterial, ...errors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      if (!request.isMultipart()) throw CaseErrors.CASE_MATERIAL_FILE_MISSING();
      const part = await request.file();
      if (part?.fieldname !== "file") throw CaseErrors.CASE_MATERIAL_FILE_MISSING();
      const field = part.fields.material;
      const material = field && "value" in field && typeof field.value === "string" ? field.value.trim() : "";
      if (!material) throw CaseErrors.CASE_MATERIAL_UNKNOWN({ material: null });
      // Who may upload to this case is settled before the body is read.
      await materials.assertMayUpload(p, request.params.id, material);
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE")
          throw CaseErrors.CASE_MATERIAL_TOO_LARGE({ maxBytes });
        throw err;
      }
      const m = await materials.addFile(p, request.params.id, material, { name: part.filename || "material", bytes });
      return reply.code(201).send(toMaterial(m));
    },
  );

  app.post(
    "/:id/materials/license",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "Attach an e-license in place of a material",
        params: IdParams,
        body: AttachLicenseRequest,
        response: { 201: CaseMaterial, ...errors },
      },
    },
    async (request, reply) => {
      const m = await materials.addLicense(
        principalOf(request),
        request.params.id,
        request.body.material,
        request.body.licenseId,
      );
      return reply.code(201).send(toMaterial(m));
    },
  );

  app.get(
    "/:id/licenses",
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: "免提交：本案引用的电子证照及核验结果 / Licenses used by reference, verified",
        params: IdParams,
        response: { 200: LicenseUseList, ...errors },
      },
    },
    async (request) => ({ items: await materials.licenseUses(principalOf(request), request.params.id) }),
  );

  app.delete(
    "/:id/materials/:materialId",
    {
      preHandler: citizen,
      schema: { tags, summary: "Remove a material", params: MaterialParams, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await materials.remove(principalOf(request), request.params.id, request.params.materialId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/:id/materials/:materialId/file",
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: "Download a material",
        params: MaterialParams,
        response: { 200: z.unknown().describe("the file"), ...errors },
      },
    },
    async (request, reply) => {
      const file = await materials.download(
        principalOf(request),
        request.params.id,
        request.params.materialId,
        request.id,
      );
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(file.bytes);
    },
  );

  app.post(
    "/:id/submit",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "Submit the application",
        params: IdParams,
        body: SubmitCaseRequest,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { row, children } = await applications.submit(p, request.params.id, request.body.version);
      return queries.detailOf(p, row, request.id, children);
    },
  );

  app.post(
    "/:id/withdraw",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "Withdraw before the decision",
        params: IdParams,
        body: WithdrawCaseRequest,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const row = await applications.withdraw(p, request.params.id, request.body.version, request.body.reason);
      return queries.detailOf(p, row, request.id);
    },
  );

  app.post(
    "/:id/supplement/answer",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "Answer the supplement request",
        params: IdParams,
        body: AnswerSupplementRequest,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return queries.detailOf(p, await applications.answerSupplement(p, request.params.id, request.body), request.id);
    },
  );
};
