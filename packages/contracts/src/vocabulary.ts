/**
 * Closed vocabularies (事项类型, 服务对象, …) as tables: each term's code (what the API, the database and
 * the seed data carry), its zh-CN and en labels (what people read), and the catalog workbook's spelling
 * when that differs from the zh-CN label. The server's zod enums, the workbook reader and writer, and the
 * web dictionaries and select options all read these tables, so a label cannot drift between them.
 */
export interface Term<C extends string | number = string | number> {
  readonly code: C;
  readonly zh: string;
  readonly en: string;
  /** The word the workbook writes and reads, when it is not `zh`. */
  readonly workbook?: string;
}

export type Vocabulary = readonly [Term, ...Term[]];
export type CodeOf<T extends Vocabulary> = T[number]["code"];
/** Dictionary keys are strings, also for numeric codes (网办深度 1–4). */
export type KeyOf<T extends Vocabulary> = `${CodeOf<T>}`;
/** The text fields of a table's terms (zh, en, and any extra label a table carries). */
export type LabelField<T extends Vocabulary> = {
  [K in keyof T[number]]-?: T[number][K] extends string ? (K extends "code" ? never : K) : never;
}[keyof T[number]];

/** The codes in table order: a tuple z.enum accepts. */
export function codesOf<const T extends Vocabulary>(table: T): [CodeOf<T>, ...CodeOf<T>[]] {
  return table.map((t) => t.code) as [CodeOf<T>, ...CodeOf<T>[]];
}

/** code → label, e.g. for an i18n dictionary: `labelsOf(AUDIENCES, "zh")`. */
export function labelsOf<const T extends Vocabulary, F extends LabelField<T>>(
  table: T,
  field: F,
): Record<KeyOf<T>, string> {
  return Object.fromEntries(
    table.map((t) => [String(t.code), (t as unknown as Record<string, string>)[field as string]]),
  ) as Record<KeyOf<T>, string>;
}

/** code → the workbook's word (its own spelling, else the zh-CN label). */
export function workbookLabelsOf<const T extends Vocabulary>(table: T): Record<CodeOf<T>, string> {
  return Object.fromEntries(table.map((t) => [t.code, t.workbook ?? t.zh])) as Record<CodeOf<T>, string>;
}
