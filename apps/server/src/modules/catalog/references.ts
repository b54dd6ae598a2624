import type { BundleInput, ServiceItemInput } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { DepartmentRepository } from "../org/index.js";

/** A problem with one field, by its path in the item (or bundle) content. */
export interface RefIssue {
  path: (string | number)[];
  message: string;
  messageEn: string;
}

/** What items and bundles may refer to: department keys (org module) and license types. */
export interface References {
  departments: ReadonlySet<string>;
  licenseTypes: ReadonlySet<string>;
  /** Each license type's field keys (for `license:<type>.<field>` prefill sources). */
  licenseFields: ReadonlyMap<string, ReadonlySet<string>>;
}

export async function loadReferences(db: Kysely<DB>): Promise<References> {
  const departments = new Set<string>();
  const repo = new DepartmentRepository(db);
  for (let offset = 0; ; offset += 500) {
    const { rows, total } = await repo.list({ limit: 500, offset });
    for (const r of rows) departments.add(r.key);
    if (offset + 500 >= total) break;
  }
  const lt = await db.selectFrom("catalog_license_types").select(["code", "fields"]).execute();
  const keys = (fields: unknown) =>
    new Set(Array.isArray(fields) ? fields.map((f) => String((f as { key?: unknown })?.key)) : []);
  return {
    departments,
    licenseTypes: new Set(lt.map((r) => r.code)),
    licenseFields: new Map(lt.map((r) => [r.code, keys(r.fields)])),
  };
}

const noDept = (key: string) => ({
  message: `部门 ${key} 不存在`,
  messageEn: `Department ${key} does not exist`,
});

/** Departments and license types an item names that do not exist. */
export function itemReferenceIssues(item: ServiceItemInput, refs: References): RefIssue[] {
  const issues: RefIssue[] = [];
  if (!refs.departments.has(item.dept)) issues.push({ path: ["dept"], ...noDept(item.dept) });
  item.coDepts.forEach((d, i) => {
    if (!refs.departments.has(d)) issues.push({ path: ["coDepts", i], ...noDept(d) });
  });
  item.steps.forEach((s, i) => {
    const branches =
      "parallel" in s
        ? s.parallel.map((b, j) => [b, ["steps", i, "parallel", j, "dept"]] as const)
        : [[s, ["steps", i, "dept"]] as const];
    for (const [b, path] of branches)
      if (!refs.departments.has(b.dept)) issues.push({ path: [...path], ...noDept(b.dept) });
  });
  item.materials.forEach((m, i) => {
    if (m.fromLicense && !refs.licenseTypes.has(m.fromLicense))
      issues.push({
        path: ["materials", i, "fromLicense"],
        message: `证照类型 ${m.fromLicense} 不存在`,
        messageEn: `License type ${m.fromLicense} does not exist`,
      });
  });
  if (item.resultLicense && !refs.licenseTypes.has(item.resultLicense))
    issues.push({
      path: ["resultLicense"],
      message: `证照类型 ${item.resultLicense} 不存在`,
      messageEn: `License type ${item.resultLicense} does not exist`,
    });
  return issues;
}

/** Item codes a bundle names that are not in `known`. */
export function bundleReferenceIssues(bundle: BundleInput, known: (code: string) => boolean): RefIssue[] {
  const issues: RefIssue[] = [];
  bundle.items.forEach((s, i) => {
    const codes =
      typeof s === "string"
        ? [[s, ["items", i]] as const]
        : s.parallel.map((c, j) => [c, ["items", i, "parallel", j]] as const);
    for (const [c, path] of codes)
      if (!known(c))
        issues.push({ path: [...path], message: `事项 ${c} 不存在`, messageEn: `Service item ${c} does not exist` });
  });
  return issues;
}

/** The issues as the VALIDATION-style details of an API error. */
export function issuesDetails(issues: RefIssue[], prefix = "body") {
  return {
    issues: issues.map((i) => ({ path: [prefix, ...i.path].join("."), message: `${i.message} / ${i.messageEn}` })),
  };
}
