import { z } from "zod";
import {
  AUDIENCE_TERMS,
  CASE_TYPE_TERMS,
  CATALOG_STATUS_TERMS,
  ITEM_KIND_TERMS,
  LICENSE_HOLDER_TERMS,
  MATERIAL_FORMAT_TERMS,
  ONLINE_DEPTH_TERMS,
  REAL_NAME_LEVEL_TERMS,
  STAGE_TERMS,
  TIME_UNIT_TERMS,
  VETO_RULE_TERMS,
} from "./catalog-vocabulary.js";
import { DepartmentKey } from "./org.js";
import { codesOf } from "./vocabulary.js";

/**
 * Service catalog (政务服务事项): items with versions, bundles (一件事), search. The shapes here are the API
 * contract of the catalog module and the typed workflow definition later modules (cases) build on.
 */

// ── enumerations ───────────────────────────────────────────────────────────────────────────────────────

/** 事项类型: the ten kinds of administrative power plus public services (labels: ITEM_KIND_TERMS). */
export const ITEM_KINDS = codesOf(ITEM_KIND_TERMS);
export const ItemKind = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKind>;

/** 服务对象: natural person (自然人), legal person (法人), or both. */
export const Audience = z.enum(codesOf(AUDIENCE_TERMS));
export type Audience = z.infer<typeof Audience>;

/** Unit of both time limits; working days (工作日) unless said otherwise. */
export const TimeUnit = z.enum(codesOf(TIME_UNIT_TERMS));
export type TimeUnit = z.infer<typeof TimeUnit>;

/** 即办件 (decided on the spot) / 承诺件 (decided within the promised time limit). */
export const CaseType = z.enum(codesOf(CASE_TYPE_TERMS));
export type CaseType = z.infer<typeof CaseType>;

/** 实名认证等级 required to apply. */
export const RealNameLevel = z.enum(codesOf(REAL_NAME_LEVEL_TERMS));
export type RealNameLevel = z.infer<typeof RealNameLevel>;

export const MaterialFormat = z.enum(codesOf(MATERIAL_FORMAT_TERMS));
export type MaterialFormat = z.infer<typeof MaterialFormat>;
export const MaterialLicenseHolder = z.enum(codesOf(LICENSE_HOLDER_TERMS));
export type MaterialLicenseHolder = z.infer<typeof MaterialLicenseHolder>;

/** 网上办理深度, 1–4 (labels: ONLINE_DEPTH_TERMS). */
export const ONLINE_DEPTHS = codesOf(ONLINE_DEPTH_TERMS);

/** Workflow stage: 受理 → 审查 → 决定. */
export const StageKind = z.enum(codesOf(STAGE_TERMS));
export type StageKind = z.infer<typeof StageKind>;

/** Lifecycle of an item or bundle. */
export const CatalogStatus = z.enum(codesOf(CATALOG_STATUS_TERMS));
export type CatalogStatus = z.infer<typeof CatalogStatus>;

/** State of one version of an item: the current published one, an older one, or an unpublished edit. */
export const VersionStatus = z.enum(["draft", "published", "superseded"]);
export type VersionStatus = z.infer<typeof VersionStatus>;

// ── codes ──────────────────────────────────────────────────────────────────────────────────────────────

const CODE_RE = /^[0-9A-Z][0-9A-Z-]{2,63}$/;
/** 实施编码 (and bundle codes): upper-case letters, digits and hyphens, e.g. 990100-XK-001. */
export const ItemCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((s) => CODE_RE.test(s), {
    message: "编码应为 3–64 位大写字母、数字或连字符 / Code must be 3–64 upper-case letters, digits or hyphens",
  });

export const LicenseTypeCode = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{0,15}$/, { message: "证照类型编码无效 / Invalid license type code" });

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** A downloadable file: one stored by the catalog (/api/catalog/files/{id}) or an https address. */
export const FileLink = z
  .string()
  .trim()
  .max(500)
  .refine((s) => /^\/api\/catalog\/files\/[0-9a-f-]{36}$/.test(s) || /^https:\/\/\S+$/.test(s), {
    message: "文件地址应为 /api/catalog/files/{id} 或 https:// 地址 / Must be /api/catalog/files/{id} or https://",
  });

