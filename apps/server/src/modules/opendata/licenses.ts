/** The licences a dataset may carry (CKAN license_id → title and URL; the URL is DCAT's dct:license). */
export const LICENSES: Record<string, { title: string; url: string }> = {
  "cc-by-4.0": { title: "Creative Commons Attribution 4.0", url: "https://creativecommons.org/licenses/by/4.0/" },
  "cc0-1.0": { title: "Creative Commons CCZero 1.0", url: "https://creativecommons.org/publicdomain/zero/1.0/" },
  "odc-by": { title: "Open Data Commons Attribution License", url: "https://opendatacommons.org/licenses/by/1-0/" },
  "other-open": { title: "Other (Open) 其他开放许可", url: "https://opendefinition.org/licenses/" },
};

/** EU frequency vocabulary (DCAT-AP dct:accrualPeriodicity). */
export const FREQUENCIES: Record<string, string> = {
  daily: "DAILY",
  weekly: "WEEKLY",
  monthly: "MONTHLY",
  quarterly: "QUARTERLY",
  annual: "ANNUAL",
  irregular: "IRREG",
};

/** EU access-right vocabulary (DCAT-AP dct:accessRights) for the open levels. */
export const ACCESS_RIGHTS: Record<string, string> = {
  open: "PUBLIC",
  conditional: "RESTRICTED",
  closed: "NON_PUBLIC",
};
