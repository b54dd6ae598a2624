/**
 * 公共数据开放 (opendata) contracts for the platform's own routes (publishing, applications, keys). The CKAN
 * Action API (`/api/3/action/*`) speaks CKAN's dictionaries, not these; docs/modules/opendata.md has both.
 * Open levels follow GB/T 38664 and Shanghai's 《公共数据开放暂行办法》: 无条件开放 (open), 有条件开放
 * (conditional: an application, approved with an agreement), 不予开放 (closed: not in the portal).
 */
import { z } from "zod";
import { isoDate, isoInstant, uuid } from "./common.js";

export const OPEN_LEVELS = ["open", "conditional", "closed"] as const;
export const OpenLevel = z.enum(OPEN_LEVELS);
export type OpenLevel = z.infer<typeof OpenLevel>;

/** Column types of a dataset's schema (CKAN datastore types: text, int, numeric, date, bool). */
export const OpendataFieldType = z.enum(["text", "integer", "number", "date", "boolean"]);
export type OpendataFieldType = z.infer<typeof OpendataFieldType>;

export const OpendataField = z.object({
  /** The CSV header and the datastore column name. */
  id: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, { message: "字段名只能含字母、数字和下划线 / Letters, digits and _ only" }),
  label: z.string().min(1).max(100),
  type: OpendataFieldType,
  /**
   * Whether the column leaves the platform. A column that is not public is dropped at publication; one whose
   * values look like ID or mobile numbers must be marked public explicitly (the publisher's statement that
   * they are public information) or the file is refused.
   */
  public: z.boolean(),
});
export type OpendataField = z.infer<typeof OpendataField>;

const Slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{1,99}$/, {
  message: "标识只能含小写字母、数字、- 和 _ / Lower-case letters, digits, - and _",
});

export const CreateDatasetRequest = z.object({
  name: Slug,
  title: z.string().min(1).max(200),
  description: z.string().min(1).max(4000),
  openLevel: OpenLevel,
  themes: z.array(z.string().min(1).max(50)).max(10),
  keywords: z.array(z.string().min(1).max(50)).max(20),
  licenseId: z.enum(["cc-by-4.0", "cc0-1.0", "odc-by", "other-open"]),
  frequency: z.enum(["daily", "weekly", "monthly", "quarterly", "annual", "irregular"]),
  spatial: z.string().max(200).nullish(),
  temporalStart: isoDate.nullish(),
  temporalEnd: isoDate.nullish(),
  contactName: z.string().min(1).max(100),
  contactEmail: z.email(),
});
export type CreateDatasetRequest = z.infer<typeof CreateDatasetRequest>;

export const OpendataDataset = z
  .object({
    id: uuid,
    name: z.string(),
    title: z.string(),
    openLevel: OpenLevel,
    departmentId: uuid,
    version: z.number().int(),
    createdAt: isoInstant,
  })
  .meta({ id: "OpendataDataset" });
export type OpendataDataset = z.infer<typeof OpendataDataset>;

/** A CSV upload: the columns declared, then the file's text (UTF-8, header row first). */
export const PublishResourceRequest = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(""),
  fields: z.array(OpendataField).min(1).max(100),
  csv: z.string().min(1),
});
export type PublishResourceRequest = z.infer<typeof PublishResourceRequest>;

export const OpendataResource = z
  .object({
    id: uuid,
    datasetId: uuid,
    name: z.string(),
    format: z.string(),
    rowCount: z.number().int(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    /** The columns that were published (the public ones). */
    fields: z.array(z.string()),
  })
  .meta({ id: "OpendataResource" });

export const APPLICATION_STATUSES = ["pending", "approved", "refused", "revoked"] as const;
export const OpendataApplicationStatus = z.enum(APPLICATION_STATUSES);

export const ApplyRequest = z.object({
  purpose: z.string().min(1).max(1000),
  scenario: z.string().min(1).max(1000),
});
export type ApplyRequest = z.infer<typeof ApplyRequest>;

export const DecideApplicationRequest = z.object({
  approve: z.boolean(),
  /** The agreement signed with the applicant (its reference), required to approve. */
  agreement: z.string().min(1).max(500).optional(),
  validUntil: isoDate.optional(),
  reason: z.string().max(500).optional(),
});
export type DecideApplicationRequest = z.infer<typeof DecideApplicationRequest>;

export const RevokeApplicationRequest = z.object({ reason: z.string().min(1).max(500) });

export const OpendataApplication = z
  .object({
    id: uuid,
    datasetId: uuid,
    datasetName: z.string(),
    status: OpendataApplicationStatus,
    purpose: z.string(),
    scenario: z.string(),
    agreement: z.string().nullable(),
    validUntil: z.string().nullable(),
    /** The first characters of the current key (to recognise it), never the key. */
    keyPrefix: z.string().nullable(),
    createdAt: isoInstant,
    decidedAt: isoInstant.nullable(),
  })
  .meta({ id: "OpendataApplication" });
export type OpendataApplication = z.infer<typeof OpendataApplication>;

export const OpendataApplicationList = z.object({ items: z.array(OpendataApplication) });

/** A new API key, shown once. */
export const OpendataApiKey = z.object({ key: z.string(), keyPrefix: z.string(), validUntil: z.string() });
export type OpendataApiKey = z.infer<typeof OpendataApiKey>;

// ── Portal pages (/opendata): typed reads for the web, beside the CKAN API (which is not in /openapi.json) ──

/** Query text without control characters (they never occur in published metadata or rows). */
const PortalText = (max: number) =>
  z
    .string()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]*$/, { message: "不能含控制字符 / Control characters are not allowed" });