// ── item parts ─────────────────────────────────────────────────────────────────────────────────────────

export const Material = z.object({
  name: text(200),
  required: z.boolean().default(true),
  format: MaterialFormat.default("electronic"),
  copies: z.number().int().min(1).max(99).default(1),
  /** 空白表格 and 示例样表 to download. */
  blankForm: FileLink.nullish().transform((v) => v ?? null),
  sample: FileLink.nullish().transform((v) => v ?? null),
  /** An e-license of this type can stand in for the material (免提交). */
  fromLicense: LicenseTypeCode.nullish().transform((v) => v ?? null),
  /**
   * Whose license (LICENSE_HOLDER_TERMS: the person applying, the legal representative applying herself, or
   * the enterprise applied for); null: as the license type says (a person's type is the applying person's).
   */
  licenseHolder: MaterialLicenseHolder.nullish().transform((v) => v ?? null),
  note: optionalText(500),
});
export type Material = z.infer<typeof Material>;

export const Fee = z.object({
  name: text(200),
  /** Yuan, at most two decimals. */
  amount: z
    .number()
    .min(0)
    .max(100_000_000)
    .refine((n) => Math.round(n * 100) === n * 100, { message: "金额最多两位小数 / At most two decimals" }),
  basis: text(1000),
  /** 减免说明: who pays less or nothing, and on what basis (absent: no exemption). */
  exemption: z.string().trim().max(500).optional(),
});
export type Fee = z.infer<typeof Fee>;

export const Stage = z.object({ dept: DepartmentKey, stage: StageKind });
export type Stage = z.infer<typeof Stage>;
/**
 * What a veto (否决) by one branch of a parallel review does: `deny` ends the case as denied at once
 * (fail fast, the other branches are cancelled); `lead_decides` records it as an opinion and the lead
 * department's decide stage weighs all opinions.
 */
export const VetoRule = z.enum(codesOf(VETO_RULE_TERMS));
export type VetoRule = z.infer<typeof VetoRule>;
export const ParallelStep = z.object({
  parallel: z.array(Stage).min(2).max(20),
  onVeto: VetoRule.default("deny"),
});
export type ParallelStep = z.infer<typeof ParallelStep>;
/** One entry of the handling steps: a stage, or a group of review stages that run at once (并联审批). */
export const Step = z.union([Stage, ParallelStep]);
export type Step = z.infer<typeof Step>;

/**
 * The application form of an item version (申请表): a JSON Schema (draft-07, an object at the top) that
 * the portal renders with @rjsf/antd (and checks with an interpreting validator, apps/web/src/forms) and the
 * server validates with ajv, plus an optional rjsf uiSchema.
 * A property may say `"x-prefill": "applicant.name" | "applicant.phone" | "enterprise.name" |
 * "enterprise.uscc"` to be filled from what the platform already knows. The server checks that the
 * schema compiles when an item is saved.
 */
export const PREFILL_SOURCES = ["applicant.name", "applicant.phone", "enterprise.name", "enterprise.uscc"] as const;
export const PrefillSource = z.enum(PREFILL_SOURCES);
export type PrefillSource = z.infer<typeof PrefillSource>;

/**
 * 免填 beyond the closed list: `license:<typeCode>.<field>` (a field of the applicant's own valid license of
 * that type) and `registry:population.<field>` / `registry:business.<field>` (the demo registries). The
 * registry fields a form may take (no ID numbers: they are never shown back in a form).
 */
export const PREFILL_REGISTRY_FIELDS = {
  population: ["name", "gender", "birthDate", "regionCode"],
  business: ["uscc", "name", "legalRepName", "status", "registeredOn"],
} as const;
export type PrefillRef =
  | { kind: "platform"; source: PrefillSource }
  | { kind: "license"; type: string; field: string }
  | { kind: "registry"; registry: keyof typeof PREFILL_REGISTRY_FIELDS; field: string };

