import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { PLATFORM_CONSUMER_DEPARTMENT, REALNAME_CONSUMER } from "./platform-consumers.js";
import { ExchangeRepository } from "./repository.js";
import { BUSINESS_FIELDS, POPULATION_FIELDS } from "./sources.js";

/** The two hosted resources of the demo: the population registry (公安局) and the business registry (市场监管局). */
export const DEMO_RESOURCES = [
  {
    code: "population.person",
    name: "人口基础信息",
    description: "按公民身份号码查询人口库基础信息（示例数据）。",
    provider: "psb",
    fields: POPULATION_FIELDS,
    source: "registry.population" as const,
    key_field: "idNumber",
  },
  {
    code: "business.enterprise",
    name: "法人基础信息",
    description: "按统一社会信用代码查询法人库登记信息（示例数据）。",
    provider: "amr",
    fields: BUSINESS_FIELDS,
    source: "registry.business" as const,
    key_field: "uscc",
  },
];

/**
 * Inserts the demo resources whose provider department exists and whose code is free, and the platform's
 * standing approval for identity's real-name check (when missing); returns how many resources it inserted.
 */
export async function seedExchange(trx: Kysely<DB>, now = new Date()): Promise<number> {
  const departments = await trx.selectFrom("departments").select(["id", "key"]).execute();
  const ids = new Map(departments.map((d) => [d.key, d.id]));
  const repo = new ExchangeRepository(trx);
  const inserted = await repo.insertMissingResources(
    DEMO_RESOURCES.filter((r) => ids.has(r.provider)).map((r) => ({
      code: r.code,
      name: r.name,
      description: r.description,
      provider_department_id: ids.get(r.provider) as string,
      fields: JSON.stringify(r.fields),
      sharing_type: "conditional",
      update_cycle: "realtime",
      source: r.source,
      key_field: r.key_field,
    })),
    trx,
  );
  await seedRealnameApproval(repo, trx, ids.get(PLATFORM_CONSUMER_DEPARTMENT), now);
  return inserted;
}

const YEAR = 365 * 86_400_000;

/**
 * The approval identity's real-name check runs under (consumer: the platform department; provider: the
 * population registry's department), approved by the platform at installation, valid for ten years; a
 * provider may revoke it like any other (real-name checks then answer 503 until a new one is approved).
 */
async function seedRealnameApproval(
  repo: ExchangeRepository,
  trx: Kysely<DB>,
  consumer: string | undefined,
  now: Date,
) {
  const resource = await repo.findResource(REALNAME_CONSUMER.resource, trx);
  if (!consumer || !resource) return;
  if (await repo.currentApproval(consumer, resource.id, now, trx)) return;
  const { id } = await repo.insertApplication(
    {
      resource_id: resource.id,
      consumer_department_id: consumer,
      purpose: REALNAME_CONSUMER.purpose,
      fields: JSON.stringify(REALNAME_CONSUMER.fields),
      clear_fields: JSON.stringify(REALNAME_CONSUMER.clearFields),
      query_pattern: "lookup_by_key",
      valid_from: new Date(now.getTime() - 86_400_000),
      valid_to: new Date(now.getTime() + 10 * YEAR),
      status: "approved",
      applied_by: "system",
      decided_by: "system",
      decision_reason: "平台统一身份认证实名核验（安装时授权）/ granted at installation",
      decided_at: now,
    },
    trx,
  );
  return id;
}
