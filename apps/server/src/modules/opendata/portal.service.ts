/**
 * The portal pages' reads (/opendata in the web): dataset search with the four facets the page filters by,
 * and one dataset with its resources and a page of rows. The same repository calls as package_search,
 * package_show and datastore_search (ckan/actions.ts), answered in the platform's own typed shapes. Closed
 * datasets are not found; a conditional dataset shows its metadata but no rows (those need an approved key
 * through the CKAN API).
 */
import type {
  Department,
  OpendataDatasetDetail,
  OpendataDatasetSummary,
  OpendataSearchQuery,
  OpendataSearchResult,
} from "@yiwang/contracts";
import type { OpendataDeps } from "./context.js";
import { OpendataErrors } from "./errors.js";
import { LICENSES } from "./licenses.js";
import type { DatasetCondition, DatasetQuery, DatasetRow, FacetName, ResourceRow } from "./repository.js";
import type { UsageCounter } from "./usage.js";

/** Facet values shown per facet (the page lists them as checkable tags). */
const FACET_LIMIT = 30;
const FACETS: [keyof OpendataSearchResult["facets"], FacetName][] = [
  ["department", "organization"],
  ["theme", "groups"],
  ["format", "res_format"],
  ["openLevel", "open_level"],
];

const iso = (d: Date | string) => (typeof d === "string" ? d : d.toISOString());

export class PortalService {
  constructor(
    private readonly deps: OpendataDeps,
    private readonly usage?: UsageCounter,
  ) {}

  async search(q: OpendataSearchQuery): Promise<OpendataSearchResult> {
    const { repo } = this.deps;
    const directory = await this.deps.departments();
    const conditions: DatasetCondition[] = [];
    if (q.department) {
      const dept = [...directory.values()].find((d) => d.key === q.department);
      conditions.push(dept ? { column: "department_id", value: dept.id } : { column: "none" });
    }
    if (q.theme) conditions.push({ column: "themes", value: q.theme });
    if (q.format) conditions.push({ column: "formats", value: q.format.toUpperCase() });
    if (q.openLevel) conditions.push({ column: "open_level", value: q.openLevel });
    const words = (q.q ?? "")
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w)
      .slice(0, 10);
    const query: DatasetQuery = { words, conditions };
    const [found, ...counted] = await Promise.all([
      repo.searchDatasets(query, [{ column: "updated_at", desc: true }], q.pageSize, (q.page - 1) * q.pageSize),
      ...FACETS.map(([, name]) => repo.facet(query, name, FACET_LIMIT)),
    ]);
    const facets = Object.fromEntries(
      FACETS.map(([key, name], i) => [
        key,
        (counted[i] ?? []).map((c) => {
          const dept = name === "organization" ? directory.get(c.value) : undefined;
          const label = dept?.name ?? c.value;
          return { value: dept?.key ?? c.value, label, labelEn: dept?.nameEn ?? label, count: c.count };
        }),
      ]),
    ) as OpendataSearchResult["facets"];
    return {
      total: found.count,
      page: q.page,
      pageSize: q.pageSize,
      items: found.rows.map((d) => summary(d, directory.get(d.department_id))),
      facets,
    };
  }

  async show(
    idOrName: string,
    page: { resource?: string | undefined; offset: number; limit: number },
  ): Promise<OpendataDatasetDetail> {
    const { repo, publicUrl } = this.deps;
    const d = await repo.findDataset(idOrName);
    if (!d || (d.open_level !== "open" && d.open_level !== "conditional"))
      throw OpendataErrors.OPENDATA_DATASET_NOT_FOUND();
    const [resources, directory] = await Promise.all([repo.resourcesOf([d.id]), this.deps.departments()]);
    const chosen = page.resource ? resources.find((r) => r.id === page.resource) : resources[0];
    if (page.resource && !chosen) throw OpendataErrors.OPENDATA_RESOURCE_NOT_FOUND();
    // A view is the page opened, not each page of rows turned.
    if (page.offset === 0 && !page.resource) this.usage?.count(d.id, "views");
    let preview: OpendataDatasetDetail["preview"] = null;
    if (chosen && d.open_level === "open") {
      const rows = await repo.searchRows({
        resourceId: chosen.id,
        filters: [],
        tsquery: null,
        sort: [],
        limit: page.limit,
        offset: page.offset,
      });
      preview = {
        resourceId: chosen.id,
        offset: page.offset,
        limit: page.limit,
        total: chosen.row_count,
        rows: rows.map((r) => ({ _id: r._id, ...(r.data as Record<string, string | number | boolean | null>) })),
      };
    }
    const api = `${publicUrl}/api/3/action`;
    return {
      ...summary(d, directory.get(d.department_id)),
      licenseId: d.license_id,
      licenseTitle: LICENSES[d.license_id]?.title ?? d.license_id,
      frequency: d.frequency,
      spatial: d.spatial,
      temporalStart: d.temporal_start,
      temporalEnd: d.temporal_end,
      contactName: d.contact_name,
      version: d.version,
      createdAt: iso(d.created_at),
      resources: resources.map((r) => resource(r, api)),
      links: {
        packageShow: `${api}/package_show?id=${encodeURIComponent(d.name)}`,
        dcatTurtle: `${publicUrl}/catalog.ttl`,
        dcatJsonLd: `${publicUrl}/catalog.jsonld`,
      },
      preview,
      applyForAccess: d.open_level === "conditional",
    };
  }
}

function summary(d: DatasetRow, dept: Department | undefined): OpendataDatasetSummary {
  return {
    id: d.id,
    name: d.name,
    title: d.title,
    description: d.description,
    openLevel: d.open_level as "open" | "conditional",
    department: { key: dept?.key ?? "", name: dept?.name ?? "", nameEn: dept?.nameEn ?? "" },
    themes: d.themes,
    keywords: d.keywords,
    formats: d.formats,
    updatedAt: iso(d.updated_at),
  };
}

function resource(r: ResourceRow, api: string) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    format: r.format,
    rowCount: r.row_count,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    updatedAt: iso(r.updated_at),
    fields: r.fields.map((f) => ({ id: f.id, label: f.label, type: f.type })),
    apiUrl: `${api}/datastore_search?resource_id=${r.id}`,
  };
}