/** The parts of an `x-prefill` value, or null when it has none of the known shapes. */
export function parsePrefill(source: string): PrefillRef | null {
  if ((PREFILL_SOURCES as readonly string[]).includes(source))
    return { kind: "platform", source: source as PrefillSource };
  const license = /^license:([A-Z][A-Z0-9_]{0,15})\.([A-Za-z][A-Za-z0-9_]{0,63})$/.exec(source);
  if (license) return { kind: "license", type: license[1]!, field: license[2]! };
  const registry = /^registry:(population|business)\.([A-Za-z]+)$/.exec(source);
  if (registry) {
    const name = registry[1] as keyof typeof PREFILL_REGISTRY_FIELDS;
    if ((PREFILL_REGISTRY_FIELDS[name] as readonly string[]).includes(registry[2]!))
      return { kind: "registry", registry: name, field: registry[2]! };
  }
  return null;
}
export const ApplicationForm = z.object({
  schema: z.record(z.string(), z.unknown()),
  uiSchema: z.record(z.string(), z.unknown()).default({}),
});
export type ApplicationForm = z.infer<typeof ApplicationForm>;

export const Faq = z.object({ question: text(500), answer: text(4000) });
export type Faq = z.infer<typeof Faq>;

export const ServiceHall = z.object({
  address: text(300),
  hours: text(200),
  phone: optionalText(50),
});
export type ServiceHall = z.infer<typeof ServiceHall>;

/** Structural rules of a workflow; whether the departments exist is checked by the server. */
export function stepIssues(steps: Step[]): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (steps.length === 0) return [{ path: [], message: "至少一个环节 / At least one step" }];
  steps.forEach((s, i) => {
    if ("parallel" in s) {
      const depts = s.parallel.map((b) => b.dept);
      if (new Set(depts).size !== depts.length)
        issues.push({
          path: [i, "parallel"],
          message: "并联分支的部门不能重复 / Parallel branches need distinct departments",
        });
      s.parallel.forEach((b, j) => {
        if (b.stage !== "review")
          issues.push({
            path: [i, "parallel", j, "stage"],
            message: "并联环节只能是审查 / Parallel branches are review stages",
          });
      });
      if (i === 0 || i === steps.length - 1)
        issues.push({
          path: [i],
          message: "并联审查不能是第一个或最后一个环节 / A parallel group cannot be the first or last step",
        });
      return;
    }
    const last = i === steps.length - 1;
    if (steps.length === 1) {
      if (s.stage !== "decide")
        issues.push({
          path: [i, "stage"],
          message: "只有一个环节时应为决定（即办） / A single step must be decide",
        });
      return;
    }
    const expected = i === 0 ? "accept" : last ? "decide" : "review";
    if (s.stage !== expected)
      issues.push({
        path: [i, "stage"],
        message:
          i === 0
            ? "第一个环节应为受理 / The first step must be accept"
            : last
              ? "最后一个环节应为决定 / The last step must be decide"
              : "中间环节应为审查 / Middle steps must be review",
      });
  });
  return issues;
}

const ItemFields = z.object({
  code: ItemCode,
  /** 基本编码 (shared by the same item in every region); optional. */
  basicCode: optionalText(64),
  name: text(200),
  nameEn: optionalText(300),
  kind: ItemKind,
  /** 实施主体 */
  dept: DepartmentKey,
  /** 联办机构 */
  coDepts: z.array(DepartmentKey).max(20).default([]),
  audience: Audience,
  /** 受理条件, one per entry. */
  conditions: z.array(text(2000)).max(50).default([]),
  legalDays: z.number().int().min(0).max(3650),
  promiseDays: z.number().int().min(0).max(3650),
  timeUnit: TimeUnit.default("working_day"),
  caseType: CaseType,
  onlineDepth: z
    .number()
    .int()
    .min(ONLINE_DEPTHS[0])
    .max(ONLINE_DEPTHS[ONLINE_DEPTHS.length - 1]!),
  maxVisits: z.number().int().min(0).max(10),
  realNameLevel: RealNameLevel.default("L2"),
  materials: z.array(Material).max(100).default([]),
  fees: z.array(Fee).max(50).default([]),
  /** 设定依据, one law or regulation article per entry. */
  legalBasis: z.array(text(2000)).max(50).default([]),
  steps: z.array(Step).min(1).max(30),
  resultName: optionalText(200),
  /** License type issued on approval. */
  resultLicense: LicenseTypeCode.nullish().transform((v) => v ?? null),
  faq: z.array(Faq).max(50).default([]),
  /** Topics and life events (主题 / 人生事件), e.g. 开餐馆, 出生. */
  topics: z.array(text(50)).max(30).default([]),
  hall: ServiceHall.nullish().transform((v) => v ?? null),
  /** 特别程序 that pause the clock, e.g. 专家评审. */
  specialProcedures: z.array(text(100)).max(20).default([]),
  /** The application form; null means the platform's default form (applicant, contact, description). */
  form: ApplicationForm.nullish().transform((v) => v ?? null),
});

