import type { Department } from "./contracts";

/** English names exist for most but not all departments; fall back to the legal Chinese name. */
export function departmentName(d: Pick<Department, "name" | "nameEn">, lang: string | undefined): string {
  return lang === "en" && d.nameEn ? d.nameEn : d.name;
}
