/**
 * The public side of e-licenses (no login): verification of a QR token, a credential or a PDF; the
 * published keys (JWKS) and status lists that let anyone verify offline; the issuers and license types.
 */
import { errorResponses, LicenseTypeDetailList, VerifyRequest, VerifyResult } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { STATUS_PURPOSES } from "../credential.js";
import { LicenseErrors } from "../errors.js";
import type { LicenseServices } from "../index.js";

const errors = errorResponses(400, 404, 413, 415, 429);
const tags = ["licenses 电子证照（公开核验）"];
const PDF = "application/pdf";
const PDF_LIMIT = 20 * 1024 * 1024;
const Jwk = z.looseObject({ kid: z.string(), kty: z.string(), alg: z.string(), use: z.string() });

export const licensePublicRoutes: FastifyPluginAsyncZod<{ services: LicenseServices }> = async (app, { services }) => {
  app.addContentTypeParser(PDF, { parseAs: "buffer", bodyLimit: PDF_LIMIT }, (_req, body, done) => done(null, body));

  app.post(
    "/verify",
    {
      // It changes nothing: its log line is sampled like a GET's (request-log.ts).
      config: { readOnly: true },
      schema: {
        tags,
        summary: "核验二维码令牌或电子证照凭证 / Verify a QR token or a credential",
        body: VerifyRequest,
        response: { 200: VerifyResult, ...errors },
      },
    },
    async (request) => {
      const { token, credential } = request.body;
      return token ? services.verifier.token(token) : services.verifier.credential(credential as string);
    },
  );

  app.post(
    "/verify/pdf",
    {
      bodyLimit: PDF_LIMIT,
      schema: {
        tags,
        summary: "核验电子证照 PDF（签章）/ Verify a license PDF and its seal signature",
        consumes: [PDF],
        response: { 200: VerifyResult, ...errors },
      },
    },
    async (request) => {
      const body = request.body as Buffer | undefined;
      if (!Buffer.isBuffer(body) || body.subarray(0, 5).toString("latin1") !== "%PDF-")
        throw LicenseErrors.LICENSE_VERIFY_PDF_INVALID();
      return services.verifier.pdf(body);
    },
  );

  app.get(
    "/jwks.json",
    {
      schema: {
        tags,
        summary: "发证机关公钥（JWKS）/ Issuers' public keys",
        response: { 200: z.object({ keys: z.array(Jwk) }) },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", "public, max-age=300");
      const { keys } = await services.seals.jwks();
      // alg is each key's: ES256, or SM2 for seals made under the national crypto suite (jws.ts).
      return {
        keys: keys.map((k) => ({ ...k, kid: String(k.kid), kty: String(k.kty), alg: String(k.alg), use: "sig" })),
      };
    },
  );

  app.get(
    "/status-lists/:code/:purpose",
    {
      schema: {
        tags,
        summary: "证照状态列表（Bitstring Status List，VC-JWT）/ Status list credential",
        params: z.object({ code: z.string().regex(/^[0-9A-Z]{18}$/), purpose: z.enum(STATUS_PURPOSES) }),
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const jwt: string = await services.statusLists.get(request.params.code, request.params.purpose);
      return reply.type("application/vc+jwt").header("cache-control", "public, max-age=60").send(jwt);
    },
  );

  app.get(
    "/issuers/:code",
    {
      schema: {
        tags,
        summary: "发证机关 / An issuing department",
        params: z.object({ code: z.string().regex(/^[0-9A-Z]{18}$/) }),
        response: { 200: z.object({ code: z.string(), name: z.string(), jwks: z.string() }), ...errors },
      },
    },
    async (request) => {
      const d = await services.departments.getByCode(request.params.code);
      return { code: d.code, name: d.name, jwks: `${app.platform.config.publicUrl}/api/licenses/jwks.json` };
    },
  );

  app.get(
    "/types",
    {
      schema: { tags, summary: "证照类型 / License types", response: { 200: LicenseTypeDetailList } },
    },
    async () => ({ items: await services.licenses.types() }),
  );
};
