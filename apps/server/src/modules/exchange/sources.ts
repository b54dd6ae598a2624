import { type ExchangeField, type ExchangeSource, maskIdNumber, maskName } from "@yiwang/contracts";
import type { HostedRegistry } from "../registry/index.js";

export type ExchangeRecord = Record<string, string | null>;

/** A platform-hosted dataset a resource is served from: its fields, its key, and how to read it. */
export interface HostedSource {
  keyField: string;
  fields: readonly ExchangeField[];
  lookup(key: string): Promise<ExchangeRecord[]>;
  list(limit: number, offset: number): Promise<ExchangeRecord[]>;
}

const f = (
  name: string,
  type: ExchangeField["type"],
  sensitivity: ExchangeField["sensitivity"],
  description: string,
): ExchangeField => ({ name, type, sensitivity, description });

export const POPULATION_FIELDS: readonly ExchangeField[] = [
  f("idNumber", "string", "sensitive", "公民身份号码"),
  f("name", "string", "sensitive", "姓名"),
  f("gender", "code", "internal", "性别（male/female）"),
  f("birthDate", "date", "internal", "出生日期"),
  f("regionCode", "code", "public", "户籍地行政区划代码"),
];

export const BUSINESS_FIELDS: readonly ExchangeField[] = [
  f("uscc", "string", "public", "统一社会信用代码"),
  f("name", "string", "public", "企业名称"),
  f("legalRepName", "string", "sensitive", "法定代表人姓名"),
  f("legalRepIdNumber", "string", "sensitive", "法定代表人身份号码"),
  f("status", "code", "public", "登记状态（active/revoked/cancelled）"),
  f("registeredOn", "date", "public", "成立日期"),
];

/** The platform-hosted sources (the rest, `provider.http`, is proxied: proxy-source.ts). */
export type HostedSourceName = Exclude<ExchangeSource, "provider.http">;

export function hostedSources(registry: HostedRegistry): Record<HostedSourceName, HostedSource> {
  return {
    "registry.population": {
      keyField: "idNumber",
      fields: POPULATION_FIELDS,
      async lookup(key) {
        const p = await registry.person(key);
        return p ? [{ ...p, birthDate: p.birthDate ?? null, regionCode: p.regionCode ?? null }] : [];
      },
      async list(limit, offset) {
        return (await registry.people(limit, offset)).map((p) => ({
          ...p,
          birthDate: p.birthDate ?? null,
          regionCode: p.regionCode ?? null,
        }));
      },
    },
    "registry.business": {
      keyField: "uscc",
      fields: BUSINESS_FIELDS,
      async lookup(key) {
        const b = await registry.businessRecord(key.trim().toUpperCase());
        return b ? [{ ...b }] : [];
      },
      async list(limit, offset) {
        return (await registry.businesses(limit, offset)).map((b) => ({ ...b }));
      },
    },
  };
}

/** The display mask of a sensitive value: ID-number-like fields keep their ends, names their last character. */
export function maskValue(field: string, value: string | null): string | null {
  if (value === null) return null;
  if (/idnumber$/i.test(field)) return maskIdNumber(value);
  if (/name$/i.test(field)) return maskName(value);
  return "*".repeat(Math.min(value.length, 8));
}

/**
 * What a consumer receives: only the granted fields, in the catalog's order; a sensitive field masked
 * unless the approval grants it in clear.
 */
export function project(
  record: ExchangeRecord,
  fields: readonly ExchangeField[],
  granted: readonly string[],
  clear: readonly string[],
): ExchangeRecord {
  const out: ExchangeRecord = {};
  for (const field of fields) {
    if (!granted.includes(field.name)) continue;
    const value = record[field.name] ?? null;
    out[field.name] =
      field.sensitivity === "sensitive" && !clear.includes(field.name) ? maskValue(field.name, value) : value;
  }
  return out;
}
