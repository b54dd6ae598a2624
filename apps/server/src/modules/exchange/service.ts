import type {
  ExchangeApplication,
  ExchangeApplicationCreate,
  ExchangeField,
  ExchangeResource,
  ExchangeResourceCreate,
  ExchangeResourceUpdate,
} from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { assertCan } from "../../platform/auth/guard.js";
import type { Principal } from "../../platform/auth/permissions.js";
import type { Clock } from "../../platform/clock/clock.js";
import { uniqueViolation } from "../../platform/db/pg-errors.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog } from "../../platform/ports.js";
import { ExchangeErrors } from "./errors.js";
import { type ApplicationRow, ExchangeRepository, type ResourceRow } from "./repository.js";
import type { HostedSource } from "./sources.js";

export function toResource(r: ResourceRow): ExchangeResource {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    providerDepartmentId: r.provider_department_id,
    fields: r.fields,
    sharingType: r.sharing_type,
    updateCycle: r.update_cycle,
    source: r.source,
    keyField: r.key_field,
    endpointUrl: r.endpoint_url,
    timeoutMs: r.timeout_ms,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function isCurrent(a: Pick<ApplicationRow, "status" | "valid_from" | "valid_to">, now: Date): boolean {
  return a.status === "approved" && a.valid_from <= now && now < a.valid_to;
}

export function toApplication(a: ApplicationRow, now: Date): ExchangeApplication {
  return {
    id: a.id,
    resourceId: a.resource_id,
    resourceCode: a.resource_code,
    providerDepartmentId: a.provider_department_id,
    consumerDepartmentId: a.consumer_department_id,
    purpose: a.purpose,
    fields: a.fields,
    clearFields: a.clear_fields,
    queryPattern: a.query_pattern,
    validFrom: a.valid_from.toISOString(),
    validTo: a.valid_to.toISOString(),
    status: a.status,
    current: isCurrent(a, now),
    appliedBy: a.applied_by,
    decidedBy: a.decided_by,
    decisionReason: a.decision_reason,
    decidedAt: a.decided_at?.toISOString() ?? null,
    revokedAt: a.revoked_at?.toISOString() ?? null,
    createdAt: a.created_at.toISOString(),
  };
}

const PROXIED = "provider.http";

const actor = (p: Principal) => `${p.kind}:${p.id}`;

/**
 * The resource catalog (政务信息资源目录) and access applications: a consumer department's admin applies,
 * the provider department's admin approves or rejects (unconditional resources are approved at once),
 * and revokes; every change is audited in its transaction.
 */
export class ExchangeService {
  readonly repo: ExchangeRepository;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly d: { audit: AuditLog; clock: Clock; sources: Record<string, HostedSource> },
  ) {
    this.repo = new ExchangeRepository(db);
  }

  async listResources(q: { limit: number; offset: number }) {
    const { rows, total } = await this.repo.listResources(q.limit, q.offset);
    return { items: rows.map(toResource), total };
  }

  async getResource(code: string): Promise<ExchangeResource> {
    const row = await this.repo.findResource(code);
    if (!row) throw ExchangeErrors.EXCHANGE_RESOURCE_NOT_FOUND({ code });
    return toResource(row);
  }

  /**
   * A hosted resource's fields must come from its source, and the source's key field must be among them; a
   * proxied provider declares its own fields, its key field among them.
   */
  #checkFields(source: string, fields: readonly ExchangeField[], keyField?: string): { keyField: string } {
    if (source === PROXIED) {
      if (!keyField || !fields.some((f) => f.name === keyField))
        throw ExchangeErrors.EXCHANGE_KEY_FIELD_MISSING({ keyField });
      return { keyField };
    }
    const src = this.d.sources[source];
    const known = new Set(src.fields.map((f) => f.name));
    const bad = fields.filter((f) => !known.has(f.name)).map((f) => f.name);
    if (bad.length > 0) throw ExchangeErrors.EXCHANGE_FIELD_NOT_IN_SOURCE({ fields: bad, source });
    if (!fields.some((f) => f.name === src.keyField)) {
      throw ExchangeErrors.EXCHANGE_KEY_FIELD_MISSING({ keyField: src.keyField });
    }
    return src;
  }

  async createResource(p: Principal, input: ExchangeResourceCreate): Promise<ExchangeResource> {
    assertCan(p, "exchange.resource.manage", input.providerDepartmentId);
    const src = this.#checkFields(input.source, input.fields, input.keyField);
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo
        .insertResource(
          {
            code: input.code,
            name: input.name,
            description: input.description,
            provider_department_id: input.providerDepartmentId,
            fields: JSON.stringify(input.fields),
            sharing_type: input.sharingType,
            update_cycle: input.updateCycle,
            source: input.source,
            key_field: src.keyField,
            endpoint_url: input.endpointUrl ?? null,
            timeout_ms: input.timeoutMs ?? null,
          },
          trx,
        )
        .catch((e) => {
          if (uniqueViolation(e) === "exchange_resources_code_unique")
            throw ExchangeErrors.EXCHANGE_RESOURCE_CODE_TAKEN({ code: input.code });
          throw e;
        });
      const resource = toResource(row);
      await this.d.audit.append(
        {
          type: "exchange.resource.created",
          actor: actor(p),
          subject: `exchange-resource:${row.code}`,
          payload: resource,
        },
        trx,
      );
      return resource;
    });
  }

  async updateResource(p: Principal, code: string, input: ExchangeResourceUpdate): Promise<ExchangeResource> {
    return this.db.transaction().execute(async (trx) => {
      const current = await this.repo.findResource(code, trx);
      if (!current) throw ExchangeErrors.EXCHANGE_RESOURCE_NOT_FOUND({ code });
      assertCan(p, "exchange.resource.manage", current.provider_department_id);
      if (input.fields) this.#checkFields(current.source, input.fields, current.key_field);
      const proxied = current.source === PROXIED;
      if (!proxied && (input.endpointUrl !== undefined || input.timeoutMs !== undefined)) {
        throw ExchangeErrors.EXCHANGE_ENDPOINT_MISMATCH();
      }
      const row = await this.repo.updateResource(
        current.id,
        {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.description !== undefined && { description: input.description }),
          ...(input.fields !== undefined && { fields: JSON.stringify(input.fields) }),
          ...(input.sharingType !== undefined && { sharing_type: input.sharingType }),
          ...(input.updateCycle !== undefined && { update_cycle: input.updateCycle }),
          ...(input.endpointUrl !== undefined && { endpoint_url: input.endpointUrl }),
          ...(input.timeoutMs !== undefined && { timeout_ms: input.timeoutMs }),
        },
        trx,
      );
      const resource = toResource(row);
      await this.d.audit.append(
        {
          type: "exchange.resource.updated",
          actor: actor(p),
          subject: `exchange-resource:${code}`,
          payload: { changes: input, resource },
        },
        trx,
      );
      return resource;
    });
  }

  /** A consumer department applies; an unconditional resource is approved at once. */
  async apply(p: Principal, input: ExchangeApplicationCreate): Promise<ExchangeApplication> {
    const consumer = p.departmentId;
    assertCan(p, "exchange.apply", consumer);
    if (!consumer) throw ExchangeErrors.EXCHANGE_CLIENT_WITHOUT_DEPARTMENT();
    const resource = await this.repo.findResource(input.resourceCode);
    if (!resource) throw ExchangeErrors.EXCHANGE_RESOURCE_NOT_FOUND({ code: input.resourceCode });
    if (resource.sharing_type === "not_shared") throw ExchangeErrors.EXCHANGE_RESOURCE_NOT_SHARED();
    if (resource.provider_department_id === consumer) throw ExchangeErrors.EXCHANGE_OWN_RESOURCE();
    const byName = new Map(resource.fields.map((f) => [f.name, f]));
    const unknown = input.fields.filter((f) => !byName.has(f));
    if (unknown.length > 0) throw ExchangeErrors.EXCHANGE_FIELDS_UNKNOWN({ fields: unknown });
    const notSensitive = input.clearFields.filter((f) => byName.get(f)?.sensitivity !== "sensitive");
    if (notSensitive.length > 0) throw ExchangeErrors.EXCHANGE_CLEAR_FIELD_NOT_SENSITIVE({ fields: notSensitive });
    const now = this.d.clock.now();
    const automatic = resource.sharing_type === "unconditional";
    return this.db.transaction().execute(async (trx) => {
      const { id } = await this.repo.insertApplication(
        {
          resource_id: resource.id,
          consumer_department_id: consumer,
          purpose: input.purpose,
          fields: JSON.stringify([...new Set(input.fields)]),
          clear_fields: JSON.stringify([...new Set(input.clearFields)]),
          query_pattern: input.queryPattern,
          valid_from: new Date(input.validFrom),
          valid_to: new Date(input.validTo),
          status: automatic ? "approved" : "pending",
          applied_by: actor(p),
          decided_by: automatic ? "system" : null,
          decision_reason: automatic ? "无条件共享 / unconditional sharing" : null,
          decided_at: automatic ? now : null,
        },
        trx,
      );
      const row = await this.repo.findApplication(id, trx);
      if (!row) throw new Error("application vanished");
      const application = toApplication(row, now);
      await this.d.audit.append(
        {
          type: "exchange.application.submitted",
          actor: actor(p),
          subject: `exchange-application:${id}`,
          payload: application,
        },
        trx,
      );
      if (automatic) {
        await this.d.audit.append(
          {
            type: "exchange.application.approved",
            actor: "system",
            subject: `exchange-application:${id}`,
            payload: { automatic },
          },
          trx,
        );
      }
      return application;
    });
  }

  async listApplications(p: Principal, q: { status?: string; limit: number; offset: number }) {
    const now = this.d.clock.now();
    // Department admins see their department's applications, as consumer or as provider.
    const { rows, total } = await this.repo.listApplications({ ...q, departmentId: p.departmentId ?? "" });
    return { items: rows.map((r) => toApplication(r, now)), total };
  }

  async getApplication(p: Principal, id: string): Promise<ExchangeApplication> {
    const row = await this.repo.findApplication(id);
    if (!row || (p.departmentId !== row.consumer_department_id && p.departmentId !== row.provider_department_id)) {
      throw ExchangeErrors.EXCHANGE_APPLICATION_NOT_FOUND({ id });
    }
    return toApplication(row, this.d.clock.now());
  }

  /** The provider's decision: approve, reject (with a reason) or revoke (effective on the next call). */
  async decide(
    p: Principal,
    id: string,
    action: "approve" | "reject" | "revoke",
    reason: string | undefined,
  ): Promise<ExchangeApplication> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.findApplication(id, trx, true);
      if (!row) throw ExchangeErrors.EXCHANGE_APPLICATION_NOT_FOUND({ id });
      assertCan(p, "exchange.approve", row.provider_department_id);
      const now = this.d.clock.now();
      if (action === "revoke") {
        if (row.status !== "approved") throw ExchangeErrors.EXCHANGE_APPLICATION_NOT_APPROVED({ status: row.status });
        await this.repo.updateApplication(
          id,
          { status: "revoked", revoked_by: actor(p), revoked_at: now, decision_reason: reason ?? row.decision_reason },
          trx,
        );
      } else {
        if (row.status !== "pending") throw ExchangeErrors.EXCHANGE_APPLICATION_NOT_PENDING({ status: row.status });
        await this.repo.updateApplication(
          id,
          {
            status: action === "approve" ? "approved" : "rejected",
            decided_by: actor(p),
            decided_at: now,
            decision_reason: reason ?? null,
          },
          trx,
        );
      }
      const type = { approve: "approved", reject: "rejected", revoke: "revoked" }[action];
      await this.d.audit.append(
        {
          type: `exchange.application.${type}`,
          actor: actor(p),
          subject: `exchange-application:${id}`,
          payload: { reason },
        },
        trx,
      );
      const updated = await this.repo.findApplication(id, trx);
      if (!updated) throw new Error("application vanished");
      return toApplication(updated, now);
    });
  }
}
