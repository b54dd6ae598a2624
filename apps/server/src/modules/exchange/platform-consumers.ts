import { normalizeIdNumber } from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DepartmentService } from "../org/index.js";
import { ExchangeErrors } from "./errors.js";
import type { GatewayService } from "./gateway.service.js";

/**
 * Platform services that consume shared data do so as a consumer like any department system: a client of
 * the platform's own department (政务服务和数据管理局, key `platform`) holding an approval, calling
 * `GatewayService.call` in process — the same authorisation, approval, rate limit, call log and audit path
 * as HTTP callers, without an HTTP round trip.
 */
export const PLATFORM_CONSUMER_DEPARTMENT = "platform";

/** Identity's real-name check: lookup by ID number in population.person, the name granted in clear. */
export const REALNAME_CONSUMER = {
  clientId: "yiwang-identity",
  displayName: "统一身份认证实名核验",
  resource: "population.person",
  purpose: "统一身份认证实名核验：比对姓名与公民身份号码 / Unified identity real-name check",
  fields: ["name"],
  clearFields: ["name"],
} as const;

export class PlatformConsumer {
  #departmentId: string | undefined;
  constructor(
    private readonly gateway: GatewayService,
    private readonly departments: DepartmentService,
    private readonly client: { clientId: string; displayName: string },
  ) {}

  /** The consumer's principal; the department id is cached once found (a department's id never changes). */
  async principal(): Promise<Principal> {
    if (!this.#departmentId) {
      this.#departmentId = (await this.departments.findByKey(PLATFORM_CONSUMER_DEPARTMENT))?.id;
      if (!this.#departmentId) throw ExchangeErrors.EXCHANGE_CLIENT_WITHOUT_DEPARTMENT();
    }
    return {
      kind: "client",
      id: this.client.clientId,
      sessionId: null,
      displayName: this.client.displayName,
      roles: [],
      departmentId: this.#departmentId,
      realnameLevel: 1,
      actingFor: null,
      scopes: ["exchange.call"],
    };
  }

  async lookup(resource: string, key: string, requestId: string) {
    return this.gateway.call(await this.principal(), resource, { pattern: "lookup_by_key", key }, requestId);
  }
}

/** Identity's `PopulationCheck` through the gateway: does the registry hold this name for this ID number? */
export function gatewayPopulationCheck(consumer: PlatformConsumer) {
  return {
    async personMatches(name: string, idNumber: string, requestId: string): Promise<boolean> {
      const { records } = await consumer.lookup(REALNAME_CONSUMER.resource, normalizeIdNumber(idNumber), requestId);
      return records.length > 0 && records[0]?.name === name.trim();
    },
  };
}
