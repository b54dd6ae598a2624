import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
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

/** Inserts the demo resources whose provider department exists and whose code is free; returns how many. */
export async function seedExchange(trx: Kysely<DB>): Promise<number> {
  const departments = await trx.selectFrom("departments").select(["id", "key"]).execute();
  const ids = new Map(departments.map((d) => [d.key, d.id]));
  return new ExchangeRepository(trx).insertMissingResources(
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
}
