/**
 * Open311 GeoReport v2 wire format (http://wiki.open311.org/GeoReport_v2): JSON arrays or XML documents with
 * the spec's element names, ISO 8601 times with the zone, and errors as [{code, description}] /
 * <errors><error><code/><description/></error></errors>.
 */
import { XMLBuilder } from "fast-xml-parser";
import { allCategories, type Category, findCategory } from "../categories.js";
import type { RequestRow } from "../repository.js";

export type Format = "json" | "xml";

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false });

/** `name.json` / `name.xml` → [name, format], or null for anything else. */
export function splitFormat(file: string): [string, Format] | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? [m[1] as string, m[2] as Format] : null;
}

/** ISO 8601 with the platform's zone offset (+08:00), as the spec's examples. */
export function iso(d: Date | null, offsetMinutes = 480): string | null {
  if (!d) return null;
  const local = new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export function service(c: Category, group: string) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${c.name} / ${c.nameEn}`,
    metadata: true,
    type: "realtime",
    keywords: c.nameEn,
    group,
  };
}

export function services(groupOf: (code: string) => string) {
  return allCategories().map((c) => service(c, groupOf(c.code)));
}

/** The attributes every service asks for: the district (routing needs it) and the kind of request. */
export function definition(code: string, districts: { code: string; name: string }[]) {
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: "district",
        datatype: "singlevaluelist",
        required: true,
        datatype_description: "所在区 / District",
        order: 1,
        description: "所在区 / District",
        values: districts.map((d) => ({ key: d.code, name: d.name })),
      },
      {
        variable: true,
        code: "kind",
        datatype: "singlevaluelist",
        required: false,
        datatype_description: "诉求类型 / Kind (default: help)",
        order: 2,
        description: "诉求类型 / Kind",
        values: [
          ["consult", "咨询"],
          ["help", "求助"],
          ["complaint", "投诉"],
          ["report", "举报"],
          ["suggestion", "建议"],
          ["praise", "表扬"],
        ].map(([key, name]) => ({ key, name })),
      },
    ],
  };
}

const OPEN = new Set(["dispatching", "assigned", "answered"]);

/** A request as the public sees it: no caller, ever; 保密 requests are not listed at all. */
export function publicRequest(row: RequestRow, agency: string | null) {
  const c = findCategory(row.category_code);
  return {
    service_request_id: row.number,
    status: OPEN.has(row.status) ? "open" : "closed",
    status_notes: row.status === "merged" ? "merged / 已合并" : row.answer,
    service_name: c?.name ?? row.category_code,
    service_code: row.category_code,
    description: row.description,
    agency_responsible: agency,
    service_notice: null,
    requested_datetime: iso(row.created_at),
    updated_datetime: iso(row.updated_at),
    expected_datetime: iso(row.deadline_at),
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: row.lat,
    long: row.long,
    media_url: row.media_url,
  };
}

/** The document in the asked format; `root`/`item` name the XML elements of a list. */
export function render(format: Format, root: string, item: string, items: unknown[]): string {
  if (format === "json") return JSON.stringify(items);
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: { [item]: items.map(forXml) } })}`;
}

export function xmlDocument(doc: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build(forXml(doc))}`;
}

/** XML has no null: an empty element. Lists of values become repeated elements. */
function forXml(v: unknown): unknown {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(forXml);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, forXml(x)]));
  return v;
}

export function errorBody(format: Format, status: number, description: string): string {
  return render(format, "errors", "error", [{ code: status, description }]);
}

export const CONTENT_TYPE: Record<Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};
