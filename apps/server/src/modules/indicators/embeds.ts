/**
 * Public embeds (Metabase's signed embeds, Superset's guest tokens): a supervisor signs what a public chart
 * shows — which indicators, broken down how, over how many recent days — with an expiry; the token is
 * `base64url(JSON).base64url(HMAC-SHA256)`, checked on every view (signature first, then expiry, both
 * server-side). It carries no viewer and so reaches only aggregates: the public route has no drill-down.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IndicatorDimension, IndicatorEmbed } from "@yiwang/contracts";
import { CreateEmbedRequest } from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import type { IndicatorDeps } from "./context.js";
import { IndicatorErrors } from "./errors.js";
import type { IndicatorRegistry } from "./registry.service.js";

interface EmbedClaims {
  codes: string[];
  by: IndicatorDimension | null;
  days: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export class IndicatorEmbeds {
  constructor(
    private readonly deps: IndicatorDeps,
    private readonly registry: IndicatorRegistry,
  ) {}

  #sign(body: string): string {
    return createHmac("sha256", this.deps.embedKey).update(body).digest("base64url");
  }

  async create(p: Principal, input: unknown): Promise<IndicatorEmbed> {
    const q = CreateEmbedRequest.parse(input);
    const current = await this.registry.current();
    for (const code of q.codes) if (!current.has(code)) throw IndicatorErrors.INDICATOR_NOT_FOUND({ code });
    const now = this.deps.clock.now();
    const exp = Math.floor(now.getTime() / 1000) + q.expiresInMinutes * 60;
    const claims: EmbedClaims = { codes: q.codes, by: q.by ?? null, days: q.days, exp };
    const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
    const token = `${body}.${this.#sign(body)}`;
    await this.deps.audit.append({
      type: "indicators.embed.signed",
      actor: `staff:${p.id}`,
      actingFor: null,
      subject: `indicator-embed:${body.slice(0, 32)}`,
      payload: { codes: q.codes, by: claims.by, days: q.days, expiresAt: new Date(exp * 1000).toISOString() },
      time: now,
    });
    return {
      token,
      path: `/dashboard?embed=${encodeURIComponent(token)}`,
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  }

  /** The claims of a valid, unexpired token; 401 INDICATOR_EMBED_INVALID otherwise. */
  verify(token: string): EmbedClaims {
    const [body, mac, extra] = token.split(".");
    if (!body || !mac || extra !== undefined) throw IndicatorErrors.INDICATOR_EMBED_INVALID();
    const expected = Buffer.from(this.#sign(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw IndicatorErrors.INDICATOR_EMBED_INVALID();
    let claims: EmbedClaims;
    try {
      claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as EmbedClaims;
    } catch {
      throw IndicatorErrors.INDICATOR_EMBED_INVALID();
    }
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= this.deps.clock.now().getTime())
      throw IndicatorErrors.INDICATOR_EMBED_INVALID({ expired: true });
    return claims;
  }
}
