/**
 * Data-quality checks of a CSV upload against the declared columns, and personal-data detection. Pure: the
 * publish service calls it before opening a transaction, so a refused file changes nothing.
 *  - the header must hold exactly the declared columns (any order; a missing or unexpected one is named);
 *  - every cell must fit its column's type (empty = null), the first offending cell named by row and column;
 *  - a column holding a citizen ID number or a mobile number in any cell must be marked public (the
 *    publisher's statement that it is public information, e.g. a service hotline), else the file is refused
 *    naming the column. Columns not marked public are then dropped: only public columns leave the platform.
 */
import { isIdNumber, isMobile, type OpendataField } from "@yiwang/contracts";
import { parse } from "csv-parse/sync";
import type { StoredField } from "./db.js";
import { naming, OpendataErrors } from "./errors.js";

export interface CheckedTable {
  fields: StoredField[];
  rows: Record<string, string | number | boolean | null>[];
}

/** 18-character ID numbers and 11-digit mobile numbers, also inside longer text ("联系人 13800000000"). */
const ID_CANDIDATE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_CANDIDATE = /(?<!\d)1\d{10}(?!\d)/g;

export function looksPersonal(value: string): "id_number" | "mobile" | null {
  for (const m of value.matchAll(ID_CANDIDATE)) if (isIdNumber(m[0].toUpperCase())) return "id_number";
  for (const m of value.matchAll(MOBILE_CANDIDATE)) if (isMobile(m[0])) return "mobile";
  return null;
}

type Cell = string | number | boolean | null;
function convert(raw: string, type: OpendataField["type"]): Cell | undefined {
  const s = raw.trim();
  if (s === "") return null;
  switch (type) {
    case "text":
      return raw;
    case "integer":
      return /^-?\d{1,15}$/.test(s) ? Number(s) : undefined;
    case "number": {
      const n = Number(s);
      return /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) && Number.isFinite(n) ? n : undefined;
    }
    case "date": {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : undefined;
    }
    case "boolean":
      return /^(true|1|是)$/i.test(s) ? true : /^(false|0|否)$/i.test(s) ? false : undefined;
  }
}

export function checkCsv(csv: string, declared: readonly OpendataField[]): CheckedTable {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ""), { relax_column_count: false, skip_empty_lines: true });
  } catch (err) {
    throw OpendataErrors.OPENDATA_CSV_INVALID({ reason: (err as Error).message.slice(0, 200) });
  }
  const [header, ...body] = records;
  if (!header) throw OpendataErrors.OPENDATA_CSV_INVALID({ reason: "empty file" });
  const names = header.map((h) => h.trim());
  const ids = new Set(declared.map((f) => f.id));
  const unexpected = names.find((n) => !ids.has(n));
  if (unexpected !== undefined)
    throw naming(OpendataErrors.OPENDATA_CSV_HEADER_MISMATCH, unexpected, {
      problem: "unexpected",
      column: unexpected,
    });
  const missing = declared.find((f) => !names.includes(f.id));
  if (missing)
    throw naming(OpendataErrors.OPENDATA_CSV_HEADER_MISMATCH, missing.id, { problem: "missing", column: missing.id });
  if (new Set(names).size !== names.length) throw OpendataErrors.OPENDATA_CSV_HEADER_MISMATCH({ problem: "duplicate" });

  const byName = new Map(declared.map((f) => [f.id, f]));
  const columns = names.map((n) => byName.get(n) as OpendataField);
  // Personal data first: a refusal names the column whatever else is wrong with the file.
  for (const [i, field] of columns.entries()) {
    if (field.public) continue;
    for (const record of body) {
      const kind = looksPersonal(record[i] ?? "");
      if (kind)
        throw naming(OpendataErrors.OPENDATA_PERSONAL_DATA, field.id, { column: field.id, kind, label: field.label });
    }
  }
  const rows = body.map((record, r) => {
    const row: Record<string, Cell> = {};
    for (const [i, field] of columns.entries()) {
      if (!field.public) continue;
      const value = convert(record[i] ?? "", field.type);
      if (value === undefined)
        throw naming(OpendataErrors.OPENDATA_CSV_TYPE_ERROR, `${field.id} (row ${r + 2})`, {
          column: field.id,
          row: r + 2,
          type: field.type,
        });
      row[field.id] = value;
    }
    return row;
  });
  const fields = declared.filter((f) => f.public).map(({ id, label, type }) => ({ id, label, type }));
  return { fields, rows };
}
