import { createHash, createHmac, randomUUID } from "node:crypto";
import type { ExchangeGatewayResponse, ExchangeQueryPattern } from "@yiwang/contracts";
import { assertCan } from "../../platform/auth/guard.js";
import { can, type Principal } from "../../platform/auth/permissions.js";
import type { Clock } from "../../platform/clock/clock.js";
import { AppError } from "../../platform/errors.js";
import { CONTROL_CHARACTERS } from "../../platform/http/validator.js";
import type { AuditLog } from "../../platform/ports.js";
import type { RateLimiter } from "../../platform/rate-limit.js";
import { canonicalJson } from "../audit/index.js";
import { ExchangeErrors } from "./errors.js";
import type { ProxySource } from "./proxy-source.js";
import type { ApplicationRow, ExchangeRepository, GrantRow } from "./repository.js";
import { type ExchangeRecord, type HostedSource, project } from "./sources.js";

/** Default gateway calls per consumer department and minute (all its clients together; EXCHANGE_CALLS_PER_MINUTE). */
export const EXCHANGE_CALLS_PER_MINUTE = 600;

export type GatewayQuery =
  | { pattern: "lookup_by_key"; key: string }
  | { pattern: "list"; limit: number; offset: number };

/** Who a call-log record names: the principal, or nobody when the request was refused before one was known. */
interface Caller {
  actor: string;
  clientId: string;
  departmentId: string | null;
}

const callerOf = (p: Principal | null): Caller =>
  p
    ? { actor: `${p.kind}:${p.id}`, clientId: p.id, departmentId: p.departmentId }
    : { actor: "anonymous", clientId: "anonymous", departmentId: null };

/** Outcomes that are the provider's (or the gateway's) failure rather than a refusal of the caller. */
const FAILURES = new Set([
  "EXCHANGE_PROVIDER_TIMEOUT",
  "EXCHANGE_PROVIDER_FAILED",
  "EXCHANGE_PROVIDER_BAD_RESPONSE",
  "EXCHANGE_CIRCUIT_OPEN",
  "EXCHANGE_AUDIT_UNAVAILABLE",
  "INTERNAL_ERROR",
]);

/** What became of a call: answered, refused (the caller's fault) or failed (the provider's or ours). */
export type CallResult = "ok" | "refused" | "failed";
/** What a call's grant hint came to: used (the fast path answered), stale (the grant changed), none. */
export type HintResult = "used" | "stale" | "none";
/**
 * A consumer's calls all count on one row (its key and minute), so each waits for the previous one's
 * commit: without the WAL flush (a crash may forget a few counts, which a limit can afford) that wait is
 * microseconds instead of an fsync. The call log and its audit entry keep the synchronous commit.
 * `reserve`: a consumer allowed 2,000 calls a minute or more takes them from the counter in reservations
 * (1/1000 of its limit, at most 100): on the exchange bench (2026-12-06, limit 10⁸) the counter's
 * statement per call was ~110 µs of app and ~90 µs of PostgreSQL CPU of a 1.2 ms call.
 */
const LIMIT_OPTIONS = { fast: true, reserve: true } as const;
/** Grant hints kept per process (one per consumer department and resource); beyond it the map starts again. */
const MAX_HINTS = 10_000;
const resultOf = (outcome: string): CallResult =>
  outcome === "ok" ? "ok" : FAILURES.has(outcome) ? "failed" : "refused";
const EVENT_OF = { ok: "called", refused: "refused", failed: "failed" } as const;

const hintKey = (consumer: string, resourceCode: string) => `${consumer}\u0000${resourceCode}`;

const sha256 = (value: unknown) => createHash("sha256").update(canonicalJson(value)).digest("hex");

/**
 * The exchange gateway (共享交换网关): a department system (OAuth client of the consumer department, scope
 * exchange.call) — or a platform service calling in process as such a consumer — queries a resource; the
 * gateway checks that the department holds a current approval for it and that the approval grants this
 * query pattern, reads the hosted source or proxies the provider's API, returns only the granted fields
 * (sensitive ones masked unless granted in clear) and records the call — refusals and provider failures
 * included — in `exchange_calls` and the audit log, with a keyed hash (HMAC) of the query and a SHA-256 of
 * the response instead of the data.
 */