/** The editable content of a service item (one version). */
export const ServiceItemInput = ItemFields.superRefine((v, ctx) => {
  if (v.promiseDays > v.legalDays)
    ctx.addIssue({
      code: "custom",
      path: ["promiseDays"],
      message: "承诺时限不能超过法定时限 / The promised limit cannot exceed the legal limit",
    });
  if (v.caseType === "immediate" && v.promiseDays !== 0)
    ctx.addIssue({
      code: "custom",
      path: ["promiseDays"],
      message: "即办件的承诺时限应为 0 / An immediate case has a promised limit of 0",
    });
  if (v.caseType === "promised" && v.promiseDays === 0)
    ctx.addIssue({
      code: "custom",
      path: ["promiseDays"],
      message: "承诺件的承诺时限至少 1 天 / A promised case needs a promised limit of at least 1 day",
    });
  if (v.onlineDepth === 4 && v.maxVisits !== 0)
    ctx.addIssue({
      code: "custom",
      path: ["maxVisits"],
      message: "全程网办（深度四）到现场次数应为 0 / Fully online (depth 4) means 0 visits",
    });
  if (v.coDepts.includes(v.dept) || new Set(v.coDepts).size !== v.coDepts.length)
    ctx.addIssue({
      code: "custom",
      path: ["coDepts"],
      message:
        "联办部门不能重复或与实施部门相同 / Co-handling departments must be distinct from each other and the implementing one",
    });
  const names = v.materials.map((m) => m.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i)
      ctx.addIssue({
        code: "custom",
        path: ["materials", i, "name"],
        message: "材料名称重复 / Duplicate material name",
      });
  });
  for (const issue of stepIssues(v.steps))
    ctx.addIssue({ code: "custom", path: ["steps", ...issue.path], message: issue.message });
});
export type ServiceItemInput = z.infer<typeof ServiceItemInput>;
/** What a client sends (defaults not yet applied). */
export type ServiceItemInputRaw = z.input<typeof ServiceItemInput>;

/** Update body: the full content of the new version; the code comes from the path. */
export const ServiceItemUpdate = ServiceItemInput;

