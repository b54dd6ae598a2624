import fs from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import ts from "typescript";
import type { DB } from "../platform/db/schema.js";

/**
 * Compares the hand-written Kysely table types (each module's `db.ts`, merged into `DB` in
 * `platform/db/schema.ts`) with the tables the migrations actually create.
 *
 * Database side: `information_schema.columns` (name, type, nullability, default/identity/generated).
 * TypeScript side: the compiler API reads the merged `DB` interface; for each column it takes the select
 * type (`ColumnType<S, I, U>` → S), whether `null` is part of it, and whether inserting may omit it
 * (`Generated<T>`: I includes `undefined`).
 *
 * Rules: the same tables and columns; compatible types (text/varchar/uuid/date/tsvector → string,
 * int/bigint/real → number, boolean, timestamptz → Date, bytea → Buffer/Uint8Array, arrays of those,
 * json/jsonb → anything); nullable in the database ↔ `| null`; `Generated<>` on a NOT NULL column only
 * where the database has a default (else an insert that omits it fails), and always on identity, serial and
 * generated columns. A plain default without `Generated<>` is allowed: the column is then required on
 * insert on purpose (times from the platform clock rather than now(), values the code always writes).
 * Views are compared by column names and types only (PostgreSQL reports every view column nullable).
 */

export interface DbColumn {
  table: string;
  column: string;
  kind: string;
  nullable: boolean;
  hasDefault: boolean;
  /** identity, serial or GENERATED ALWAYS: the database assigns it. */
  assigned: boolean;
  isView: boolean;
}

export interface TsColumn {
  table: string;
  column: string;
  kinds: string[];
  nullable: boolean;
  insertOptional: boolean;
}

/** Tables the migrations create that are deliberately not typed for Kysely. */
export const UNTYPED_TABLES = ["schema_migrations"];

const SRC = path.resolve(import.meta.dirname, "..");

function dbKind(dataType: string, udt: string): string {
  if (dataType === "ARRAY") return `array:${dbKind(udt.replace(/^_/, ""), udt.replace(/^_/, ""))}`;
  switch (dataType) {
    case "text":
    case "character varying":
    case "varchar":
    case "character":
    case "bpchar":
    case "uuid":
    case "date":
    case "tsvector":
    case "inet":
    case "citext":
    case "interval":
    case "numeric": // node-postgres and PGlite return numeric as a string
      return "string";
    case "smallint":
    case "integer":
    case "bigint":
    case "int2":
    case "int4":
    case "int8":
    case "real":
    case "double precision":
    case "float4":
    case "float8":
    case "oid":
      return "number"; // int8 is parsed as a number on both drivers (platform/db/database.ts)
    case "boolean":
    case "bool":
      return "boolean";
    case "timestamp with time zone":
    case "timestamp without time zone":
    case "timestamptz":
    case "timestamp":
      return "Date";
    case "bytea":
      return "bytes";
    case "json":
    case "jsonb":
      return "json";
    case "USER-DEFINED":
      return "string"; // enums
    default:
      return `unmapped:${dataType}`;
  }
}

