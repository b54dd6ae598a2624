/**
 * The category tree (诉求分类, GB/T 39666-style codes), the districts and the city's bounding box, kept as seed
 * data in `data/categories.json`. Each leaf carries its time limit and its owning department per district
 * (department keys; "default" for the districts not named) — the routing rule category × district → department.
 */
import data from "./data/categories.json" with { type: "json" };
import { HotlineErrors } from "./errors.js";

export interface Limit {
  unit: "hours" | "days";
  value: number;
}
export interface Category {
  code: string;
  name: string;
  nameEn: string;
  limit: Limit;
  owners: Record<string, string>;
}

/** Danger to life or property (urgent) is answered within 2 working hours, whatever the category. */
export const URGENT_LIMIT: Limit = { unit: "hours", value: 2 };

const LEAVES = new Map<string, Category>();
for (const g of data.groups) for (const c of g.children) LEAVES.set(c.code, c as Category);
const DISTRICTS = new Map(data.districts.map((d) => [d.code, d]));

export const BOUNDS = data.bounds;

export function categoryTree() {
  return {
    groups: data.groups.map((g) => ({
      code: g.code,
      name: g.name,
      nameEn: g.nameEn,
      children: g.children.map((c) => ({ code: c.code, name: c.name, nameEn: c.nameEn, limit: c.limit as Limit })),
    })),
    districts: data.districts,
    bounds: data.bounds,
  };
}

export function allCategories(): Category[] {
  return [...LEAVES.values()];
}

/** A leaf category, or undefined (the code of a class or an unknown one). */
export function findCategory(code: string): Category | undefined {
  return LEAVES.get(code);
}

export function category(code: string): Category {
  const c = LEAVES.get(code);
  if (!c) throw HotlineErrors.HOTLINE_UNKNOWN_CATEGORY({ categoryCode: code });
  return c;
}

export function assertDistrict(code: string): void {
  if (!DISTRICTS.has(code)) throw HotlineErrors.HOTLINE_UNKNOWN_DISTRICT({ districtCode: code });
}

/** The key of the department that owns a category in a district. */
export function ownerKey(c: Category, districtCode: string): string {
  return c.owners[districtCode] ?? c.owners.default ?? "";
}

export function insideCity(lat: number, long: number): boolean {
  return lat >= BOUNDS.south && lat <= BOUNDS.north && long >= BOUNDS.west && long <= BOUNDS.east;
}

export function limitFor(c: Category, urgent: boolean): Limit {
  return urgent ? URGENT_LIMIT : c.limit;
}