/** The stored content of one version, as responses carry it (plain shapes: no transforms on output). */
const MaterialOut = z.object({
  name: z.string(),
  required: z.boolean(),
  format: MaterialFormat,
  copies: z.number().int(),
  blankForm: z.string().nullable(),
  sample: z.string().nullable(),
  fromLicense: z.string().nullable(),
  licenseHolder: MaterialLicenseHolder.nullable(),
  note: z.string().nullable(),
});
export const ItemContent = z.object({
  code: z.string(),
  basicCode: z.string().nullable(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: ItemKind,
  dept: z.string(),
  coDepts: z.array(z.string()),
  audience: Audience,
  conditions: z.array(z.string()),
  legalDays: z.number().int(),
  promiseDays: z.number().int(),
  timeUnit: TimeUnit,
  caseType: CaseType,
  onlineDepth: z.number().int(),
  maxVisits: z.number().int(),
  realNameLevel: RealNameLevel,
  materials: z.array(MaterialOut),
  fees: z.array(
    z.object({ name: z.string(), amount: z.number(), basis: z.string(), exemption: z.string().optional() }),
  ),
  legalBasis: z.array(z.string()),
  steps: z.array(Step),
  resultName: z.string().nullable(),
  resultLicense: z.string().nullable(),
  faq: z.array(z.object({ question: z.string(), answer: z.string() })),
  topics: z.array(z.string()),
  hall: z.object({ address: z.string(), hours: z.string(), phone: z.string().nullable() }).nullable(),
  specialProcedures: z.array(z.string()),
  form: z.object({ schema: z.record(z.string(), z.unknown()), uiSchema: z.record(z.string(), z.unknown()) }).nullable(),
});
export type ItemContent = z.infer<typeof ItemContent>;

export const ServiceItem = ItemContent.extend({
  version: z.number().int(),
  versionStatus: VersionStatus,
  status: CatalogStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
}).meta({ id: "ServiceItem" });
export type ServiceItem = z.infer<typeof ServiceItem>;

export const ItemVersionSummary = z.object({
  version: z.number().int(),
  status: VersionStatus,
  name: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type ItemVersionSummary = z.infer<typeof ItemVersionSummary>;

export const ItemHistory = z
  .object({
    code: z.string(),
    status: CatalogStatus,
    publishedVersion: z.number().int().nullable(),
    versions: z.array(ItemVersionSummary),
  })
  .meta({ id: "ItemHistory" });
export type ItemHistory = z.infer<typeof ItemHistory>;

/** Admin list row: latest version of each item. */
export const AdminItemRow = z.object({
  code: z.string(),
  name: z.string(),
  kind: ItemKind,
  dept: z.string(),
  audience: Audience,
  status: CatalogStatus,
  publishedVersion: z.number().int().nullable(),
  latestVersion: z.number().int(),
  hasDraft: z.boolean(),
  updatedAt: z.string(),
});
export type AdminItemRow = z.infer<typeof AdminItemRow>;
export const AdminItemList = z.object({ items: z.array(AdminItemRow), total: z.number().int() });
export type AdminItemList = z.infer<typeof AdminItemList>;
export const AdminItemListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: CatalogStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

// ── bundles (一件事) ───────────────────────────────────────────────────────────────────────────────────

const FieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/);
export const BundleFieldMappings = z
  .record(FieldName, z.record(ItemCode, FieldName))
  .refine((m) => Object.keys(m).length <= 50, "最多 50 个字段映射 / At most 50 field mappings");
export type BundleFieldMappings = z.infer<typeof BundleFieldMappings>;

export const BundleStep = z.union([ItemCode, z.object({ parallel: z.array(ItemCode).min(2).max(20) })]);
export type BundleStep = z.infer<typeof BundleStep>;

export const BundleInput = z
  .object({
    code: ItemCode,
    name: text(200),
    nameEn: optionalText(300),
    description: optionalText(2000),
    items: z.array(BundleStep).min(1).max(30),
    topics: z.array(text(50)).max(30).default([]),
    /**
     * 一表申请: form fields of the items joined under one name although their property names differ,
     * { field: { itemCode: property } }; fields of the same name (or x-prefill source) are joined anyway.
     */
    fieldMappings: BundleFieldMappings.default({}),
  })
  .superRefine((v, ctx) => {
    const all = v.items.flatMap((s) => (typeof s === "string" ? [s] : s.parallel));
    if (all.length < 2)
      ctx.addIssue({
        code: "custom",
        path: ["items"],
        message: "一件事至少包含两个事项 / A bundle has at least two items",
      });
    const seen = new Set<string>();
    v.items.forEach((s, i) => {
      const codes = typeof s === "string" ? [s] : s.parallel;
      codes.forEach((c, j) => {
        if (seen.has(c))
          ctx.addIssue({
            code: "custom",
            path: typeof s === "string" ? ["items", i] : ["items", i, "parallel", j],
            message: "同一事项只能出现一次 / An item can appear only once",
          });
        seen.add(c);
      });
    });
  });
export type BundleInput = z.infer<typeof BundleInput>;

export const BundleMember = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  dept: z.string(),
  onlineDepth: z.number().int(),
  promiseDays: z.number().int(),
  timeUnit: TimeUnit,
  status: CatalogStatus,
});
export type BundleMember = z.infer<typeof BundleMember>;

