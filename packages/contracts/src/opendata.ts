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
