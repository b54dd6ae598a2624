/** One application for a bundle (一件事一次办). */
import {
  BundleApplication,
  BundleApplicationForm,
  CreateBundleApplicationRequest,
  errorResponses,
  SaveBundleFormRequest,
  SubmitBundleApplicationRequest,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { CaseServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ["cases 办件（一件事）"];
const IdParams = z.object({ id: z.uuid() });

export const bundleRoutes: FastifyPluginAsyncZod<{ services: CaseServices }> = async (app, { services }) => {
  const { bundles, bundleForms } = services;
  const citizen = app.authenticate({ kinds: ["citizen"] });

  app.post(
    "/",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "Start a bundle application",
        body: CreateBundleApplicationRequest,
        response: { 201: BundleApplication, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await bundles.create(principalOf(request), request.body.bundleCode)),
  );

  app.get(
    "/:id",
    {
      preHandler: app.authenticate({ kinds: ["citizen", "staff"] }),
      schema: {
        tags,
        summary: "A bundle application",
        params: IdParams,
        response: { 200: BundleApplication, ...errors },
      },
    },
    async (request) => bundles.get(principalOf(request), request.params.id),
  );

  app.post(
    "/:id/submit",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "Submit every case of the bundle",
        params: IdParams,
        body: SubmitBundleApplicationRequest,
        response: { 200: BundleApplication, ...errors },
      },
    },
    async (request) => bundles.submit(principalOf(request), request.params.id, request.body.versions),
  );

  app.get(
    "/:id/form",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "The bundle's one form (一表申请): the drafts' forms merged, fields asked once",
        params: IdParams,
        response: { 200: BundleApplicationForm, ...errors },
      },
    },
    async (request) => bundleForms.get(principalOf(request), request.params.id),
  );

  app.put(
    "/:id/form",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "Save the bundle's one form into every draft (one transaction, versions checked)",
        params: IdParams,
        body: SaveBundleFormRequest,
        response: { 200: BundleApplicationForm, ...errors },
      },
    },
    async (request) =>
      bundleForms.save(principalOf(request), request.params.id, request.body.formData, request.body.versions),
  );
};