export const Bundle = z
  .object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    description: z.string().nullable(),
    items: z.array(z.union([z.string(), z.object({ parallel: z.array(z.string()) })])),
    topics: z.array(z.string()),
    fieldMappings: z.record(z.string(), z.record(z.string(), z.string())),
    status: CatalogStatus,
    members: z.array(BundleMember),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: "Bundle" });
export type Bundle = z.infer<typeof Bundle>;
export const BundleList = z.object({ items: z.array(Bundle), total: z.number().int() });
export type BundleList = z.infer<typeof BundleList>;
/** Bundles by topic; to find bundles by words use /api/catalog/search (its `bundles`). */
export const BundleListQuery = z.object({
  topic: z.string().trim().max(50).optional(),
});

// ── search ─────────────────────────────────────────────────────────────────────────────────────────────

export const SearchQuery = z.object({
  q: z.string().max(100).optional(),
  audience: Audience.exclude(["any"]).optional(),
  dept: DepartmentKey.optional(),
  topic: z.string().trim().max(50).optional(),
  /** Minimum online depth (网办深度 ≥). */
  onlineDepth: z.coerce.number().int().min(1).max(4).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** [start, end) in UTF-16 code units of the highlighted text. */
export const Span = z.object({ start: z.number().int(), end: z.number().int() });
export type Span = z.infer<typeof Span>;

export const SearchHit = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: ItemKind,
  dept: z.string(),
  audience: Audience,
  onlineDepth: z.number().int(),
  maxVisits: z.number().int(),
  legalDays: z.number().int(),
  promiseDays: z.number().int(),
  timeUnit: TimeUnit,
  caseType: CaseType,
  topics: z.array(z.string()),
  version: z.number().int(),
  /** Where the query matched the name, for highlighting. */
  highlight: z.array(Span),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const BundleHit = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  highlight: z.array(Span),
});
export type BundleHit = z.infer<typeof BundleHit>;

export const SearchResult = z
  .object({
    items: z.array(SearchHit),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** Bundles (一件事) matching the query (first page only). */
    bundles: z.array(BundleHit),
    /** The words the query was understood as, after segmentation and synonym expansion. */
    terms: z.array(z.string()),
    /** When nothing matched: related item names or popular topics to try instead. */
    suggestions: z.array(z.string()),
  })
  .meta({ id: "SearchResult" });
export type SearchResult = z.infer<typeof SearchResult>;

export const Facets = z.object({
  topics: z.array(z.object({ name: z.string(), count: z.number().int() })),
  departments: z.array(z.object({ key: z.string(), count: z.number().int() })),
  audiences: z.array(z.object({ audience: Audience, count: z.number().int() })),
});
export type Facets = z.infer<typeof Facets>;
export const FacetsQuery = z.object({ audience: Audience.exclude(["any"]).optional() });

export const LicenseType = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  issuer: z.string(),
  holder: Audience,
});
export type LicenseType = z.infer<typeof LicenseType>;
export const LicenseTypeList = z.object({ items: z.array(LicenseType) });

// ── Excel import ───────────────────────────────────────────────────────────────────────────────────────

export const CellError = z.object({
  sheet: z.string(),
  /** 1-based worksheet row. */
  row: z.number().int(),
  /** Column letter (A, B, …) and its header. */
  column: z.string(),
  header: z.string(),
  message: z.string(),
  messageEn: z.string(),
});
export type CellError = z.infer<typeof CellError>;

export const ImportQuery = z.object({
  /** all: import nothing unless every row is valid (default); valid: import the valid rows, report the rest. */
  mode: z.enum(["all", "valid"]).default("all"),
  /** Check only, write nothing. */
  dryRun: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

export const ImportReport = z
  .object({
    dryRun: z.boolean(),
    items: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
    bundles: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
    synonyms: z.number().int(),
    skippedItems: z.array(z.string()),
    errors: z.array(CellError),
  })
  .meta({ id: "ImportReport" });
export type ImportReport = z.infer<typeof ImportReport>;

export const StoredFile = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  url: z.string(),
});
export type StoredFile = z.infer<typeof StoredFile>;
