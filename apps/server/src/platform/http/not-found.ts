import type { FastifyInstance, HTTPMethods } from "fastify";
import FindMyWay from "find-my-way";
import { PlatformErrors } from "../errors.js";
import { sendError } from "./error-handler.js";

/**
 * Unknown URL → 404 ROUTE_NOT_FOUND; known URL with the wrong method → 405 METHOD_NOT_ALLOWED and an
 * `Allow` header (RFC 9110 §15.5.6). Fastify itself answers 404 for both, so we keep a shadow router of
 * every concrete route (wildcard routes such as static files are left out: they would make every path
 * "exist") and ask it which methods a path has.
 *
 * `fallback` may take a request first (the web app's client-side routes), returning true if it did.
 */
export function registerNotFound(
  app: FastifyInstance,
  fallback?: (req: import("fastify").FastifyRequest, reply: import("fastify").FastifyReply) => boolean,
) {
  const shadow = FindMyWay({ ignoreTrailingSlash: false });
  const methods = new Set<string>();
  app.addHook("onRoute", (route) => {
    if (route.url.includes("*")) return;
    for (const m of ([] as HTTPMethods[]).concat(route.method)) {
      if (m === "HEAD" || m === "OPTIONS") continue;
      methods.add(m);
      try {
        shadow.on(m as never, route.url, () => {});
      } catch {
        // the same path registered twice (e.g. by two prefixes) is fine for this purpose
      }
    }
  });

  app.setNotFoundHandler((request, reply) => {
    if (fallback?.(request, reply)) return reply;
    const path = request.url.split("?")[0];
    const allowed = [...methods].filter((m) => shadow.find(m as never, path));
    if (allowed.length > 0) {
      if (allowed.includes("GET")) allowed.push("HEAD");
      reply.header("allow", allowed.join(", "));
      return sendError(reply, request, PlatformErrors.METHOD_NOT_ALLOWED({ allow: allowed }));
    }
    return sendError(reply, request, PlatformErrors.ROUTE_NOT_FOUND({ method: request.method, path }));
  });
}
