/**
 * A resource's rows as a CSV download (RFC 4180, UTF-8 with a byte-order mark so that Excel opens Chinese text
 * correctly), public columns only — the stored rows hold nothing else. Streamed in pages of PAGE rows by
 * primary-key range, so a 1 M-row resource never sits in memory. Open datasets: anyone; conditional ones: an
 * approved key, checked and audited like a datastore_search call (access.ts).
 */
import { Readable } from "node:stream";
import type { DatasetAccess } from "./access.js";
import type { OpendataDeps } from "./context.js";
import type { StoredField } from "./db.js";
import { OpendataErrors } from "./errors.js";
import type { UsageCounter } from "./usage.js";

const PAGE = 5_000;

/** A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown, type: StoredField["type"]): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (type === "text" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export class ResourceDownload {
  constructor(
    private readonly deps: OpendataDeps,
    private readonly access: DatasetAccess,
    private readonly usage: UsageCounter,
  ) {}

  async open(datasetIdOrName: string, resourceId: string, key: string | null) {
    const found = await this.deps.repo.findResourceWithDataset(resourceId);
    const { dataset, resource } = found ?? {};
    if (!dataset || !resource || (dataset.id !== datasetIdOrName && dataset.name !== datasetIdOrName))
      throw OpendataErrors.OPENDATA_RESOURCE_NOT_FOUND();
    if (dataset.open_level !== "open" && dataset.open_level !== "conditional")
      throw OpendataErrors.OPENDATA_RESOURCE_NOT_FOUND();
    await this.access.check(dataset, key, { action: "download", resourceId });
    this.usage.count(dataset.id, "downloads");
    const repo = this.deps.repo;
    const fields = resource.fields;
    async function* lines() {
      yield `\uFEFF${fields.map((f) => csvCell(f.id, "text")).join(",")}\r\n`;
      for (let after = 0; ; after += PAGE) {
        const rows = await repo.searchRows({
          resourceId,
          filters: [],
          tsquery: null,
          sort: [],
          limit: PAGE,
          offset: after,
        });
        if (rows.length === 0) return;
        yield rows.map((r) => `${fields.map((f) => csvCell(r.data[f.id], f.type)).join(",")}\r\n`).join("");
        if (rows.length < PAGE) return;
      }
    }
    return { fileName: `${dataset.name}-${resource.name}.csv`, stream: Readable.from(lines()) };
  }
}
