/**
 * The CKAN Action API v3 actions the portal answers (read-only). Each takes the action's parameters and
 * returns CKAN's `result`; the route wraps it in `{help, success, result}`. Limits are CKAN's defaults:
 * package_search rows ≤ 1000, datastore_search limit ≤ 32000.
 */

import type { DatasetAccess } from "../access.js";
import { DATASTORE_ROWS_MAX, type OpendataDeps, PACKAGE_ROWS_MAX, TOTAL_ESTIMATION_THRESHOLD } from "../context.js";
import type { StoredField } from "../db.js";
import { naming, OpendataErrors } from "../errors.js";
import {
  DATASET_SORTS,
  type DatasetCondition,
  type DatasetQuery,
  type DatasetSort,
  FACET_COLUMNS,
  type FacetName,
  type RowQuery,
} from "../repository.js";
import { queryText } from "../terms.js";
import type { UsageCounter } from "../usage.js";
import { organizationDict, packageDict, resourceDict } from "./dicts.js";
import { type FqClause, parseFq } from "./fq.js";
import { bool, CONTROL, int, invalid, json, list, type Params, required, str } from "./params.js";

export interface ActionContext {
  params: Params;
  /** The API key the caller presented, if any. */
  key: string | null;
}
type Action = (ctx: ActionContext) => Promise<unknown>;

const CKAN_TYPES: Record<StoredField["type"], string> = {
  text: "text",
  integer: "int",
  number: "numeric",
  date: "date",
  boolean: "bool",
};

export class CkanActions {
  readonly actions: Record<string, Action>;

  constructor(
    private readonly deps: OpendataDeps,
    private readonly access: DatasetAccess,
    private readonly usage?: UsageCounter,
  ) {
    this.actions = {
      site_read: async () => true,
      status_show: async () => ({
        site_title: "一网 公共数据开放",
        site_description: "Yiwang open data portal (CKAN Action API v3 compatible)",
        site_url: this.deps.publicUrl,
        ckan_version: "2.10.4",
        locale_default: "zh_Hans_CN",
        extensions: ["datastore", "dcat"],
      }),
      package_list: (c) => this.packageList(c.params),
      package_search: (c) => this.packageSearch(c.params),
      package_show: (c) => this.packageShow(c.params),
      organization_list: (c) => this.organizationList(c.params),
      organization_show: (c) => this.organizationShow(c.params),
      group_list: (c) => this.groupList(c.params),
      tag_list: async () => this.deps.repo.tags(),
      resource_show: (c) => this.resourceShow(c.params),
      datastore_search: (c) => this.datastoreSearch(c),
    };
  }

  async packageList(p: Params) {
    return this.deps.repo.datasetNames(int(p, "limit", 10_000, 10_000), int(p, "offset", 0));
  }

  async packageSearch(p: Params) {
    const rows = int(p, "rows", 10, PACKAGE_ROWS_MAX);
    const start = int(p, "start", 0);
    const query = await this.#datasetQuery(str(p, "q") ?? "", str(p, "fq") ?? "");
    const sort = parseDatasetSort(str(p, "sort"));
    const facetFields = list(p, "facet.field") ?? [];
    for (const f of facetFields) if (!(f in FACET_COLUMNS)) throw invalid("facet.field", `Unknown facet ${f}`);
    const facetLimit = int(p, "facet.limit", 50, 1000);
    const { repo, publicUrl } = this.deps;
    const [found, directory] = await Promise.all([
      repo.searchDatasets(query, sort, rows, start),
      this.deps.departments(),
    ]);
    const resources = await repo.resourcesOf(found.rows.map((d) => d.id));
    const facets: Record<string, Record<string, number>> = {};
    const searchFacets: Record<
      string,
      { title: string; items: { name: string; display_name: string; count: number }[] }
    > = {};
    // One query per facet, in parallel (the pool has the connections; PGlite serialises them anyway).
    const counted = await Promise.all((facetFields as FacetName[]).map((name) => repo.facet(query, name, facetLimit)));
    for (const [i, name] of (facetFields as FacetName[]).entries()) {
      const counts = counted[i] ?? [];
      const display = (v: string) => (name === "organization" ? (directory.get(v)?.name ?? v) : v);
      const key = (v: string) => (name === "organization" ? (directory.get(v)?.key ?? v) : v);
      facets[name] = Object.fromEntries(counts.map((c) => [key(c.value), c.count]));
      searchFacets[name] = {
        title: name,
        items: counts.map((c) => ({ name: key(c.value), display_name: display(c.value), count: c.count })),
      };
    }
    return {
      count: found.count,
      sort: str(p, "sort") ?? "score desc, metadata_modified desc",
      facets,
      search_facets: searchFacets,
      results: found.rows.map((d) =>
        packageDict(
          d,
          directory.get(d.department_id),
          resources.filter((r) => r.dataset_id === d.id),
          publicUrl,
        ),
      ),
    };
  }

  async packageShow(p: Params) {
    const d = await this.#dataset(required(p, "id"));
    const [resources, directory] = await Promise.all([this.deps.repo.resourcesOf([d.id]), this.deps.departments()]);
    return packageDict(d, directory.get(d.department_id), resources, this.deps.publicUrl);
  }

