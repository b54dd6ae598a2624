/**
 * Chinese text analysis for catalog search, done in Node so that PostgreSQL only stores and matches
 * lexemes (no zhparser/pg_jieba, which PGlite cannot load).
 *
 * Segmentation: @node-rs/jieba in search mode (`cutForSearch`), which yields whole words and their
 * dictionary sub-words (建设工程规划许可证核发 → 建设 工程 建设工程 规划 许可 许可证 核发), so a query for
 * any part of a long name still meets a lexeme. Measured on this machine (see README, 搜索): about
 * 0.07 ms per item (≈300 characters) and 1.5 µs per query, against 0.21 ms / 6.4 µs for Intl.Segmenter,
 * which also splits 公积金 into 公|积|金. The dictionary loads once per process (≈150 ms), lazily.
 *
 * Pinyin initials of names (食品经营许可 → spjyxk) are indexed too, so a query typed as initials
 * finds the item by prefix.
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { pinyin } from "pinyin-pro";

let jieba: Jieba | undefined;
function seg(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Words that carry no meaning on their own in a query or a name. */
const STOP = new Set(
  (
    "的 与 和 及 或 等 在 了 之 其 对 为 由 并 办 我 要 想 去 个 一个 我要 我想 想要 请问 怎么 怎么办 如何 怎样 哪里 在哪 哪儿 " +
    "什么 需要 可以 吗 呢 啊 办理 手续"
  ).split(" "),
);

const WORD = /^[\p{Script=Han}\p{L}\p{N}]+$/u;

/** NFKC (full-width → half-width), lower case, collapsed white space. */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

function keep(token: string): boolean {
  return WORD.test(token) && !STOP.has(token);
}

/** All lexemes of a text for the index: whole words and their sub-words. */
export function indexTokens(text: string): string[] {
  return seg().cutForSearch(normalize(text), true).filter(keep);
}

/** The words of a query (precise mode: each word once). */
export function queryWords(text: string): string[] {
  return seg().cut(normalize(text), true).filter(keep);
}

/** Dictionary sub-words of a word (公积金 → 公积 积金 公积金), without the word itself. */
export function subWords(word: string): string[] {
  return seg()
    .cutForSearch(word, true)
    .filter((t) => keep(t) && t !== word);
}

/** Pinyin initials of the Han characters of a text, e.g. 食品经营许可（新办） → spjyxkxb. */
export function initials(text: string): string {
  const han = [...text].filter((c) => /\p{Script=Han}/u.test(c)).join("");
  if (!han) return "";
  return pinyin(han, { pattern: "first", toneType: "none", type: "array" }).join("").toLowerCase();
}

export type Weight = "A" | "B" | "C" | "D";

/** Escapes a lexeme for a tsvector/tsquery literal: quoted, with ' and \ doubled/escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * A tsvector literal ('词':1A,5 '其他':2B …) from weighted texts. Building the literal ourselves (rather
 * than to_tsvector) keeps the lexemes exactly as segmented, independent of the server's parser and
 * locale, so PGlite and PostgreSQL index identically. Positions give ts_rank the weights.
 */
export function tsvectorLiteral(parts: { weight: Weight; texts: (string | null | undefined)[] }[]): string {
  const positions = new Map<string, string[]>();
  let pos = 1;
  for (const part of parts) {
    for (const t of part.texts) {
      if (!t) continue;
      for (const token of indexTokens(t)) {
        const list = positions.get(token) ?? [];
        if (list.length < 8) list.push(`${Math.min(pos, 16383)}${part.weight}`);
        positions.set(token, list);
        pos++;
      }
    }
  }
  return [...positions].map(([lexeme, ps]) => `${quoteLexeme(lexeme)}:${ps.join(",")}`).join(" ");
}

/** [start, end) spans where any of the terms occurs in the text, merged; longer terms win. */
export function highlightSpans(text: string, terms: string[]): { start: number; end: number }[] {
  const lower = text.normalize("NFKC").toLowerCase();
  // NFKC can change lengths (rare in names: full-width forms map 1:1); fall back to no highlight then.
  if (lower.length !== text.length) return [];
  const spans: [number, number][] = [];
  for (const term of terms) {
    if (!term) continue;
    let from = 0;
    for (;;) {
      const at = lower.indexOf(term, from);
      if (at < 0) break;
      spans.push([at, at + term.length]);
      from = at + term.length;
    }
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: { start: number; end: number }[] = [];
  for (const [s, e] of spans) {
    const last = merged[merged.length - 1];
    if (last && s <= last.end) last.end = Math.max(last.end, e);
    else merged.push({ start: s, end: e });
  }
  return merged;
}
