/**
 * Administrative region code (行政区划代码), GB/T 2260: six digits, province (2) + prefecture (2) + county (2).
 *
 * We check the structure and the province-level prefix against GB/T 2260's list. GB/T 2260 assigns no code
 * starting with 9; Yiwang reserves 90–99 for demonstration and test regions (the fictional 示例市 is 990100),
 * so those are accepted only when `allowTestRegions` is true (the default outside production data imports).
 */

export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  "11",
  "12",
  "13",
  "14",
  "15", // 华北
  "21",
  "22",
  "23", // 东北
  "31",
  "32",
  "33",
  "34",
  "35",
  "36",
  "37", // 华东
  "41",
  "42",
  "43",
  "44",
  "45",
  "46", // 中南
  "50",
  "51",
  "52",
  "53",
  "54", // 西南
  "61",
  "62",
  "63",
  "64",
  "65", // 西北
  "71",
  "81",
  "82", // 台湾、香港、澳门
]);

export interface RegionCodeOptions {
  allowTestRegions?: boolean;
}

export function isRegionCode(value: string, options: RegionCodeOptions = {}): boolean {
  const { allowTestRegions = true } = options;
  if (!/^\d{6}$/.test(value)) return false;
  const province = value.slice(0, 2);
  const prefecture = value.slice(2, 4);
  const county = value.slice(4, 6);
  const knownProvince = PROVINCE_CODES.has(province) || (allowTestRegions && province[0] === "9");
  if (!knownProvince) return false;
  // A county-level code always sits under a prefecture-level one (e.g. 110105 under 1101).
  if (prefecture === "00" && county !== "00") return false;
  return true;
}

/** Province, prefecture and county codes that contain a region, from the widest to the region itself. */
export function regionAncestors(value: string): string[] {
  const out = [`${value.slice(0, 2)}0000`];
  if (value.slice(2, 4) !== "00") out.push(`${value.slice(0, 4)}00`);
  if (value.slice(4, 6) !== "00") out.push(value);
  return out;
}
