/**
 * Demo open data of 示例市 (fictional): three small datasets — two open (无条件开放), one conditional
 * (有条件开放) — each with one CSV resource run through the same quality checks as an upload. Idempotent:
 * a dataset whose name exists is left alone.
 */
import type { CreateDatasetRequest, OpendataField } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { searchText, writeResource } from "./publish.service.js";
import { checkCsv } from "./quality.js";
import { OpendataRepository } from "./repository.js";

interface DemoDataset {
  department: string;
  meta: CreateDatasetRequest;
  resource: { name: string; fields: OpendataField[]; csv: string };
}

const text = (id: string, label: string): OpendataField => ({ id, label, type: "text", public: true });
const integer = (id: string, label: string): OpendataField => ({ id, label, type: "integer", public: true });

export const DEMO_DATASETS: DemoDataset[] = [
  {
    department: "amr",
    meta: {
      name: "market-entities-monthly",
      title: "市场主体登记月度统计",
      description: "示例市各区按行业统计的新登记市场主体户数（按月更新）。",
      openLevel: "open",
      themes: ["经济建设"],
      keywords: ["市场主体", "登记", "统计"],
      licenseId: "cc-by-4.0",
      frequency: "monthly",
      spatial: "示例市",
      temporalStart: "2026-01-01",
      temporalEnd: "2026-03-31",
      contactName: "市场监管局数据科",
      contactEmail: "data@amr.example.gov.cn",
    },
    resource: {
      name: "2026 年一季度",
      fields: [text("district", "区"), text("industry", "行业"), text("month", "月份"), integer("count", "户数")],
      csv: [
        "district,industry,month,count",
        "东城区,批发和零售业,2026-01,412",
        "东城区,住宿和餐饮业,2026-01,138",
        "西城区,批发和零售业,2026-01,377",
        "西城区,信息技术服务业,2026-01,95",
        "东城区,批发和零售业,2026-02,301",
        "东城区,住宿和餐饮业,2026-02,97",
        "西城区,批发和零售业,2026-02,288",
        "西城区,信息技术服务业,2026-02,81",
        "东城区,批发和零售业,2026-03,455",
        "东城区,住宿和餐饮业,2026-03,151",
        "西城区,批发和零售业,2026-03,402",
        "西城区,信息技术服务业,2026-03,117",
      ].join("\n"),
    },
  },
  {
    department: "hrss",
    meta: {
      name: "job-vacancies",
      title: "公共就业服务招聘岗位",
      description: "公共就业服务机构发布的招聘岗位（单位、岗位、薪酬下限、服务电话）。",
      openLevel: "open",
      themes: ["就业创业"],
      keywords: ["招聘", "就业"],
      licenseId: "cc0-1.0",
      frequency: "weekly",
      spatial: "示例市",
      temporalStart: null,
      temporalEnd: null,
      contactName: "人社局就业服务中心",
      contactEmail: "jobs@hrss.example.gov.cn",
    },
    resource: {
      name: "在招岗位",
      fields: [
        text("employer", "招聘单位"),
        text("position", "岗位"),
        integer("salary_min", "月薪下限（元）"),
        text("district", "区"),
        text("hotline", "服务电话"),
      ],
      csv: [
        "employer,position,salary_min,district,hotline",
        "示例市第一食品有限公司,质检员,5200,东城区,12333",
        "示例市第一食品有限公司,仓储管理员,4800,东城区,12333",
        "示例市云数科技有限公司,前端工程师,12000,西城区,12333",
        "示例市云数科技有限公司,测试工程师,9000,西城区,12333",
        "示例市人民医院,护士,7000,东城区,12333",
      ].join("\n"),
    },
  },
  {
    department: "health",
    meta: {
      name: "medical-institutions",
      title: "医疗机构执业登记信息",
      description: "医疗机构名称、级别、所在区和核定床位数。有条件开放：经申请并签署数据利用协议后通过 API 密钥访问。",
      openLevel: "conditional",
      themes: ["医疗卫生"],
      keywords: ["医疗机构", "床位"],
      licenseId: "other-open",
      frequency: "quarterly",
      spatial: "示例市",
      temporalStart: "2026-01-01",
      temporalEnd: null,
      contactName: "卫健委信息中心",
      contactEmail: "open@health.example.gov.cn",
    },
    resource: {
      name: "医疗机构名录",
      fields: [text("name", "机构名称"), text("level", "级别"), text("district", "区"), integer("beds", "核定床位")],
      csv: [
        "name,level,district,beds",
        "示例市人民医院,三级甲等,东城区,1200",
        "示例市中医院,三级甲等,西城区,800",
        "东城区社区卫生服务中心,一级,东城区,60",
        "西城区妇幼保健院,二级,西城区,300",
      ].join("\n"),
    },
  },
];

export async function seedOpendata(trx: Kysely<DB>, now = new Date()): Promise<number> {
  const repo = new OpendataRepository(trx);
  const departments = await trx.selectFrom("departments").select(["id", "key"]).execute();
  const ids = new Map(departments.map((d) => [d.key, d.id]));
  let added = 0;
  for (const demo of DEMO_DATASETS) {
    const departmentId = ids.get(demo.department);
    if (!departmentId || (await repo.nameTaken(demo.meta.name, trx))) continue;
    const m = demo.meta;
    const dataset = await repo.insertDataset(trx, {
      name: m.name,
      title: m.title,
      description: m.description,
      department_id: departmentId,
      open_level: m.openLevel,
      themes: m.themes,
      keywords: m.keywords,
      license_id: m.licenseId,
      frequency: m.frequency,
      spatial: m.spatial ?? null,
      temporal_start: m.temporalStart ?? null,
      temporal_end: m.temporalEnd ?? null,
      contact_name: m.contactName,
      contact_email: m.contactEmail,
      search_text: searchText(m),
      created_at: now,
      updated_at: now,
    });
    const table = checkCsv(demo.resource.csv, demo.resource.fields);
    await writeResource(
      trx,
      { repo },
      {
        dataset,
        name: demo.resource.name,
        description: "",
        fields: table.fields,
        rows: table.rows,
        bytes: Buffer.from(demo.resource.csv, "utf8"),
        now,
      },
    );
    added++;
  }
  return added;
}
