/**
 * CKAN Action API v3: `GET|POST /api/3/action/{action}` (and `/api/action/{action}`, which ckanapi uses).
 * Public on purpose — the actions only read; conditional datasets check the caller's API key themselves
 * (access.ts). Answers are CKAN's envelope `{help, success, result}`; failures are CKAN's error object
 * `{help, success: false, error: {__type, message, …}}` with CKAN's statuses (400 unknown action or bad body,
 * 403 authorization, 404 not found, 409 validation), plus our stable `code` and the Chinese message. The
 * routes are not in /openapi.json: CKAN's documentation is their contract (docs/modules/opendata.md).
 */
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { PlatformErrors } from "../../../platform/errors.js";
import { toAppError } from "../../../platform/http/error-handler.js";
import { presentedKey } from "../access.js";
import type { CkanActions } from "../ckan/actions.js";
import type { Params } from "../ckan/params.js";
import { OpendataErrors } from "../errors.js";

const CKAN_TYPES: Record<number, string> = {
  400: "Bad request",
  403: "Authorization Error",
  404: "Not Found Error",
  409: "Validation Error",
  429: "Rate Limit Error",
};

function helpUrl(action: string) {
  return `/api/3/action/help_show?name=${encodeURIComponent(action)}`;
}

export const ckanRoutes: FastifyPluginAsync<{ ckan: CkanActions }> = async (app, { ckan }) => {
  // CKAN clients may post a form instead of JSON.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error) ?? PlatformErrors.INTERNAL_ERROR();
    const status = known.definition.status;
    if (status >= 500) request.log.error({ err: error }, "ckan action failed");
    else request.log.info({ code: known.code }, "ckan action refused");
    const details = (known.details ?? {}) as Record<string, unknown>;
    const fieldErrors = Object.fromEntries(Object.entries(details).filter(([, v]) => Array.isArray(v)));
    const action = (request.params as { action?: string } | undefined)?.action ?? "";
    const retryAfter = (details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === "number") reply.header("retry-after", String(retryAfter));
    return reply
      .status(status)
      .type("application/json; charset=utf-8")
      .send({
        help: helpUrl(action),
        success: false,
        error: {
          __type: CKAN_TYPES[status] ?? (status >= 500 ? "Internal Server Error" : "Bad request"),
          message:
            status === 400 && known.code === "OPENDATA_ACTION_UNKNOWN"
              ? `${known.definition.messageEn}: ${action}`
              : known.definition.messageEn,
          ...fieldErrors,
          code: known.code,
          message_zh: known.definition.message,
          request_id: request.id,
        },
      });
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { action } = request.params as { action: string };
    const run = Object.hasOwn(ckan.actions, action) ? ckan.actions[action] : undefined;
    if (!run) throw OpendataErrors.OPENDATA_ACTION_UNKNOWN({ action: action.slice(0, 100) });
    const body = request.body;
    if (
      request.method === "POST" &&
      body !== undefined &&
      body !== null &&
      (typeof body !== "object" || Array.isArray(body))
    )
      throw OpendataErrors.OPENDATA_BAD_REQUEST();
    const params: Params = { ...(request.query as Params), ...((body as Params | undefined) ?? {}) };
    const result = await run({ params, key: presentedKey(request) });
    return reply.type("application/json; charset=utf-8").send({ help: helpUrl(action), success: true, result });
  };
  for (const prefix of ["/api/3/action", "/api/action"]) {
    app.get(`${prefix}/:action`, { schema: { hide: true } }, handler);
    app.post(`${prefix}/:action`, { schema: { hide: true } }, handler);
  }
  app.get("/api/3", { schema: { hide: true } }, async () => ({ version: 3 }));
};