  async organizationList(p: Params) {
    const [counts, directory] = await Promise.all([this.deps.repo.datasetCounts(), this.deps.departments()]);
    const orgs = [...counts.keys()]
      .map((id) => organizationDict(directory.get(id), id, counts.get(id)))
      .sort((a, b) => a.name.localeCompare(b.name));
    return bool(p, "all_fields", false) ? orgs : orgs.map((o) => o.name);
  }

  async organizationShow(p: Params) {
    const id = required(p, "id");
    const [counts, directory] = await Promise.all([this.deps.repo.datasetCounts(), this.deps.departments()]);
    const dept = directory.get(id) ?? [...directory.values()].find((d) => d.key === id);
    if (!dept) throw OpendataErrors.OPENDATA_ORGANIZATION_NOT_FOUND();
    return organizationDict(dept, dept.id, counts.get(dept.id) ?? 0);
  }

  async groupList(p: Params) {
    const themes = await this.deps.repo.themes();
    return bool(p, "all_fields", false)
      ? themes.map((t) => ({ name: t.theme, title: t.theme, display_name: t.theme, package_count: t.n }))
      : themes.map((t) => t.theme);
  }

  async resourceShow(p: Params) {
    const { resource } = await this.#resource(required(p, "id"));
    return resourceDict(resource, this.deps.publicUrl, 0);
  }

  async datastoreSearch(c: ActionContext) {
    const p = c.params;
    const resourceId = required(p, "resource_id");
    const { resource, dataset } = await this.#resource(resourceId);
    const fields = resource.fields;
    const byId = new Map(fields.map((f) => [f.id, f]));
    const limit = int(p, "limit", 100, DATASTORE_ROWS_MAX);
    const offset = int(p, "offset", 0);
    const format = str(p, "records_format") ?? "objects";
    if (format !== "objects") throw invalid("records_format", "Only objects is supported");

    // Whitelist every column name against the resource's published fields.
    const projection = list(p, "fields");
    for (const f of projection ?? [])
      if (f !== "_id" && !byId.has(f)) throw invalid("fields", `field "${f}" not in table`);
    const filters = parseFilters(json(p, "filters"), byId);
    const q = json(p, "q");
    let tsquery: string | null = null;
    if (typeof q === "string") tsquery = queryText(q);
    else if (q && typeof q === "object" && !Array.isArray(q)) {
      // {field: text}: the words must occur in the row (its lexemes are the row's, not the field's: close enough)
      for (const f of Object.keys(q)) if (!byId.has(f) && f !== "_id") throw invalid("q", `field "${f}" not in table`);
      tsquery = queryText(Object.values(q).map(String).join(" "));
    } else if (q !== undefined && q !== null && q !== "") throw invalid("q", "Must be a string or a dictionary");
    const sort = parseRowSort(p.sort, byId);

    await this.access.check(dataset, c.key, { action: "datastore_search", resourceId });
    this.usage?.count(dataset.id, "api_calls");

    const query: RowQuery = { resourceId, filters, tsquery, sort, limit, offset };
    const rows = await this.deps.repo.searchRows(query);
    const columns = projection?.length ? projection : ["_id", ...fields.map((f) => f.id)];
    const records = rows.map((r) => {
      const all: Record<string, unknown> = { _id: r._id, ...r.data };
      return Object.fromEntries(columns.map((f) => [f, all[f] ?? null]));
    });
    let total: number | undefined;
    let estimated = false;
    if (bool(p, "include_total", true)) {
      const threshold = int(p, "total_estimation_threshold", TOTAL_ESTIMATION_THRESHOLD, TOTAL_ESTIMATION_THRESHOLD);
      if (filters.length === 0 && !tsquery) total = resource.row_count;
      else {
        total = await this.deps.repo.countRows(query, threshold);
        if (total > threshold) {
          total = Math.max(threshold, await this.deps.repo.estimateRows(query));
          estimated = true;
        }
      }
    }
    const base = `/api/3/action/datastore_search?resource_id=${resourceId}`;
    return {
      include_total: total !== undefined,
      resource_id: resourceId,
      fields: [
        { id: "_id", type: "int" },
        ...fields.map((f) => ({ id: f.id, type: CKAN_TYPES[f.type], info: { label: f.label } })),
      ].filter((f) => columns.includes(f.id)),
      records_format: "objects",
      records,
      limit,
      offset,
      ...(filters.length ? { filters: Object.fromEntries(filters) } : {}),
      ...(typeof q === "string" && q ? { q } : {}),
      ...(typeof p.sort === "string" ? { sort: p.sort } : {}),
      ...(total === undefined ? {} : { total, total_was_estimated: estimated }),
      _links: { start: base, next: `${base}&offset=${offset + limit}` },
    };
  }

