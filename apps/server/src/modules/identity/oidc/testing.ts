import { createServer } from "node:net";
import * as client from "openid-client";
import { createTestApp, type TestApp } from "../../../test-support/app.js";
import type { Headers as SessionHeaders } from "../../../test-support/identity.js";

/** A free TCP port on 127.0.0.1 (the issuer URL must be known before the app is built). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ListeningApp extends TestApp {
  base: string;
}

/** A test app listening on 127.0.0.1 with PUBLIC_URL (the issuer) set to its address. */
export async function listeningApp(): Promise<ListeningApp> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ env: { PUBLIC_URL: base } });
  await t.app.listen({ host: "127.0.0.1", port });
  return { ...t, base };
}

/** A minimal cookie jar with path matching: enough to play the browser against the provider. */
export class Browser {
  readonly cookies = new Map<string, { value: string; path: string }>();

  constructor(
    readonly base: string,
    initial: SessionHeaders = {},
  ) {
    if (initial.cookie) {
      for (const part of initial.cookie.split(";")) {
        const [k, v] = part.trim().split("=");
        this.cookies.set(`${k}|/`, { value: v, path: "/" });
      }
    }
  }

  cookieHeader(url: URL): string {
    const out: string[] = [];
    for (const [key, c] of this.cookies) {
      const name = key.split("|")[0];
      if (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
        out.push(`${name}=${c.value}`);
    }
    return out.join("; ");
  }

  store(res: Response, url: URL) {
    for (const sc of res.headers.getSetCookie()) {
      const [pair, ...attrs] = sc.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      let path = url.pathname;
      let expired = false;
      for (const a of attrs) {
        const [k, v] = a.trim().split("=");
        if (k.toLowerCase() === "path") path = v;
        if (k.toLowerCase() === "expires" && new Date(v).getTime() < Date.now()) expired = true;
        if (k.toLowerCase() === "max-age" && Number(v) <= 0) expired = true;
      }
      const key = `${name}|${path}`;
      if (expired || value === "") this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input, this.base);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set("cookie", cookie);
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    this.store(res, url);
    return res;
  }

  /** GET and return the Location of the redirect (throws unless 3xx); auto-submitting forms are submitted. */
  async redirect(input: string | URL): Promise<URL> {
    let res = await this.fetch(input);
    if (res.status === 200) {
      // The provider's self-submitting form (e.g. ending the previous sign-in when the principal changed).
      const html = await res.clone().text();
      const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
      if (action && html.includes("document.forms[0].submit()")) {
        const form = new URLSearchParams();
        for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)) form.set(m[1], m[2]);
        res = await this.fetch(action, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: form.toString(),
        });
      }
    }
    const loc = res.headers.get("location");
    if (res.status < 300 || res.status >= 400 || !loc) {
      const text = await res.text();
      const details = [...text.matchAll(/<strong>(.*?)<\/strong>: (.*?)<\/p>/g)].map((m) => `${m[1]}=${m[2]}`);
      throw new Error(
        `expected a redirect from ${input}: ${res.status} ${
          details.join(" ") ||
          text
            .replace(/<style>.*<\/style>/s, "")
            .replace(/\s+/g, " ")
            .slice(0, 900)
        }`,
      );
    }
    return new URL(loc, this.base);
  }

  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected loosely
  async json(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await this.fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
}

export async function registerClient(
  t: TestApp,
  admin: SessionHeaders,
  body: Record<string, unknown>,
): Promise<RegisteredClient & Record<string, unknown>> {
  const res = await t.app.inject({ method: "POST", url: "/api/identity/oidc/clients", headers: admin, payload: body });
  if (res.statusCode !== 201) throw new Error(`client registration failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function rp(base: string, c: RegisteredClient): Promise<client.Configuration> {
  const config = await client.discovery(
    new URL(base),
    c.clientId,
    undefined,
    client.ClientSecretBasic(c.clientSecret),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  client.enableNonRepudiationChecks(config);
  return config;
}

export interface FlowResult {
  tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  steps: string[];
}

/**
 * The authorization code + PKCE flow as a browser would run it: authorization request → /sso/:uid page
 * (the JSON API it calls: details, login, consent) → back to the provider → redirect_uri with the code.
 */
export async function codeFlow(
  config: client.Configuration,
  browser: Browser,
  options: { redirectUri: string; scope: string; idNumber?: boolean; extra?: Record<string, string> },
): Promise<FlowResult> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri,
    scope: options.scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...options.extra,
  });
  const steps: string[] = [];
  let next = await browser.redirect(url);
  for (let i = 0; i < 8 && !next.href.startsWith(options.redirectUri); i++) {
    if (!next.pathname.startsWith("/sso/")) {
      next = await browser.redirect(next); // back through the provider
      continue;
    }
    const uid = next.pathname.split("/")[2];
    const details = await browser.json("GET", `/api/identity/oidc/interactions/${uid}`);
    if (details.status !== 200)
      throw new Error(`interaction details: ${details.status} ${JSON.stringify(details.body)}`);
    steps.push(details.body.step);
    const action =
      details.body.step === "login"
        ? await browser.json("POST", `/api/identity/oidc/interactions/${uid}/login`)
        : await browser.json("POST", `/api/identity/oidc/interactions/${uid}/consent`, {
            idNumber: options.idNumber ?? false,
          });
    if (action.status !== 200)
      throw new Error(`interaction ${details.body.step}: ${action.status} ${JSON.stringify(action.body)}`);
    next = await browser.redirect(action.body.redirectTo);
  }
  if (!next.href.startsWith(options.redirectUri)) throw new Error(`did not reach the redirect URI: ${next.href}`);
  const tokens = await client.authorizationCodeGrant(config, next, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  return { tokens, steps };
}
