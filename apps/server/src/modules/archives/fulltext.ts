/**
 * Full text of a package for catalogue search (利用: "metadata + full text where present"). At archiving
 * (and on transfer receipt) the text of the package is extracted — the form data of data/case.json, the
 * other JSON files' string values are not (history and audit are about the case, not its content), and
 * the text of every PDF — and stored as a tsvector literal segmented with the catalog module's jieba
 * analyser (the one the platform's search uses), so a query word meets its dictionary sub-words too.
 *
 * PDF text comes from poppler's `pdftotext` where it is installed (like ClamAV for virus scanning): a
 * faithful text layer extractor (CID fonts, ToUnicode maps) is more than pdf-lib offers, and the server
 * carries no pdf.js. Where it is missing, PDFs contribute nothing and the metadata and form data still do.
 */
import { spawnSync } from "node:child_process";
import { queryWords, quoteLexeme, subWords, tsvectorLiteral } from "../catalog/index.js";

/** Text beyond this per package is not indexed (a tsvector holds at most 1 MB; names and forms are short). */
const MAX_TEXT = 100_000;
const PDFTOTEXT_TIMEOUT_MS = 10_000;

let pdftotextAvailable: boolean | undefined;
function hasPdftotext(): boolean {
  pdftotextAvailable ??= spawnSync("pdftotext", ["-v"], { stdio: "ignore" }).error === undefined;
  return pdftotextAvailable;
}

/** The text layer of a PDF, or "" (no pdftotext here, or it could not read the file). */
export function pdfText(pdf: Buffer): string {
  if (!hasPdftotext()) return "";
  const r = spawnSync("pdftotext", ["-q", "-enc", "UTF-8", "-", "-"], {
    input: pdf,
    timeout: PDFTOTEXT_TIMEOUT_MS,
    maxBuffer: 8 * 1024 * 1024,
    stdio: ["pipe", "pipe", "ignore"],
  });
  return r.status === 0 ? r.stdout.toString("utf8") : "";
}

function strings(value: unknown, out: string[]) {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "number") out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
}

/** Form data (data/case.json `form`) and PDF text of a bag's payload files (paths relative to data/). */
export function extractText(files: Iterable<readonly [string, Buffer]>): string {
  const parts: string[] = [];
  for (const [path, bytes] of files) {
    if (path === "case.json") {
      try {
        strings((JSON.parse(bytes.toString("utf8")) as { form?: unknown }).form, parts);
      } catch {
        // Not JSON: US-02 reports it; nothing to index.
      }
    } else if (bytes.subarray(0, 5).toString("latin1") === "%PDF-") parts.push(pdfText(bytes));
  }
  return parts.join("\n").slice(0, MAX_TEXT);
}

/** The package's tsvector literal: catalogued metadata (A) above its full text (C). */
export function searchVector(metadata: readonly (string | null | undefined)[], fullText: string): string {
  return tsvectorLiteral([
    { weight: "A", texts: [...metadata] },
    { weight: "C", texts: [fullText] },
  ]);
}

/**
 * The tsquery text of a search box query: every word must match, a word matching as itself or as all of
 * its dictionary sub-words (as the catalog's search does); null when the query has no searchable word.
 */
export function searchQuery(q: string): string | null {
  const words = queryWords(q);
  if (!words.length) return null;
  return words
    .map((w) => {
      const subs = subWords(w);
      return subs.length > 1 ? `( ${quoteLexeme(w)} | ( ${subs.map(quoteLexeme).join(" & ")} ) )` : quoteLexeme(w);
    })
    .join(" & ");
}
