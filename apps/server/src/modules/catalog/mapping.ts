import type { ItemContent, SearchHit, ServiceItem, ServiceItemInput } from "@yiwang/contracts";
import type { ItemProjection, ItemRow, VersionRow } from "./repository.js";
import { initials, normalize, tsvectorLiteral } from "./search/segment.js";

/** What catalog_items.hit stores: a search hit without its highlight. */
export type StoredHit = Omit<SearchHit, "highlight">;

/** The searchable projection of one version of an item. */
export function projectItem(c: ServiceItemInput, version: number): ItemProjection {
  const hit: StoredHit = {
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    kind: c.kind,
    dept: c.dept,
    audience: c.audience,
    onlineDepth: c.onlineDepth,
    maxVisits: c.maxVisits,
    legalDays: c.legalDays,
    promiseDays: c.promiseDays,
    timeUnit: c.timeUnit,
    caseType: c.caseType,
    topics: c.topics,
    version,
  };
  return {
    name: c.name,
    name_norm: normalize(c.name),
    kind: c.kind,
    dept: c.dept,
    co_depts: c.coDepts,
    audience: c.audience,
    online_depth: c.onlineDepth,
    topics: c.topics,
    hit: JSON.stringify(hit),
    search: tsvectorLiteral([
      { weight: "A", texts: [c.name, initials(c.name), c.nameEn, c.code, c.basicCode] },
      { weight: "B", texts: [...c.topics, c.resultName] },
      { weight: "C", texts: [...c.conditions, ...c.materials.map((m) => m.name)] },
      { weight: "D", texts: [...c.faq.map((f) => f.question), ...c.specialProcedures] },
    ]),
  };
}

export function toServiceItem(item: Pick<ItemRow, "status">, v: VersionRow): ServiceItem {
  const content = v.content as ItemContent;
  return {
    ...content,
    // Versions saved before forms, veto rules and license holders existed read as the defaults.
    form: content.form ?? null,
    materials: content.materials.map((m) => ({ ...m, licenseHolder: m.licenseHolder ?? null })),
    steps: content.steps.map((s) => ("parallel" in s ? { ...s, onVeto: s.onVeto ?? "deny" } : s)),
    version: v.version,
    versionStatus: v.status as ServiceItem["versionStatus"],
    status: item.status as ServiceItem["status"],
    createdAt: v.created_at.toISOString(),
    updatedAt: v.updated_at.toISOString(),
    publishedAt: v.published_at ? v.published_at.toISOString() : null,
  };
}