export class GatewayService {
  constructor(
    private readonly d: {
      repo: ExchangeRepository;
      audit: AuditLog;
      clock: Clock;
      rateLimiter: RateLimiter;
      sources: Record<string, HostedSource>;
      proxy: ProxySource;
      /** HMAC key of query hashes (derived from the PII index key). */
      queryKey: Buffer;
      callsPerMinute: number;
      /** Counts every call by outcome (the Prometheus counter `exchange_gateway_calls_total`). */
      count?: (outcome: string, result: CallResult) => void;
      /** Counts what became of each call's grant hint (`exchange_gateway_grant_hints_total`). */
      countHint?: (result: HintResult) => void;
    },
  ) {}

  /**
   * Grant hints: the grant each consumer was last served under, per resource, kept in this process. A call
   * with a hint skips the grant read and writes its call log only if the grant still holds, checked in the
   * same statement (`insertCallAuditedIfCurrent`); if it does not, nothing was written or returned and the
   * call takes the full path. So a revocation, a narrower approval or a reclassified field takes effect on
   * the very next call on every node, without any invalidation message. Hosted sources only: a provider's
   * API may take seconds, and calling it twice when a hint fails would be worse than one more read.
   * Measured on 2026-11-30 (issue 8): the grant read was one of three sequential round trips per call.
   */
  readonly #hints = new Map<string, GrantRow>();

  async call(
    p: Principal,
    resourceCode: string,
    query: GatewayQuery,
    requestId: string,
  ): Promise<ExchangeGatewayResponse> {
    const started = performance.now();
    const consumer = p.departmentId;
    const hint = consumer && can(p, "exchange.call") ? this.#hints.get(hintKey(consumer, resourceCode)) : undefined;
    if (!hint) {
      this.d.countHint?.("none");
      return this.#full(p, resourceCode, query, requestId, started);
    }
    const fast = await this.#fast(p, hint, resourceCode, query, requestId, started);
    if ("response" in fast) return fast.response;
    return this.#full(p, resourceCode, query, requestId, started, fast.limit);
  }