  async #dataset(idOrName: string) {
    const d = await this.deps.repo.findDataset(idOrName);
    if (!d || d.open_level === "closed") throw OpendataErrors.OPENDATA_DATASET_NOT_FOUND();
    return d;
  }

  async #resource(id: string) {
    const found = await this.deps.repo.findResourceWithDataset(id);
    if (!found || found.dataset.open_level === "closed") throw OpendataErrors.OPENDATA_RESOURCE_NOT_FOUND();
    return found;
  }

  async #datasetQuery(q: string, fq: string): Promise<DatasetQuery> {
    const words =
      q.trim() === "*:*"
        ? []
        : q
            .toLowerCase()
            .split(/\s+/)
            .filter((w) => w && w !== "*:*")
            .slice(0, 10);
    const clauses = parseFq(fq);
    const directory = clauses.some((c) => c.field === "organization") ? await this.deps.departments() : null;
    return { words, conditions: clauses.map((c) => condition(c, directory)).filter((c) => c !== null) };
  }
}

function condition(
  c: FqClause,
  directory: ReadonlyMap<string, { id: string; key: string }> | null,
): DatasetCondition | null {
  switch (c.field) {
    case "organization": {
      const dept = [...(directory?.values() ?? [])].find((d) => d.key === c.value);
      return dept ? { column: "department_id", value: dept.id } : { column: "none" };
    }
    case "owner_org":
      return { column: "department_id", value: c.value };
    case "tags":
      return { column: "keywords", value: c.value };
    case "groups":
      return { column: "themes", value: c.value };
    case "res_format":
      return { column: "formats", value: c.value.toUpperCase() };
    case "license_id":
    case "name":
    case "id":
    case "open_level":
      return { column: c.field, value: c.value };
    case "dataset_type":
    case "type":
      return c.value === "dataset" ? null : { column: "none" };
    case "state":
      return c.value === "active" ? null : { column: "none" };
    case "capacity":
      return c.value === "public" ? null : { column: "none" };
  }
}

function parseDatasetSort(sort: string | undefined): DatasetSort {
  if (!sort) return [{ column: "updated_at", desc: true }];
  const out: DatasetSort = [];
  for (const part of sort.split(",")) {
    const [field, dir = "asc", extra] = part.trim().split(/\s+/);
    if (extra !== undefined || !/^(asc|desc)$/.test(dir)) throw invalid("sort", `Invalid sort ${part}`);
    if (field === "score") continue; // no relevance score here: the secondary order decides
    const column = DATASET_SORTS[field as keyof typeof DATASET_SORTS];
    if (!column) throw invalid("sort", `Cannot sort by ${field}`);
    out.push({ column, desc: dir === "desc" });
  }
  return out.length ? out : [{ column: "updated_at", desc: true }];
}

function parseRowSort(raw: unknown, byId: Map<string, StoredField>): RowQuery["sort"] {
  if (raw === undefined || raw === null || raw === "") return [];
  const parts = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : null;
  if (!parts || parts.length > 5) throw invalid("sort", "Must be a string or a list");
  const out: RowQuery["sort"] = [];
  for (const part of parts) {
    if (typeof part !== "string") throw invalid("sort", "Must be a string");
    const m = /^\s*"?([A-Za-z_][A-Za-z0-9_]*)"?(?:\s+(asc|desc))?\s*$/i.exec(part);
    const field = m?.[1] === "_id" ? "_id" : m ? byId.get(m[1] as string) : undefined;
    if (!m || !field) throw invalid("sort", `field "${part.trim()}" not in table`);
    out.push({ field, desc: (m[2] ?? "asc").toLowerCase() === "desc" });
  }
  // "_id asc" alone is the natural order: keep the keyset path
  return out.length === 1 && out[0]?.field === "_id" && !out[0].desc ? [] : out;
}

/** `filters`: {field: value | [values]}; values are converted to the field's type (CKAN sends text). */
function parseFilters(raw: unknown, byId: Map<string, StoredField>): [string, unknown[]][] {
  if (raw === undefined || raw === null || raw === "") return [];
  if (typeof raw !== "object" || Array.isArray(raw)) throw invalid("filters", "Must be a dictionary");
  const out: [string, unknown[]][] = [];
  for (const [name, value] of Object.entries(raw)) {
    const field = byId.get(name);
    if (!field) throw invalid("filters", `field "${name}" not in table`);
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.length > 100) throw invalid("filters", `Bad values for ${name}`);
    out.push([name, values.map((v) => typed(v, field))]);
  }
  return out;
}

function typed(v: unknown, field: StoredField): unknown {
  const bad = () =>
    naming(OpendataErrors.OPENDATA_INVALID_PARAMETER, "filters", { filters: [`Bad value for ${field.id}`] });
  if (v !== null && typeof v === "object") throw bad();
  if (v === null) return null;
  switch (field.type) {
    case "integer":
    case "number": {
      const n = Number(v);
      if (!Number.isFinite(n) || String(v).trim() === "") throw bad();
      return n;
    }
    case "boolean":
      if (v === true || v === "true") return true;
      if (v === false || v === "false") return false;
      throw bad();
    default:
      // jsonb cannot hold NUL, and no published value holds a control character
      if (CONTROL.test(String(v))) throw bad();
      return String(v);
  }
}
