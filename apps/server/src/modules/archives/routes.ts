/**
 * The archives API (/api/archives): catalogue search and detail, file reads, checks on request, transfer
 * receipt, retention rules, disposal with two approvals, borrowing. Thin: schema + permission + one call.
 */
import {
  ArchiveCheckResult,
  ArchiveDisposal,
  ArchiveLoan,
  ArchivePackageDetail,
  ArchiveSearchQuery,
  ArchiveSearchResult,
  DestructionVerification,
  DisposalList,
  DisposalStatus,
  errorResponses,
  LoanList,
  LoanStatus,
  ProposeDisposalRequest,
  RequestLoanRequest,
  RetentionRule,
  SetRetentionRuleRequest,
  TransferReceipt,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../platform/auth/guard.js";
import { can } from "../../platform/auth/permissions.js";
import type { ArchiveServices } from "./index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 410, 422);
const tags = ["archives 电子档案"];
const IdParams = z.object({ id: z.uuid() });
const TAR = "application/x-tar";
const TAR_LIMIT = 200 * 1024 * 1024;
const CheckRunResult = z.object({
  packageId: z.string(),
  archiveNo: z.string(),
  passed: z.boolean(),
  results: z.array(ArchiveCheckResult),
});

export const archiveRoutes: FastifyPluginAsyncZod<{ services: ArchiveServices }> = async (app, { services }) => {
  const { catalogue, transfers, disposals, loans, exports } = services;
  app.addContentTypeParser(TAR, { parseAs: "buffer", bodyLimit: TAR_LIMIT }, (_req, body, done) => done(null, body));

  app.get(
    "/packages",
    {
      preHandler: app.authorize("archives.read"),
      schema: {
        tags,
        summary: "档案检索 / Search the archive",
        querystring: ArchiveSearchQuery,
        response: { 200: ArchiveSearchResult, ...errors },
      },
    },
    async (req) => catalogue.search(req.query),
  );

  app.get(
    "/packages/:id",
    {
      preHandler: app.authorize("archives.read"),
      schema: {
        tags,
        summary: "档案详情（著录、文件清单、检测报告）/ A package",
        params: IdParams,
        response: { 200: ArchivePackageDetail, ...errors },
      },
    },
    async (req) => catalogue.detail(req.params.id),
  );

  app.get(
    "/packages/:id/file",
    {
      preHandler: app.authorize("archives.read"),
      schema: {
        tags,
        summary: "查阅档案包内文件（档案管理员或借阅中）/ Read a file of a package (archivist, or on loan)",
        params: IdParams,
        querystring: z.object({ path: z.string().min(1).max(200) }),
        response: { 200: z.unknown().describe("the file's bytes"), ...errors },
      },
    },
    async (req, reply) => {
      const f = await catalogue.readFile(principalOf(req), req.params.id, req.query.path);
      const name = f.path.split("/").at(-1) ?? "file";
      const type = name.endsWith(".json")
        ? "application/json"
        : name.endsWith(".pdf")
          ? "application/pdf"
          : "application/octet-stream";
      // Tells the page whether what it shows is a watermarked lending copy (借阅水印) or the file as stored.
      reply.header("x-archive-watermark", f.watermarked ? "lending-copy" : "none");
      return reply.type(type).header("content-disposition", `inline; filename="${name}"`).send(f.bytes);
    },
  );

  app.post(
    "/packages/:id/check",
    {
      preHandler: app.authorize("archives.manage"),
      schema: {
        tags,
        summary: "立即四性检测 / Check a package now",
        params: IdParams,
        response: { 200: CheckRunResult, ...errors },
      },
    },
    async (req) => {
      const { bytes: _bytes, ...run } = await catalogue.checkNow(req.params.id);
      return run;
    },
  );

  app.post(
    "/transfers",
    {
      bodyLimit: TAR_LIMIT,
      preHandler: app.authorize("archives.manage"),
      schema: {
        tags,
        summary: "移交接收：上传 BagIt tar，检测通过后接收 / Receive a transferred BagIt tar (checked first)",
        consumes: [TAR],
        response: { 201: TransferReceipt, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body as Buffer | undefined;
      return reply
        .status(201)
        .send(await transfers.receive(principalOf(req), Buffer.isBuffer(body) ? body : Buffer.alloc(0)));
    },
  );

  app.post(
    "/exports",
    {
      preHandler: app.authorize("archives.manage"),
      schema: {
        tags,
        summary: "移交导出（DA/T 93）：档案包 tar 与移交清单 / Export packages to a receiving archive (DA/T 93)",
        body: z.object({
          packageIds: z.array(z.string()).min(1).max(100),
          receiver: z.string().trim().min(1).max(200),
        }),
        response: { 201: z.unknown().describe("the transfer tar (manifest + each package's tar)"), ...errors },
      },
    },
    async (req, reply) => {
      const r = await exports.export(principalOf(req), req.body.packageIds, req.body.receiver);
      return reply
        .status(201)
        .type(TAR)
        .header("content-disposition", `attachment; filename="transfer-${r.id}.tar"`)
        .header("x-transfer-id", r.id)
        .header("x-manifest-sha256", r.manifestSha256)
        .send(r.tar);
    },
  );

  app.post(
    "/exports/:id/receipt",
    {
      preHandler: app.authorize("archives.manage"),
      schema: {
        tags,
        summary:
          "登记接收方回执（须含移交清单摘要）/ Record the receiving archive's receipt (names the manifest digest)",
        params: IdParams,
        body: z.object({
          manifestSha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
          receivedBy: z.string().trim().min(1).max(200),
          note: z.string().max(2000).optional(),
        }),
        response: {
          200: z.object({
            id: z.string(),
            status: z.literal("received"),
            manifestSha256: z.string(),
            receivedAt: z.string(),
          }),
          ...errors,
        },
      },
    },
    async (req) => exports.receipt(principalOf(req), req.params.id, req.body),
  );

  app.put(
    "/retention-rules/:itemCode",
    {
      preHandler: app.authorize("archives.manage"),
      schema: {
        tags,
        summary: "事项保管期限 / Retention class of a catalog item's archives",
        params: z.object({ itemCode: z.string().min(1).max(64) }),
        body: SetRetentionRuleRequest,
        response: { 200: RetentionRule, ...errors },
      },
    },
    async (req) => catalogue.setRetention(principalOf(req), req.params.itemCode, req.body.retention),
  );

  app.get(
    "/disposals",
    {
      preHandler: app.authorize("archives.read"),
      schema: {
        tags,
        summary: "销毁申请 / Disposals",
        querystring: z.object({ status: DisposalStatus.optional() }),
        response: { 200: DisposalList, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      if (!can(p, "archives.manage") && !can(p, "archives.dispose.approve")) return { items: [] };
      return { items: await disposals.list(req.query.status) };
    },
  );

  app.post(
    "/packages/:id/disposals",
    {
      preHandler: app.authorize("archives.manage"),
      schema: {
        tags,
        summary: "提出销毁 / Propose destruction",
        params: IdParams,
        body: ProposeDisposalRequest,
        response: { 201: ArchiveDisposal, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await disposals.propose(principalOf(req), req.params.id, req.body.reason)),
  );

  app.post(
    "/disposals/:id/approve-archivist",
    {
      preHandler: app.authorize("archives.manage"),
      schema: {
        tags,
        summary: "档案部门审批销毁 / Archivist's approval",
        params: IdParams,
        response: { 200: ArchiveDisposal, ...errors },
      },
    },
    async (req) => disposals.approve(principalOf(req), req.params.id, "archivist"),
  );

  app.post(
    "/disposals/:id/approve-supervisor",
    {
      preHandler: app.authorize("archives.dispose.approve"),
      schema: {
        tags,
        summary: "监督审批销毁 / Supervisor's approval",
        params: IdParams,
        response: { 200: ArchiveDisposal, ...errors },
      },
    },
    async (req) => disposals.approve(principalOf(req), req.params.id, "supervisor"),
  );

  app.post(
    "/disposals/:id/reject",
    {
      preHandler: app.authorize("archives.dispose.approve"),
      schema: {
        tags,
        summary: "驳回销毁 / Reject a disposal",
        params: IdParams,
        response: { 200: ArchiveDisposal, ...errors },
      },
    },
    async (req) => disposals.reject(principalOf(req), req.params.id),
  );

  app.get(
    "/disposals/:id/verification",
    {
      preHandler: app.authorize("archives.read"),
      schema: {
        tags,
        summary: "核验销毁记录（审计日志）/ Verify a destruction record in the audit log",
        params: IdParams,
        response: { 200: DestructionVerification, ...errors },
      },
    },
    async (req) => disposals.verify(req.params.id),
  );

  app.post(
    "/packages/:id/loans",
    {
      preHandler: app.authorize("archives.borrow"),
      schema: {
        tags,
        summary: "申请借阅 / Request a loan",
        params: IdParams,
        body: RequestLoanRequest,
        response: { 201: ArchiveLoan, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await loans.request(principalOf(req), req.params.id, req.body)),
  );

  app.get(
    "/loans",
    {
      preHandler: app.authorize("archives.read"),
      schema: {
        tags,
        summary: "借阅（本人；档案管理员全部）/ Loans (own; the archivist all)",
        querystring: z.object({ status: LoanStatus.optional() }),
        response: { 200: LoanList, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { items: await loans.list(p, can(p, "archives.manage"), req.query.status) };
    },
  );

  for (const [verb, approve] of [
    ["approve", true],
    ["reject", false],
  ] as const)
    app.post(
      `/loans/:id/${verb}`,
      {
        preHandler: app.authorize("archives.manage"),
        schema: {
          tags,
          summary: `${approve ? "批准" : "驳回"}借阅 / ${approve ? "Approve" : "Reject"} a loan`,
          params: IdParams,
          response: { 200: ArchiveLoan, ...errors },
        },
      },
      async (req) => loans.decide(principalOf(req), req.params.id, approve),
    );
};