  /**
   * The call under a hint: the rate-limit hit and the read go out together, and the call log (with its
   * audit entry) is written only if the hint still holds. Anything else — a refusal, a failure, a changed
   * grant — returns what the full path needs to take over without counting the call twice against the limit.
   */
  async #fast(
    p: Principal,
    hint: GrantRow,
    resourceCode: string,
    query: GatewayQuery,
    requestId: string,
    started: number,
  ): Promise<{ response: ExchangeGatewayResponse } | { limit?: PromiseSettledResult<void> }> {
    const now = this.d.clock.now();
    const key = hintKey(hint.consumer_department_id, resourceCode);
    if (hint.valid_to <= now || hint.valid_from > now || (query.pattern === "list" && hint.query_pattern !== "list")) {
      this.#hints.delete(key);
      this.d.countHint?.("stale");
      return {};
    }
    const [limit, read] = await Promise.allSettled([
      this.d.rateLimiter.hit(`exchange:${hint.consumer_department_id}`, this.d.callsPerMinute, 60, LIMIT_OPTIONS),
      this.#read(hint, query, requestId),
    ]);
    if (limit.status === "rejected" || read.status === "rejected") {
      this.d.countHint?.("none");
      return { limit };
    }
    const response = { resource: resourceCode, records: read.value };
    const record = this.#record(callerOf(p), resourceCode, query, hint, response, "ok", started, requestId);
    const id = randomUUID();
    let written: boolean;
    try {
      written = await this.d.repo.insertCallAuditedIfCurrent(
        { ...record, id },
        this.d.audit.entryCte(this.#auditEvent(callerOf(p), { ...record, id }), { onlyWith: "call" }),
        hint,
        now,
      );
    } catch (logError) {
      throw await this.#auditUnavailable(callerOf(p), resourceCode, query, hint, started, requestId, logError);
    }
    if (!written) {
      this.#hints.delete(key);
      this.d.countHint?.("stale");
      return { limit };
    }
    this.d.countHint?.("used");
    this.#count("ok");
    return { response: { ...response, callId: id } };
  }

  async #full(
    p: Principal,
    resourceCode: string,
    query: GatewayQuery,
    requestId: string,
    started: number,
    /** The rate limiter's verdict when the fast path already took this call's hit. */
    limit?: PromiseSettledResult<void>,
  ): Promise<ExchangeGatewayResponse> {
    const consumer = p.departmentId;
    let approval: ApplicationRow | undefined;
    let records: ExchangeRecord[] = [];
    // What the call came to before it is logged: records, or the error the caller will get.
    let thrown: { error: unknown; outcome: string } | undefined;
    try {
      assertCan(p, "exchange.call");
      if (!consumer) throw ExchangeErrors.EXCHANGE_CLIENT_WITHOUT_DEPARTMENT();
      // The shared rate-limit counter and the grant are independent reads/writes: on PostgreSQL they go out
      // together on two pool connections (one round trip of latency instead of two).
      const [limited, granted] = await Promise.allSettled([
        limit
          ? limit.status === "fulfilled"
            ? Promise.resolve()
            : Promise.reject(limit.reason)
          : this.d.rateLimiter.hit(`exchange:${consumer}`, this.d.callsPerMinute, 60, LIMIT_OPTIONS),
        this.d.repo.currentGrant(consumer, resourceCode, this.d.clock.now()),
      ]);
      if (limited.status === "rejected") throw limited.reason; // 429 before anything about the grant
      if (granted.status === "rejected") throw granted.reason;
      const grant = granted.value;
      const key = hintKey(consumer, resourceCode);
      if (!grant) {
        this.#hints.delete(key);
        if (!(await this.d.repo.findResource(resourceCode)))
          throw ExchangeErrors.EXCHANGE_RESOURCE_NOT_FOUND({ code: resourceCode });
        throw ExchangeErrors.EXCHANGE_NOT_APPROVED({ resource: resourceCode });
      }
      if (grant.source !== "provider.http") {
        if (this.#hints.size >= MAX_HINTS) this.#hints.clear();
        this.#hints.set(key, grant);
      }
      approval = grant;
      // A list grant includes lookups by key; a lookup grant never lists.
      if (query.pattern === "list" && approval.query_pattern !== "list") {
        throw ExchangeErrors.EXCHANGE_PATTERN_NOT_GRANTED({
          granted: approval.query_pattern,
          requested: query.pattern,
        });
      }
      records = await this.#read(grant, query, requestId);
    } catch (error) {
      thrown = { error, outcome: error instanceof AppError ? error.code : "INTERNAL_ERROR" };
    }
    const outcome = thrown?.outcome ?? "ok";
    const response = thrown ? null : { resource: resourceCode, records };
    let callId: string;
    try {
      callId = await this.#log(callerOf(p), resourceCode, query, approval, response, outcome, started, requestId);
    } catch (logError) {
      throw await this.#auditUnavailable(callerOf(p), resourceCode, query, approval, started, requestId, logError);
    }
    this.#count(outcome);
    if (thrown) throw thrown.error;
    return { resource: resourceCode, records, callId };
  }

  /**
   * A call the audit log cannot record did not happen as far as the consumer is concerned: no records
   * leave (they were read, but are dropped here), refusals too become this failure, and it counts as
   * failed. The call log then gets a row on its own — best effort, and the one outcome without an audit
   * entry — so that the provider's statistics show the failure. Returns the error to throw.
   */
  async #auditUnavailable(
    caller: Caller,
    resourceCode: string,
    query: GatewayQuery,
    approval: ApplicationRow | undefined,
    started: number,
    requestId: string,
    logError: unknown,
  ): Promise<AppError> {
    const failed = ExchangeErrors.EXCHANGE_AUDIT_UNAVAILABLE({ resource: resourceCode });
    failed.cause = logError;
    await this.d.repo
      .insertCall(this.#record(caller, resourceCode, query, approval, null, failed.code, started, requestId))
      .catch(() => {}); // the database itself may be what failed; the error is logged either way
    this.#count(failed.code);
    return failed;
  }

  #count(outcome: string): void {
    this.d.count?.(outcome, resultOf(outcome));
  }

  /**
   * Logs a gateway request refused before it reached `call` (no or a bad credential, a missing scope,
   * invalid parameters, the per-IP limit): `outcome` is the error code the caller received.
   */
  async logRefusedAtDoor(
    p: Principal | null,
    resourceCode: string,
    query: { pattern: ExchangeQueryPattern; raw: unknown },
    outcome: string,
    requestId: string,
  ): Promise<void> {
    const q = { pattern: query.pattern, raw: query.raw } as unknown as GatewayQuery;
    this.#count(outcome);
    // What was asked for, as text PostgreSQL can store: a refused path may hold control characters (a NUL
    // cannot be stored at all, and the refusal would go unrecorded).
    const asked = resourceCode.slice(0, 64).replace(CONTROL_CHARACTERS, "\ufffd");
    await this.#log(callerOf(p), asked, q, undefined, null, outcome, performance.now(), requestId);
  }

  async #read(grant: GrantRow, query: GatewayQuery, requestId: string): Promise<ExchangeRecord[]> {
    let rows: ExchangeRecord[];
    if (grant.source === "provider.http") {
      rows = await this.d.proxy.read(
        { code: grant.resource_code, endpointUrl: grant.endpoint_url as string, timeoutMs: grant.timeout_ms },
        query,
        { "x-request-id": requestId, "x-yiwang-consumer-department": grant.consumer_department_id },
      );
      if (query.pattern === "lookup_by_key") rows = rows.slice(0, 1);
      else rows = rows.slice(0, query.limit);
    } else {
      const source = this.d.sources[grant.source];
      rows =
        query.pattern === "lookup_by_key"
          ? await source.lookup(query.key)
          : await source.list(query.limit, query.offset);
    }
    return rows.map((r) => project(r, grant.resource_fields, grant.fields, grant.clear_fields));
  }

  /** The call-log record: hashes of the query and the response, never the data. */
  #record(
    caller: Caller,
    resourceCode: string,
    query: GatewayQuery,
    approval: ApplicationRow | undefined,
    response: { resource: string; records: ExchangeRecord[] } | null,
    outcome: string,
    started: number,
    requestId: string,
  ) {
    return {
      at: this.d.clock.now(),
      client_id: caller.clientId,
      consumer_department_id: caller.departmentId,
      resource_code: resourceCode,
      application_id: approval?.id ?? null,
      purpose: approval?.purpose ?? null,
      query_pattern: query.pattern as ExchangeQueryPattern,
      query_hmac: createHmac("sha256", this.d.queryKey)
        .update(canonicalJson({ resource: resourceCode, ...query }))
        .digest("hex"),
      record_count: response?.records.length ?? 0,
      response_sha256: response ? sha256(response) : null,
      latency_ms: Math.round(performance.now() - started),
      outcome,
      request_id: requestId,
    };
  }

  /** Writes the call-log row and its audit entry in one statement; throws if either cannot be written. */
  async #log(
    caller: Caller,
    resourceCode: string,
    query: GatewayQuery,
    approval: ApplicationRow | undefined,
    response: { resource: string; records: ExchangeRecord[] } | null,
    outcome: string,
    started: number,
    requestId: string,
  ): Promise<string> {
    const record = this.#record(caller, resourceCode, query, approval, response, outcome, started, requestId);
    const id = randomUUID();
    await this.d.repo.insertCallAudited(
      { ...record, id },
      this.d.audit.entryCte(this.#auditEvent(caller, { ...record, id })),
    );
    return id;
  }

  /** The audit entry of a call-log record. */
  #auditEvent(caller: Caller, record: { id: string; at: Date; outcome: string }) {
    return {
      type: `exchange.gateway.${EVENT_OF[resultOf(record.outcome)]}`,
      actor: caller.actor,
      subject: `exchange-call:${record.id}`,
      payload: { ...record, at: record.at.toISOString() },
      time: record.at,
    };
  }
}
