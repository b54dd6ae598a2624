/**
 * Publishing by the department's staff (opendata.publish, own department): a dataset's metadata, then CSV
 * resources checked by quality.ts before any transaction opens — a refused file changes nothing. A
 * publication is one transaction: the resource, its rows, the dataset's version and formats, the audit entry.
 */
import { createHash } from "node:crypto";
import type { CreateDatasetRequest, OpendataDataset, PublishResourceRequest } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { can, type Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import type { OpendataDeps } from "./context.js";
import type { StoredField } from "./db.js";
import { OpendataErrors } from "./errors.js";
import { checkCsv } from "./quality.js";
import type { DatasetRow } from "./repository.js";
import { rowLexemes } from "./terms.js";

export function searchText(d: Pick<CreateDatasetRequest, "name" | "title" | "description" | "keywords" | "themes">) {
  return [d.name, d.title, d.description, ...d.keywords, ...d.themes].join(" ").toLowerCase();
}

function toDataset(d: DatasetRow): OpendataDataset {
  return {
    id: d.id,
    name: d.name,
    title: d.title,
    openLevel: d.open_level as OpendataDataset["openLevel"],
    departmentId: d.department_id,
    version: d.version,
    createdAt: d.created_at.toISOString(),
  };
}

/** Writes a checked table as a resource of the dataset, in the caller's transaction (seed and bench too). */
export async function writeResource(
  trx: Kysely<DB>,
  deps: Pick<OpendataDeps, "repo">,
  input: {
    dataset: Pick<DatasetRow, "id">;
    name: string;
    description: string;
    fields: StoredField[];
    rows: Record<string, unknown>[];
    bytes: Buffer;
    now: Date;
  },
) {
  const resource = await deps.repo.insertResource(trx, {
    dataset_id: input.dataset.id,
    name: input.name,
    description: input.description,
    format: "CSV",
    fields: JSON.stringify(input.fields),
    row_count: input.rows.length,
    size_bytes: input.bytes.length,
    sha256: createHash("sha256").update(input.bytes).digest("hex"),
    created_at: input.now,
    updated_at: input.now,
  });
  await deps.repo.insertRows(
    trx,
    input.rows.map((row, i) => ({
      resource_id: resource.id,
      row_no: i + 1,
      data: JSON.stringify(row),
      search: rowLexemes(Object.values(row)),
    })),
  );
  await deps.repo.touchDataset(trx, input.dataset.id, "CSV", input.now);
  return resource;
}

export class PublishService {
  constructor(private readonly deps: OpendataDeps) {}

  async createDataset(principal: Principal, req: CreateDatasetRequest): Promise<OpendataDataset> {
    const departmentId = principal.departmentId;
    if (!departmentId || !can(principal, "opendata.publish", departmentId)) throw PlatformErrors.FORBIDDEN();
    const { db, repo, audit, clock } = this.deps;
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      if (await repo.nameTaken(req.name, trx)) throw OpendataErrors.OPENDATA_DATASET_NAME_TAKEN();
      const row = await repo.insertDataset(trx, {
        name: req.name,
        title: req.title,
        description: req.description,
        department_id: departmentId,
        open_level: req.openLevel,
        themes: req.themes,
        keywords: req.keywords,
        license_id: req.licenseId,
        frequency: req.frequency,
        spatial: req.spatial ?? null,
        temporal_start: req.temporalStart ?? null,
        temporal_end: req.temporalEnd ?? null,
        contact_name: req.contactName,
        contact_email: req.contactEmail,
        search_text: searchText(req),
        created_at: now,
        updated_at: now,
      });
      await audit.append(
        {
          type: "opendata.dataset.created",
          actor: `staff:${principal.id}`,
          subject: `opendata-dataset:${row.id}`,
          payload: { name: row.name, openLevel: row.open_level },
          time: now,
        },
        trx,
      );
      return toDataset(row as DatasetRow);
    });
  }

  async publishCsv(principal: Principal, datasetId: string, req: PublishResourceRequest) {
    const { db, repo, audit, clock } = this.deps;
    const dataset = await repo.findDataset(datasetId);
    if (!dataset) throw OpendataErrors.OPENDATA_DATASET_NOT_FOUND();
    if (!can(principal, "opendata.publish", dataset.department_id)) throw PlatformErrors.FORBIDDEN();
    const table = checkCsv(req.csv, req.fields);
    const now = clock.now();
    const resource = await db.transaction().execute(async (trx) => {
      const r = await writeResource(trx, this.deps, {
        dataset,
        name: req.name,
        description: req.description,
        fields: table.fields,
        rows: table.rows,
        bytes: Buffer.from(req.csv, "utf8"),
        now,
      });
      await audit.append(
        {
          type: "opendata.resource.published",
          actor: `staff:${principal.id}`,
          subject: `opendata-dataset:${dataset.id}`,
          payload: { resourceId: r.id, rows: r.row_count, sha256: r.sha256, fields: table.fields.map((f) => f.id) },
          time: now,
        },
        trx,
      );
      return r;
    });
    return {
      id: resource.id,
      datasetId: dataset.id,
      name: resource.name,
      format: resource.format,
      rowCount: resource.row_count,
      sizeBytes: resource.size_bytes,
      sha256: resource.sha256,
      fields: table.fields.map((f) => f.id),
    };
  }
}
