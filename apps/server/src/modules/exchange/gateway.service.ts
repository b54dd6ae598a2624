import { createHash } from "node:crypto";
import type { ExchangeGatewayResponse, ExchangeQueryPattern } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError } from "../../platform/errors.js";
import type { RateLimiter } from "../../platform/rate-limit.js";
import { type AuditLog, canonicalJson } from "../audit/index.js";
import { ExchangeErrors } from "./errors.js";
import type { ApplicationRow, ExchangeRepository, ResourceRow } from "./repository.js";
import { type ExchangeRecord, type HostedSource, project } from "./sources.js";

/** Gateway calls per consumer department and minute (all its clients together). */
export const EXCHANGE_CALLS_PER_MINUTE = 600;

export type GatewayQuery =
  | { pattern: "lookup_by_key"; key: string }
  | { pattern: "list"; limit: number; offset: number };

const sha256 = (value: unknown) => createHash("sha256").update(canonicalJson(value)).digest("hex");

/**
 * The exchange gateway (共享交换网关): a department system (OAuth client of the consumer department, scope
 * exchange.call) queries a resource; the gateway checks that the department holds a current approval for
 * it and that the approval grants this query pattern, reads the hosted source, returns only the granted
 * fields (sensitive ones masked unless granted in clear) and records the call — refusals included — in
 * `exchange_calls` and the audit log, with hashes of query and response instead of the data.
 */
export class GatewayService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly d: {
      repo: ExchangeRepository;
      audit: AuditLog;
      clock: Clock;
      rateLimiter: RateLimiter;
      sources: Record<string, HostedSource>;
    },
  ) {}

  async call(
    p: Principal,
    resourceCode: string,
    query: GatewayQuery,
    requestId: string,
  ): Promise<ExchangeGatewayResponse> {
    const started = performance.now();
    const consumer = p.departmentId;
    let approval: ApplicationRow | undefined;
    let records: ExchangeRecord[] = [];
    let outcome = "ok";
    try {
      if (!consumer) throw ExchangeErrors.EXCHANGE_CLIENT_WITHOUT_DEPARTMENT();
      await this.d.rateLimiter.hit(`exchange:${consumer}`, EXCHANGE_CALLS_PER_MINUTE, 60);
      const resource = await this.d.repo.findResource(resourceCode);
      if (!resource) throw ExchangeErrors.EXCHANGE_RESOURCE_NOT_FOUND({ code: resourceCode });
      approval = await this.d.repo.currentApproval(consumer, resource.id, this.d.clock.now());
      if (!approval) throw ExchangeErrors.EXCHANGE_NOT_APPROVED({ resource: resourceCode });
      // A list grant includes lookups by key; a lookup grant never lists.
      if (query.pattern === "list" && approval.query_pattern !== "list") {
        throw ExchangeErrors.EXCHANGE_PATTERN_NOT_GRANTED({
          granted: approval.query_pattern,
          requested: query.pattern,
        });
      }
      records = await this.#read(resource, query, approval);
    } catch (error) {
      outcome = error instanceof AppError ? error.code : "INTERNAL_ERROR";
      await this.#log(p, resourceCode, query, approval, null, outcome, started, requestId).catch(() => {});
      throw error;
    }
    const response = { resource: resourceCode, records };
    const callId = await this.#log(p, resourceCode, query, approval, response, outcome, started, requestId);
    return { ...response, callId };
  }

  async #read(resource: ResourceRow, query: GatewayQuery, approval: ApplicationRow): Promise<ExchangeRecord[]> {
    const source = this.d.sources[resource.source];
    const rows =
      query.pattern === "lookup_by_key" ? await source.lookup(query.key) : await source.list(query.limit, query.offset);
    return rows.map((r) => project(r, resource.fields, approval.fields, approval.clear_fields));
  }

  async #log(
    p: Principal,
    resourceCode: string,
    query: GatewayQuery,
    approval: ApplicationRow | undefined,
    response: { resource: string; records: ExchangeRecord[] } | null,
    outcome: string,
    started: number,
    requestId: string,
  ): Promise<string> {
    const record = {
      at: this.d.clock.now(),
      client_id: p.id,
      consumer_department_id: p.departmentId,
      resource_code: resourceCode,
      application_id: approval?.id ?? null,
      purpose: approval?.purpose ?? null,
      query_pattern: query.pattern as ExchangeQueryPattern,
      query_sha256: sha256({ resource: resourceCode, ...query }),
      record_count: response?.records.length ?? 0,
      response_sha256: response ? sha256(response) : null,
      latency_ms: Math.round(performance.now() - started),
      outcome,
      request_id: requestId,
    };
    return this.db.transaction().execute(async (trx) => {
      const { id } = await this.d.repo.insertCall(record, trx);
      await this.d.audit.append(
        {
          type: outcome === "ok" ? "exchange.gateway.called" : "exchange.gateway.refused",
          actor: `${p.kind}:${p.id}`,
          subject: `exchange-call:${id}`,
          payload: { ...record, id, at: record.at.toISOString() },
          time: record.at,
        },
        trx,
      );
      return id;
    });
  }
}
