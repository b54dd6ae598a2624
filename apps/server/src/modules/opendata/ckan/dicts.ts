/**
 * CKAN's dictionaries (package, resource, organization, tag, group) for our rows, the shape CKAN 2.10
 * answers, so that CKAN clients read them unchanged. Extra keys (open_level) are ignored by clients.
 */
import type { Department } from "@yiwang/contracts";
import { LICENSES } from "../licenses.js";
import type { DatasetRow, ResourceRow } from "../repository.js";

const iso = (d: Date | string) => (typeof d === "string" ? d : d.toISOString());

export function organizationDict(d: Department | undefined, departmentId: string, packageCount?: number) {
  return {
    id: departmentId,
    name: d?.key ?? departmentId,
    title: d?.name ?? departmentId,
    display_name: d?.name ?? departmentId,
    description: d?.nameEn ?? "",
    type: "organization",
    is_organization: true,
    state: "active",
    approval_status: "approved",
    image_url: "",
    created: d ? d.createdAt : null,
    ...(packageCount === undefined ? {} : { package_count: packageCount }),
  };
}

export function resourceDict(r: ResourceRow, publicUrl: string, position: number) {
  return {
    id: r.id,
    package_id: r.dataset_id,
    name: r.name,
    description: r.description,
    format: r.format,
    mimetype: r.format === "CSV" ? "text/csv" : null,
    url: `${publicUrl}/api/3/action/datastore_search?resource_id=${r.id}`,
    url_type: "datastore",
    size: r.size_bytes,
    hash: r.sha256,
    created: iso(r.created_at),
    last_modified: iso(r.updated_at),
    metadata_modified: iso(r.updated_at),
    datastore_active: true,
    state: "active",
    position,
  };
}

export function packageDict(d: DatasetRow, dept: Department | undefined, resources: ResourceRow[], publicUrl: string) {
  const license = LICENSES[d.license_id];
  const extras: { key: string; value: string }[] = [
    { key: "open_level", value: d.open_level },
    { key: "frequency", value: d.frequency },
  ];
  if (d.spatial) extras.push({ key: "spatial_text", value: d.spatial });
  if (d.temporal_start) extras.push({ key: "temporal_start", value: d.temporal_start });
  if (d.temporal_end) extras.push({ key: "temporal_end", value: d.temporal_end });
  return {
    id: d.id,
    name: d.name,
    title: d.title,
    notes: d.description,
    url: `${publicUrl}/opendata/${d.name}`,
    version: String(d.version),
    author: dept?.name ?? null,
    author_email: null,
    maintainer: d.contact_name,
    maintainer_email: d.contact_email,
    license_id: d.license_id,
    license_title: license?.title ?? d.license_id,
    license_url: license?.url ?? null,
    isopen: d.open_level === "open",
    open_level: d.open_level,
    owner_org: d.department_id,
    organization: organizationDict(dept, d.department_id),
    private: false,
    state: "active",
    type: "dataset",
    metadata_created: iso(d.created_at),
    metadata_modified: iso(d.updated_at),
    tags: d.keywords.map((k) => ({ name: k, display_name: k, state: "active", vocabulary_id: null })),
    num_tags: d.keywords.length,
    groups: d.themes.map((t) => ({ name: t, title: t, display_name: t, description: "" })),
    resources: resources.map((r, i) => resourceDict(r, publicUrl, i)),
    num_resources: resources.length,
    extras,
  };
}
