import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/**
 * The security headers of every answer (GB/T 22239 入侵防范; OWASP ASVS 5 V3.4), the same in development,
 * tests and production so that the browser tests run the web app under the production policy:
 * - Content-Security-Policy: scripts only from this origin, never inline (what an injected XSS payload
 *   needs) and never code made from strings (no 'unsafe-eval': the application forms' validator interprets
 *   JSON Schema instead of compiling it, apps/web/src/forms/validator.ts). Styles from this origin plus inline
 *   styles, which Ant Design's CSS-in-JS injects at run time (its nonce support needs a per-response nonce in
 *   index.html, which a static, precompressed build cannot carry); images from this origin and data:/blob:
 *   (QR codes, seal thumbnails); nothing may frame the platform; forms post only here. Every browser test
 *   fails on a CSP violation (apps/web/src/test-support/browser.ts).
 * - X-Frame-Options DENY (older browsers), X-Content-Type-Options nosniff, Referrer-Policy no-referrer (a
 *   verification link carries its token in the fragment, and no page needs to tell another site where it
 *   was), Cross-Origin-Opener/Resource-Policy same-origin, and a Permissions-Policy that turns off what the
 *   platform never uses (camera and position stay available to this origin: scanning codes, field reports).
 * - Strict-Transport-Security when the public URL is https (a browser ignores it over http anyway).
 * The OIDC provider's own pages are hijacked raw responses and set their own headers.
 *
 * None of these depends on the request, so helmet runs once at start-up and every answer gets the same
 * header map. (@fastify/helmet rebuilt helmet's middleware chain, CSP parsing included, on every request:
 * 22 % of the CPU of the lightest route, GET /api/identity/session, in a profile on 2026-12-02.)
 */
export function securityHeaders(options: { publicUrl: string }): Readonly<Record<string, string>> {
  const https = new URL(options.publicUrl).protocol === "https:";
  const config: HelmetOptions = {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    crossOriginEmbedderPolicy: false,
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(config)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  // helmet's middlewares are synchronous and read nothing from the request; if a later version changes
  // that, fail at start-up rather than send a partial set.
  if (!done) throw new Error("helmet did not finish synchronously; the security headers cannot be precomputed");
  headers["permissions-policy"] =
    "camera=(self), microphone=(), geolocation=(self), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";
  return Object.freeze(headers);
}

/**
 * Every answer's fixed headers plus its `x-request-id` (so a caller can quote it), in one callback-style
 * hook: each hook is a step of Fastify's hook runner on every request, the lightest route included.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { publicUrl: string }) {
  const headers = securityHeaders(options);
  app.addHook("onRequest", (request, reply, done) => {
    reply.headers(headers);
    reply.header("x-request-id", request.id);
    done();
  });
}
