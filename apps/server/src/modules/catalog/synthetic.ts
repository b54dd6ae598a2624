import { type ItemKind, ServiceItemInput, type Step } from "@yiwang/contracts";
import { type Kysely, sql } from "kysely";
import { invalidateAllCaches } from "../../platform/cache/index.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditAppender } from "./audit.js";
import { projectItem } from "./mapping.js";
import { loadReferences } from "./references.js";
import { ItemRepository } from "./repository.js";

/**
 * A large, realistic catalog for benchmarks (`yiwang seed --synthetic-items N`): names built from real
 * subject matters × actions × districts, realistic materials, time limits and workflows, published as
 * version 1. Deterministic (seeded PRNG), so benchmark runs are comparable. Codes 990100-SYN-000001….
 */
const SUBJECTS = (
  "道路运输经营 建筑施工企业资质 药品经营 医疗机构执业 烟草专卖零售 出版物零售 危险化学品经营 特种设备使用 排污 取水 " +
  "林木采伐 渔业捕捞 城市道路占用 户外广告设置 娱乐场所经营 旅行社设立 人力资源服务 民办学校办学 养老机构设立 殡葬服务 " +
  "机动车驾驶人培训 燃气经营 供热经营 消防安全检查 建设工程消防验收 商品房预售 物业服务 房屋租赁 二手车交易 酒类经营 " +
  "农药经营 兽药经营 种子生产经营 动物防疫条件 医疗器械经营 执业医师注册 护士执业注册 教师资格认定 职业技能等级认定 残疾人证 " +
  "最低生活保障 特困人员救助 临时救助 高龄津贴 退役军人优待证 公共租赁住房 住房补贴 失业保险金 工伤认定 生育津贴 " +
  "养老保险关系转移 个体工商户 农民专业合作社 外商投资企业 分支机构 食品生产 食品小作坊 网络预约出租汽车 道路货物运输 船舶 " +
  "港口经营 文物保护单位修缮 广播电视节目制作 互联网上网服务营业场所 体育场所 游泳场所卫生 公共场所卫生 放射诊疗 母婴保健技术服务 献血 " +
  "无犯罪记录证明 户口迁移 居民身份证换领 普通护照 往来港澳通行证 机动车驾驶证 机动车 人事档案 不动产 抵押 " +
  "国有土地使用权 临时用地 测绘资质 地质灾害危险性评估 水土保持方案 河道管理范围内建设项目 防雷装置 气象信息服务 人防工程 招标投标 " +
  "价格认定 计量器具 检验检测机构资质 企业名称 商标质押 专利资助 劳务派遣 安全生产 粮食收购 电力设施保护"
).split(" ");
const ACTIONS: { suffix: string; kind: ItemKind }[] = [
  { suffix: "许可（新办）", kind: "license" },
  { suffix: "许可（变更）", kind: "license" },
  { suffix: "许可（延续）", kind: "license" },
  { suffix: "许可（注销）", kind: "license" },
  { suffix: "备案", kind: "other" },
  { suffix: "登记", kind: "confirmation" },
  { suffix: "审批", kind: "license" },
  { suffix: "核准", kind: "license" },
  { suffix: "认定", kind: "confirmation" },
  { suffix: "证明开具", kind: "public_service" },
  { suffix: "信息查询", kind: "public_service" },
  { suffix: "补贴申领", kind: "payment" },
  { suffix: "资格确认", kind: "confirmation" },
  { suffix: "年度报告", kind: "other" },
];
const DISTRICTS = ["市本级", "东城区", "西城区", "南湖区", "北山区", "高新区", "经开区", "临港新区"];
const TOPICS =
  "开办企业 工程建设 交通出行 医疗卫生 教育 社会保障 住房 民政 文化旅游 农业农村 环境保护 就业创业 户籍 出入境 税务 市场监管".split(
    " ",
  );
const MATERIALS = [
  "申请表",
  "营业执照",
  "法定代表人身份证明",
  "经办人身份证件",
  "场所使用证明",
  "相关资质证明",
  "安全管理制度",
  "设备设施清单",
  "专业技术人员资格证明",
  "承诺书",
];
const LICENSE_FOR: Record<string, string> = {
  营业执照: "BL",
  法定代表人身份证明: "ID",
  经办人身份证件: "ID",
  场所使用证明: "RE",
};

/** Distinct realistic queries over a synthetic catalog (subject + action, e.g. 药品经营许可（变更）), for benchmarks. */
export function syntheticQueries(): string[] {
  return ACTIONS.flatMap((a) => SUBJECTS.map((s) => `${s}${a.suffix}`));
}