export async function readDatabaseColumns(db: Kysely<DB>): Promise<DbColumn[]> {
  const { rows } = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
    is_generated: string;
    table_type: string;
  }>`
    select c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.column_default,
           c.is_identity, c.is_generated, t.table_type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema()
     order by c.table_name, c.ordinal_position`.execute(db);
  return rows.map((r) => ({
    table: r.table_name,
    column: r.column_name,
    kind: dbKind(r.data_type, r.udt_name),
    nullable: r.is_nullable === "YES",
    hasDefault: r.column_default !== null || r.is_identity === "YES" || r.is_generated === "ALWAYS",
    assigned: r.is_identity === "YES" || r.is_generated === "ALWAYS" || /^nextval\(/.test(r.column_default ?? ""),
    isView: r.table_type === "VIEW",
  }));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

/** The files that merge tables into `DB` (`interface DB {` inside `declare module`), plus schema.ts. */
export function schemaFiles(): string[] {
  return sourceFiles(SRC).filter((f) => /\binterface DB\s*\{/.test(fs.readFileSync(f, "utf8")));
}

/**
 * Reads the merged `DB` interface with the TypeScript compiler. `extraSources` (file name → text) are
 * added to the program, so a test can merge a synthetic table or column into `DB`.
 */
export function readTypeScriptColumns(extraSources: Record<string, string> = {}): TsColumn[] {
  const config = ts.readConfigFile(path.resolve(SRC, "../tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.resolve(SRC, ".."));
  const options = { ...parsed.options, noEmit: true, skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const extra = new Map(Object.entries(extraSources).map(([name, text]) => [path.resolve(SRC, name), text]));
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => extra.get(path.resolve(f)) ?? readFile(f);
  host.fileExists = (
    (exists) => (f: string) =>
      extra.has(path.resolve(f)) || exists(f)
  )(host.fileExists.bind(host));
  host.getSourceFile = (f, lang, onError, create) => {
    const text = extra.get(path.resolve(f));
    return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, onError, create);
  };
  const schemaPath = path.join(SRC, "platform/db/schema.ts");
  const program = ts.createProgram([...schemaFiles(), ...extra.keys()], options, host);
  const checker = program.getTypeChecker();
  const schema = program.getSourceFile(schemaPath);
  if (!schema) throw new Error("platform/db/schema.ts not in the program");
  const dbDecl = schema.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "DB",
  );
  if (!dbDecl) throw new Error("no interface DB in platform/db/schema.ts");
  const dbType = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(dbDecl.name) as ts.Symbol);

  const members = (t: ts.Type): ts.Type[] => (t.isUnion() ? t.types : [t]);
  const isNull = (t: ts.Type) => (t.flags & ts.TypeFlags.Null) !== 0;
  const isUndefined = (t: ts.Type) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0;
  const propType = (t: ts.Type, name: string, at: ts.Node) => {
    const p = t.getProperty(name);
    return p ? checker.getTypeOfSymbolAtLocation(p, at) : undefined;
  };
  const kindOf = (t: ts.Type, at: ts.Node): string => {
    const f = t.flags;
    if (f & (ts.TypeFlags.StringLike | ts.TypeFlags.TemplateLiteral)) return "string";
    if (f & ts.TypeFlags.NumberLike) return "number";
    if (f & ts.TypeFlags.BooleanLike) return "boolean";
    if (f & ts.TypeFlags.BigIntLike) return "bigint";
    if (checker.isArrayType(t)) {
      const [element] = checker.getTypeArguments(t as ts.TypeReference);
      return `array:${element ? kindOf(element, at) : "json"}`;
    }
    const name = (t.aliasSymbol ?? t.getSymbol())?.getName();
    if (name === "Date") return "Date";
    if (name === "Buffer" || name === "Uint8Array") return "bytes";
    return "json";
  };

  const out: TsColumn[] = [];
  for (const tableSymbol of dbType.getProperties()) {
    const at = tableSymbol.declarations?.[0] ?? dbDecl;
    const tableType = checker.getTypeOfSymbolAtLocation(tableSymbol, at);
    for (const columnSymbol of tableType.getProperties()) {
      const cAt = columnSymbol.declarations?.[0] ?? at;
      const declared = checker.getTypeOfSymbolAtLocation(columnSymbol, cAt);
      const optional = (columnSymbol.flags & ts.SymbolFlags.Optional) !== 0;
      let nullable = false;
      let insertOptional = optional;
      const kinds = new Set<string>();
      for (const m of members(declared)) {
        if (isNull(m)) {
          nullable = true;
          continue;
        }
        if (isUndefined(m)) continue;
        const select = propType(m, "__select__", cAt);
        const insert = propType(m, "__insert__", cAt);
        if (insert && (members(insert).some(isUndefined) || insert.flags & ts.TypeFlags.Never)) insertOptional = true;
        for (const s of members(select ?? m)) {
          if (isNull(s)) nullable = true;
          else if (!isUndefined(s)) kinds.add(kindOf(s, cAt));
        }
      }
      // boolean is the union true | false: one kind.
      out.push({
        table: tableSymbol.getName(),
        column: columnSymbol.getName(),
        kinds: [...kinds],
        nullable,
        insertOptional,
      });
    }
  }
  return out;
}

/** Every difference between the database and the types, as readable lines (empty = in step). */
export function compareSchemas(dbColumns: DbColumn[], tsColumns: TsColumn[]): string[] {
  const problems: string[] = [];
  const key = (t: string, c: string) => `${t}.${c}`;
  const dbTables = new Set(dbColumns.map((c) => c.table));
  const tsTables = new Set(tsColumns.map((c) => c.table));
  for (const t of dbTables)
    if (!tsTables.has(t) && !UNTYPED_TABLES.includes(t)) problems.push(`${t}: table not declared in any db.ts`);
  for (const t of tsTables) if (!dbTables.has(t)) problems.push(`${t}: declared in db.ts, not in the database`);
  const tsByKey = new Map(tsColumns.map((c) => [key(c.table, c.column), c]));
  const dbByKey = new Map(dbColumns.map((c) => [key(c.table, c.column), c]));
  for (const d of dbColumns) {
    if (!tsTables.has(d.table)) continue;
    const t = tsByKey.get(key(d.table, d.column));
    const where = key(d.table, d.column);
    if (!t) {
      problems.push(`${where}: column missing in db.ts (${d.kind}${d.nullable ? " | null" : ""})`);
      continue;
    }
    if (d.kind !== "json" && (t.kinds.length !== 1 || t.kinds[0] !== d.kind))
      problems.push(`${where}: database ${d.kind}, db.ts ${t.kinds.join(" | ") || "never"}`);
    if (d.isView) continue;
    if (d.nullable && !t.nullable) problems.push(`${where}: nullable in the database, db.ts lacks | null`);
    if (!d.nullable && t.nullable) problems.push(`${where}: NOT NULL in the database, db.ts has | null`);
    if (d.assigned && !t.insertOptional)
      problems.push(`${where}: the database assigns it (identity/serial/generated), db.ts lacks Generated<>`);
    if (!d.nullable && !d.hasDefault && t.insertOptional)
      problems.push(`${where}: Generated<> in db.ts, but the database has no default (an insert without it fails)`);
  }
  for (const t of tsColumns)
    if (dbTables.has(t.table) && !dbByKey.has(key(t.table, t.column)))
      problems.push(`${key(t.table, t.column)}: declared in db.ts, not in the database`);
  return problems;
}
