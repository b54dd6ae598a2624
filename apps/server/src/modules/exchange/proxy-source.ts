import { z } from "zod";
import type { CircuitBreakers } from "./circuit-breaker.js";
import { ExchangeErrors } from "./errors.js";
import type { ExchangeRecord } from "./sources.js";

/** What a provider's endpoint must answer: `{ "records": [{ field: string | null, … }] }`. */
const ProviderAnswer = z.object({
  records: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))).max(1000),
});

export type ProxyQuery = { pattern: "lookup_by_key"; key: string } | { pattern: "list"; limit: number; offset: number };

export interface ProxyTarget {
  code: string;
  endpointUrl: string;
  timeoutMs: number | null;
}

/**
 * Reads a resource from the provider's own HTTP API (代理提供方接口): `GET <endpoint>?key=…` or
 * `GET <endpoint>?limit=…&offset=…`, within the resource's timeout (the whole answer, body included) and
 * behind the endpoint's circuit breaker. Failures become 504 (timeout), 502 (error status, network error,
 * unreadable answer) or 503 (circuit open) — a hanging provider never hangs the gateway.
 */
export class ProxySource {
  constructor(
    private readonly d: {
      breakers: CircuitBreakers;
      defaultTimeoutMs: number;
      fetch?: typeof fetch;
    },
  ) {}

  async read(target: ProxyTarget, query: ProxyQuery, headers: Record<string, string>): Promise<ExchangeRecord[]> {
    const breaker = this.d.breakers.get(`${target.code} ${target.endpointUrl}`);
    if (!breaker.tryAcquire()) {
      throw ExchangeErrors.EXCHANGE_CIRCUIT_OPEN({
        retryAfterSeconds: Math.max(1, Math.ceil(breaker.retryAfterMs() / 1000)),
      });
    }
    try {
      const records = await this.#fetch(target, query, headers);
      breaker.success();
      return records;
    } catch (error) {
      breaker.failure();
      throw error;
    }
  }

  async #fetch(target: ProxyTarget, query: ProxyQuery, headers: Record<string, string>): Promise<ExchangeRecord[]> {
    const url = new URL(target.endpointUrl);
    if (query.pattern === "lookup_by_key") url.searchParams.set("key", query.key);
    else {
      url.searchParams.set("limit", String(query.limit));
      url.searchParams.set("offset", String(query.offset));
    }
    const timeoutMs = target.timeoutMs ?? this.d.defaultTimeoutMs;
    let body: unknown;
    try {
      const res = await (this.d.fetch ?? fetch)(url, {
        headers: { accept: "application/json", ...headers },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        throw ExchangeErrors.EXCHANGE_PROVIDER_FAILED({ status: res.status });
      }
      body = await res.json().catch((e: unknown) => {
        if (isTimeout(e)) throw e;
        throw ExchangeErrors.EXCHANGE_PROVIDER_BAD_RESPONSE();
      });
    } catch (error) {
      if (isTimeout(error)) throw ExchangeErrors.EXCHANGE_PROVIDER_TIMEOUT({ timeoutMs });
      if (error instanceof Error && error.name === "AppError") throw error;
      throw ExchangeErrors.EXCHANGE_PROVIDER_FAILED();
    }
    const parsed = ProviderAnswer.safeParse(body);
    if (!parsed.success) throw ExchangeErrors.EXCHANGE_PROVIDER_BAD_RESPONSE();
    return parsed.data.records.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])),
    );
  }
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === "TimeoutError" || (e.name === "AbortError" && /timeout/i.test(e.message)));
}
