import type { TimeUnit } from "@yiwang/contracts";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { departmentName } from "../../shared/departmentName";
import { useDepartments } from "../../shared/queries";
import { useLicenseTypes } from "./queries";

/** Department key → display name in the current language (the key itself until the list has loaded). */
export function useDeptName() {
  const { i18n } = useTranslation();
  const departments = useDepartments({ limit: 500, offset: 0 });
  const byKey = new Map((departments.data?.items ?? []).map((d) => [d.key, d]));
  return (key: string) => {
    const d = byKey.get(key);
    return d ? departmentName(d, i18n.resolvedLanguage) : key;
  };
}

export function useLicenseName() {
  const { i18n } = useTranslation();
  const types = useLicenseTypes();
  const byCode = new Map((types.data?.items ?? []).map((l) => [l.code, l]));
  return (code: string) => {
    const l = byCode.get(code);
    if (!l) return code;
    return i18n.resolvedLanguage === "en" && l.nameEn ? l.nameEn : l.name;
  };
}

/** "5 个工作日" / "当场办结". */
export function limitText(t: TFunction, days: number, unit: TimeUnit): string {
  if (days === 0) return t("catalog.onTheSpot");
  return unit === "natural_day" ? t("catalog.naturalDays", { count: days }) : t("catalog.days", { count: days });
}

export function visitsText(t: TFunction, visits: number): string {
  return visits === 0 ? t("catalog.zeroVisits") : t("catalog.visitsN", { count: visits });
}

export function itemName(item: { name: string; nameEn: string | null }, lang: string | undefined): string {
  return lang === "en" && item.nameEn ? item.nameEn : item.name;
}
