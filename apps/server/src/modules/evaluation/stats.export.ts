/**
 * Statistics as CSV (导出): the same figures the pages show, one row per department / item / channel / staff
 * member / month and a totals row, headed in the reader's language. UTF-8 with a byte-order mark, because
 * Excel — what most offices open it with — reads a BOM-less CSV as the local code page and garbles Chinese.
 */
import { EVALUATION_STATS_DIMENSION_TERMS, type EvaluationFigures } from "@yiwang/contracts";
import { stringify } from "csv-stringify/sync";
import type { FastifyReply } from "fastify";
import { z } from "zod";

/** `?lang=` of the export routes: the language of the header row and the totals label. */
export const ExportLanguage = z.enum(["zh-CN", "en"]).default("zh-CN");

const COLUMNS: readonly { key: keyof EvaluationFigures; zh: string; en: string }[] = [
  { key: "total", zh: "评价数", en: "Reviews" },
  { key: "satisfied", zh: "满意数", en: "Satisfied" },
  { key: "bad", zh: "差评数", en: "Bad reviews" },
  { key: "rectified", zh: "已整改", en: "Rectified" },
  { key: "onTime", zh: "按时整改", en: "Rectified on time" },
  { key: "satisfactionRate", zh: "满意率", en: "Satisfaction rate" },
  { key: "badRate", zh: "差评率", en: "Bad-review rate" },
  { key: "rectificationRate", zh: "整改率", en: "Rectification rate" },
  { key: "onTimeRate", zh: "按时整改率", en: "On-time rate" },
];

/**
 * A label a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe
 * (OWASP's CSV-injection advice): department and staff names come from administrators, not from us.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function statsCsv(
  by: string,
  rows: readonly (EvaluationFigures & { label: string })[],
  totals: EvaluationFigures,
  lang: z.infer<typeof ExportLanguage>,
): string {
  const dimension = EVALUATION_STATS_DIMENSION_TERMS.find((t) => t.code === by);
  const head = [
    lang === "en" ? (dimension?.en ?? by) : (dimension?.zh ?? by),
    ...COLUMNS.map((c) => c[lang === "en" ? "en" : "zh"]),
  ];
  const line = (label: string, f: EvaluationFigures) => [spreadsheetSafe(label), ...COLUMNS.map((c) => f[c.key] ?? "")];
  const body = [...rows.map((r) => line(r.label, r)), line(lang === "en" ? "Total" : "合计", totals)];
  return `\uFEFF${stringify([head, ...body], { record_delimiter: "\r\n" })}`;
}

/** Sends a CSV as a download; the file name is ASCII, so no RFC 5987 form is needed. */
export function sendCsv(reply: FastifyReply, name: string, csv: string) {
  return reply
    .type("text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${name}.csv"`)
    .send(Buffer.from(csv, "utf8"));
}
