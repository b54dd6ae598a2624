/**
 * Importing existing licenses (存量证照) from CSV by an authorised issuer (`license.issue` in the type's
 * issuing department). Header row: 持证主体名称, 证件号码 (ID number or USCC), optional 有效期起 and 有效期至
 * (YYYY-MM-DD), then one column per license field, by its label or key. Every row is checked first;
 * a file with any bad row imports nothing and answers each bad row and column. Otherwise all rows are
 * issued (with their renditions) in one transaction.
 */
import type { LicenseImportResult } from "@yiwang/contracts";
import { isIdNumber, isUscc, normalizeIdNumber, normalizeUscc } from "@yiwang/contracts";
import { parse } from "csv-parse/sync";
import { assertCan } from "../../platform/auth/guard.js";
import type { Principal } from "../../platform/auth/permissions.js";
import type { LicenseDeps } from "./context.js";
import { LicenseErrors } from "./errors.js";
import type { HolderInput, LicenseIssuance } from "./issuance.service.js";
import { fieldsOf } from "./mapping.js";

export const IMPORT_MAX_ROWS = 500;
const COLUMNS = { name: "持证主体名称", code: "证件号码", from: "有效期起", until: "有效期至" } as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type RowError = LicenseImportResult["errors"][number];

export class LicenseImport {
  constructor(
    private readonly deps: LicenseDeps,
    private readonly issuance: LicenseIssuance,
  ) {}

  async importCsv(p: Principal, typeCode: string, csv: string): Promise<LicenseImportResult> {
    const type = await this.deps.repo.type(typeCode);
    if (!type) throw LicenseErrors.LICENSE_TYPE_NOT_FOUND({ code: typeCode });
    const department = await this.deps.departments.getByKey(type.issuer);
    assertCan(p, "license.issue", department.id);

    let records: string[][];
    try {
      records = parse(csv.replace(/^\uFEFF/, ""), { skip_empty_lines: true, trim: true, relax_column_count: true });
    } catch (err) {
      throw LicenseErrors.LICENSE_IMPORT_INVALID({
        errors: [{ row: 0, column: null, code: "CSV_MALFORMED", message: String((err as Error).message) }],
      });
    }
    const [header, ...rows] = records;
    if (!header || rows.length === 0) throw LicenseErrors.LICENSE_IMPORT_EMPTY();
    const errors: RowError[] = [];
    const col = (name: string) => header.indexOf(name);
    for (const required of [COLUMNS.name, COLUMNS.code])
      if (col(required) < 0)
        errors.push({
          row: 1,
          column: required,
          code: "COLUMN_MISSING",
          message: `缺少列 ${required} / Missing column`,
        });
    if (rows.length > IMPORT_MAX_ROWS)
      errors.push({
        row: 0,
        column: null,
        code: "TOO_MANY_ROWS",
        message: `最多 ${IMPORT_MAX_ROWS} 行 / At most ${IMPORT_MAX_ROWS} rows`,
      });
    if (errors.length) throw LicenseErrors.LICENSE_IMPORT_INVALID({ errors });

    const fieldColumns = fieldsOf(type).map((f) => ({ key: f.key, index: Math.max(col(f.label), col(f.key)) }));
    const parsed: { holder: HolderInput; fields: Record<string, string>; from?: string; until?: string | null }[] = [];
    rows.forEach((cells, i) => {
      const row = i + 2; // 1-based, after the header
      const cell = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? "").trim() : "");
      const bad = (column: string, code: string, message: string) => errors.push({ row, column, code, message });
      const name = cell(COLUMNS.name);
      const code = cell(COLUMNS.code);
      if (!name || name.length > 100)
        bad(COLUMNS.name, "NAME_INVALID", "持证主体名称为空或过长 / Holder name empty or too long");
      let holder: HolderInput | null = null;
      if (type.holder !== "natural_person" && isUscc(normalizeUscc(code)))
        holder = { kind: "enterprise", name, uscc: normalizeUscc(code), enterpriseId: null };
      else if (type.holder !== "legal_person" && isIdNumber(normalizeIdNumber(code)))
        holder = { kind: "person", name, idNumber: normalizeIdNumber(code), accountId: null };
      else bad(COLUMNS.code, "CODE_INVALID", "证件号码无效或与证照持有人类型不符 / Invalid code for this license type");
      const from = cell(COLUMNS.from);
      const until = cell(COLUMNS.until);
      if (from && !validDate(from))
        bad(COLUMNS.from, "DATE_INVALID", "日期格式应为 YYYY-MM-DD / Date must be YYYY-MM-DD");
      if (until && !validDate(until))
        bad(COLUMNS.until, "DATE_INVALID", "日期格式应为 YYYY-MM-DD / Date must be YYYY-MM-DD");
      if (from && until && validDate(from) && validDate(until) && until < from)
        bad(COLUMNS.until, "DATE_ORDER", "有效期至早于有效期起 / Valid-until before valid-from");
      const fields = Object.fromEntries(
        fieldColumns.filter((f) => f.index >= 0).map((f) => [f.key, (cells[f.index] ?? "").trim().slice(0, 500)]),
      );
      if (holder && name) parsed.push({ holder, fields, from: from || undefined, until: until || undefined });
    });
    if (errors.length) throw LicenseErrors.LICENSE_IMPORT_INVALID({ errors });

    const issuedBy = `${p.kind}:${p.id}`;
    const identifiers = await this.deps.db.transaction().execute(async (trx) => {
      const out: string[] = [];
      for (const r of parsed) {
        const row = await this.issuance.issue(trx, {
          type,
          departmentId: department.id,
          holder: r.holder,
          fields: r.fields,
          validFrom: r.from,
          validUntil: r.until,
          source: "import",
          caseId: null,
          issuedBy,
          onBehalfOf: issuedBy,
        });
        out.push(row.identifier);
      }
      return out;
    });
    return { imported: identifiers.length, identifiers, errors: [] };
  }
}

function validDate(s: string): boolean {
  return (
    DATE.test(s) &&
    !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
    new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
  );
}
