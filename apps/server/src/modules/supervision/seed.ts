/**
 * Demo supervision data of 示例市 (fictional): two supervision items (market regulation, ecology) and the
 * active demo enterprises on the target roster, so the plans page and 信用查询 have something to show. No
 * inspectors (they are staff accounts a department registers), no credit lists (they would change how demo
 * applications are handled). Idempotent.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";

const ITEMS = [
  {
    code: "990100-JG-001",
    department: "amr",
    name: "食品经营者日常监督检查",
    legal_basis: "《中华人民共和国食品安全法》第一百一十条",
    method: "现场检查",
    checklist: [
      { key: "licence", text: "食品经营许可证在有效期内并在显著位置悬挂" },
      { key: "health", text: "从业人员持有效健康证明" },
      { key: "storage", text: "食品贮存条件符合要求，无过期食品" },
    ],
    catalog_item_codes: ["990100-XK-001"],
  },
  {
    code: "990100-JG-002",
    department: "eco",
    name: "排污单位执法监测与检查",
    legal_basis: "《中华人民共和国环境保护法》第二十四条",
    method: "现场检查、抽样监测",
    checklist: [
      { key: "permit", text: "按排污许可证要求排放污染物" },
      { key: "facility", text: "污染防治设施正常运行" },
    ],
    catalog_item_codes: ["990100-XK-003"],
  },
];

const TARGETS = [
  // Names as in the demo business registry (seed/data/businesses.json), which this module does not read.
  {
    uscc: "91990100MA0001018E",
    name: "示例市鲜味餐饮有限公司",
    industry: "餐饮服务",
    district: "东城区",
    risk_grade: "B" as const,
  },
  {
    uscc: "91990102MA0002029N",
    name: "示例市宏图建设工程有限公司",
    industry: "建筑业",
    district: "西城区",
    risk_grade: "C" as const,
  },
  {
    uscc: "91990103MA000303XB",
    name: "示例市晨光科技有限公司",
    industry: "信息技术",
    district: "南城区",
    risk_grade: "A" as const,
  },
];

export async function seedSupervision(trx: Kysely<DB>): Promise<number> {
  const departments = new Map(
    (await trx.selectFrom("departments").select(["id", "key"]).execute()).map((d) => [d.key, d.id]),
  );
  for (const item of ITEMS) {
    const departmentId = departments.get(item.department);
    if (!departmentId) continue;
    await trx
      .insertInto("supervision_items")
      .values({
        code: item.code,
        department_id: departmentId,
        name: item.name,
        legal_basis: item.legal_basis,
        method: item.method,
        checklist: JSON.stringify(item.checklist),
        catalog_item_codes: item.catalog_item_codes,
      })
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
  }
  let targets = 0;
  for (const t of TARGETS) {
    await trx
      .insertInto("supervision_targets")
      .values(t)
      .onConflict((oc) => oc.column("uscc").doNothing())
      .execute();
    targets++;
  }
  return targets;
}