/** A seeded pseudo-random generator (mulberry32): the same seed, the same sequence in [0, 1). */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticItem(i: number, depts: string[], licenseTypes: ReadonlySet<string>): ServiceItemInput {
  const r = prng(i * 7919 + 17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const subject = SUBJECTS[i % SUBJECTS.length]!;
  const action = ACTIONS[Math.floor(i / SUBJECTS.length) % ACTIONS.length]!;
  const district = DISTRICTS[Math.floor(i / (SUBJECTS.length * ACTIONS.length)) % DISTRICTS.length]!;
  const dept = pick(depts);
  const others = depts.filter((d) => d !== dept);
  const immediate = r() < 0.25;
  const legalDays = immediate ? pick([0, 5, 10]) : pick([10, 15, 20, 30, 60]);
  const promiseDays = immediate ? 0 : Math.max(1, Math.floor(legalDays * pick([0.25, 0.5, 0.75])));
  const onlineDepth = pick([2, 3, 4, 4]);
  const parallel = !immediate && r() < 0.2 && others.length >= 2;
  const co = parallel ? [others[0]!, others[1]!] : [];
  const steps: Step[] = immediate
    ? [{ dept, stage: "decide" }]
    : [
        { dept, stage: "accept" },
        parallel
          ? {
              parallel: [{ dept, stage: "review" }, ...co.map((d) => ({ dept: d, stage: "review" as const }))],
              onVeto: "deny",
            }
          : { dept, stage: "review" },
        { dept, stage: "decide" },
      ];
  const materials = MATERIALS.filter(() => r() < 0.4).slice(0, 5);
  if (materials.length === 0) materials.push("申请表");
  return ServiceItemInput.parse({
    code: `990100-SYN-${String(i + 1).padStart(6, "0")}`,
    basicCode: null,
    name: `${subject}${action.suffix}（${district}）`,
    nameEn: null,
    kind: action.kind,
    dept,
    coDepts: co,
    audience: pick(["natural_person", "legal_person", "legal_person", "any"]),
    conditions: [`申请人符合${subject}相关法律法规规定的条件`, "申请材料齐全、符合法定形式"],
    legalDays,
    promiseDays,
    caseType: immediate ? "immediate" : "promised",
    onlineDepth,
    maxVisits: onlineDepth === 4 ? 0 : 1,
    materials: materials.map((name) => ({
      name: name === "申请表" ? `${subject}${action.suffix.replace(/（.*）/, "")}申请表` : name,
      required: r() < 0.8,
      format: "electronic",
      fromLicense: LICENSE_FOR[name] && licenseTypes.has(LICENSE_FOR[name]) ? LICENSE_FOR[name] : null,
    })),
    legalBasis: [`《示例市${subject}管理办法》第${1 + Math.floor(r() * 40)}条`],
    steps,
    topics: [pick(TOPICS), ...(r() < 0.3 ? [pick(TOPICS)] : [])].filter((t, k, a) => a.indexOf(t) === k),
  });
}

/** Inserts N synthetic published items (those not there yet), in batches, in one transaction. */
export async function seedSyntheticItems(db: Kysely<DB>, n: number, audit: AuditAppender): Promise<number> {
  const added = await db.transaction().execute(async (trx) => {
    const refs = await loadReferences(trx);
    const depts = [...refs.departments].filter((d) => d !== "platform").sort();
    if (depts.length < 3) throw new Error("synthetic items need at least three departments: seed the demo data first");
    const repo = new ItemRepository(trx);
    let added = 0;
    for (let start = 0; start < n; start += 500) {
      const batch = Array.from({ length: Math.min(500, n - start) }, (_, k) =>
        syntheticItem(start + k, depts, refs.licenseTypes),
      );
      const existing = await repo.existingCodes(
        batch.map((b) => b.code),
        trx,
      );
      const fresh = batch.filter((b) => !existing.has(b.code));
      await repo.insertPublishedBulk(
        fresh.map((b) => ({ code: b.code, projection: projectItem(b, 1), content: JSON.stringify(b) })),
        "system:seed",
        trx,
      );
      added += fresh.length;
    }
    await audit.append(
      { type: "catalog.synthetic.seeded", actor: "system:seed", subject: "catalog", payload: { requested: n, added } },
      trx,
    );
    await invalidateAllCaches(trx); // running nodes drop their catalog pages on commit
    return added;
  });
  // Fresh planner statistics: without them a bulk-loaded catalog is searched with a sequential filter.
  await sql`analyze catalog_items`.execute(db);
  return added;
}