/** What is published of an open level (不予开放 never leaves the platform). */
export const PublishedOpenLevel = z.enum(["open", "conditional"]);

export const OpendataSearchQuery = z.object({
  /** Words, each must occur in the name, title, description, keywords or themes. */
  q: PortalText(100).optional(),
  /** Department key (amr, hrss, …). */
  department: z
    .string()
    .regex(/^[a-z0-9_-]{1,50}$/)
    .optional(),
  theme: PortalText(50).optional(),
  format: z
    .string()
    .regex(/^[A-Za-z0-9]{1,20}$/)
    .optional(),
  openLevel: PublishedOpenLevel.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
export type OpendataSearchQuery = z.infer<typeof OpendataSearchQuery>;

export const OpendataFacetItem = z.object({
  value: z.string(),
  label: z.string(),
  /** The English label where one is held (departments), else the label. */
  labelEn: z.string(),
  count: z.number().int(),
});

export const OpendataDatasetSummary = z
  .object({
    id: uuid,
    name: z.string(),
    title: z.string(),
    description: z.string(),
    openLevel: PublishedOpenLevel,
    department: z.object({ key: z.string(), name: z.string(), nameEn: z.string() }),
    themes: z.array(z.string()),
    keywords: z.array(z.string()),
    formats: z.array(z.string()),
    updatedAt: isoInstant,
  })
  .meta({ id: "OpendataDatasetSummary" });
export type OpendataDatasetSummary = z.infer<typeof OpendataDatasetSummary>;

export const OpendataSearchResult = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(OpendataDatasetSummary),
  facets: z.object({
    department: z.array(OpendataFacetItem),
    theme: z.array(OpendataFacetItem),
    format: z.array(OpendataFacetItem),
    openLevel: z.array(OpendataFacetItem),
  }),
});
export type OpendataSearchResult = z.infer<typeof OpendataSearchResult>;

export const OpendataDatasetQuery = z.object({
  /** Which resource's rows to preview (default: the first). */
  resource: uuid.optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const OpendataPortalResource = z.object({
  id: uuid,
  name: z.string(),
  description: z.string(),
  format: z.string(),
  rowCount: z.number().int(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  updatedAt: isoInstant,
  fields: z.array(z.object({ id: z.string(), label: z.string(), type: OpendataFieldType })),
  /** The CKAN datastore_search URL of the resource. */
  apiUrl: z.string(),
});

export const OpendataDatasetDetail = OpendataDatasetSummary.extend({
  licenseId: z.string(),
  licenseTitle: z.string(),
  frequency: z.string(),
  spatial: z.string().nullable(),
  temporalStart: z.string().nullable(),
  temporalEnd: z.string().nullable(),
  contactName: z.string(),
  version: z.number().int(),
  createdAt: isoInstant,
  resources: z.array(OpendataPortalResource),
  /** CKAN package_show URL and the DCAT catalogue. */
  links: z.object({ packageShow: z.string(), dcatTurtle: z.string(), dcatJsonLd: z.string() }),
  /**
   * A page of the previewed resource's rows: for an open dataset the rows; for a conditional one null, with
   * `applyForAccess` true (rows are read with an approved key only).
   */
  preview: z
    .object({
      resourceId: uuid,
      offset: z.number().int(),
      limit: z.number().int(),
      total: z.number().int(),
      rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
    })
    .nullable(),
  applyForAccess: z.boolean(),
}).meta({ id: "OpendataDatasetDetail" });
export type OpendataDatasetDetail = z.infer<typeof OpendataDatasetDetail>;

/** Usage of one dataset over a period (portal views, CSV downloads, CKAN datastore calls). */
export const OpendataUsage = z.object({
  views: z.number().int(),
  downloads: z.number().int(),
  apiCalls: z.number().int(),
});
export type OpendataUsage = z.infer<typeof OpendataUsage>;

/**
 * Statistics and openness indicators (公共数据开放统计): the supply (datasets, resources, rows, departments,
 * open levels, machine-readable and timely-updated shares) and the use (views, downloads, API calls, approved
 * applications) over the last `days` days, with the most used datasets. Shares are 0..1 (null: nothing to
 * divide by). The indicator set follows the dimensions of GB/T 38664-3 (数据数量、数据质量、开放程度、利用).
 */
export const OpendataStats = z
  .object({
    days: z.number().int(),
    supply: z.object({
      datasets: z.number().int(),
      open: z.number().int(),
      conditional: z.number().int(),
      resources: z.number().int(),
      rows: z.number().int(),
      publishingDepartments: z.number().int(),
      departments: z.number().int(),
    }),
    indicators: z.object({
      /** Datasets anyone may read, of all published. */
      unconditionalShare: z.number().nullable(),
      /** Resources in a machine-readable open format (CSV, JSON, XLSX, API). */
      machineReadableShare: z.number().nullable(),
      /** Datasets updated within their declared frequency (irregular ones count as timely). */
      timelyShare: z.number().nullable(),
      /** Departments publishing at least one dataset, of all departments. */
      departmentCoverage: z.number().nullable(),
    }),
    use: OpendataUsage.extend({ approvedApplications: z.number().int() }),
    top: z.array(OpendataUsage.extend({ id: uuid, name: z.string(), title: z.string(), department: z.string() })),
  })
  .meta({ id: "OpendataStats" });
export type OpendataStats = z.infer<typeof OpendataStats>;

export const OpendataStatsQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });
