import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>一网 Yiwang</title>
<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto">
<h1>一网 Yiwang</h1><p>网页端尚未构建，请运行 <code>npm run build:web</code> 后重启。</p>
<p>The web app has not been built yet: run <code>npm run build:web</code> and restart.</p>
<p><a href="/docs">API 文档 / API docs</a> · <a href="/healthz">/healthz</a></p></body></html>`;

/** Paths that belong to the server, never to the web app's client-side router. */
const SERVER_PATHS = /^\/(api|docs|openapi\.json|healthz|metrics|\.well-known|oidc)(\/|$|\?)/;

/**
 * Serves the built web app (apps/web/dist). Files are enumerated at start (`wildcard: false`), so each
 * is a concrete GET route and a POST to one answers 405. Hashed assets are cached for a year; index.html
 * never, so a deployment is picked up on the next page load. Any other GET that wants HTML gets
 * index.html for client-side routing; that is the `fallback` given to the not-found handler.
 * The build writes `.br` and `.gz` copies beside each file (scripts/precompress.mjs); `preCompressed` sends
 * the best one the browser accepts (brotli first), with `content-encoding` and `vary: accept-encoding`, and
 * the file itself otherwise. The copies are not routes of their own.
 */
export async function registerWeb(app: FastifyInstance, webDist: string) {
  const index = path.join(webDist, "index.html");
  const built = fs.existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: ["index.html"],
      preCompressed: true,
      globIgnore: ["**/*.br", "**/*.gz"],
      setHeaders(res, file) {
        if (file.includes(`${path.sep}assets${path.sep}`))
          res.header("cache-control", "public, max-age=31536000, immutable");
        else res.header("cache-control", "no-cache");
      },
    });
  } else {
    app.get("/", { schema: { hide: true } }, (_req, reply) => reply.type("text/html; charset=utf-8").send(NOT_BUILT));
  }

  return function spaFallback(request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    if (SERVER_PATHS.test(request.url)) return false;
    if (!(request.headers.accept ?? "").includes("text/html")) return false;
    if (path.extname(request.url.split("?")[0])) return false; // a missing file, not a page
    if (!built) {
      reply.type("text/html; charset=utf-8").send(NOT_BUILT);
      return true;
    }
    reply.header("cache-control", "no-cache").sendFile("index.html");
    return true;
  };
}
