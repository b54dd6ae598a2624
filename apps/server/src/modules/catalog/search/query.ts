/**
 * Turns a search box query into a PostgreSQL tsquery (as text, bound as a parameter and cast) plus the
 * terms to highlight. Pure: the synonyms come in as a map.
 *
 *   每个词 w of the query (jieba precise mode) must match (AND), where w matches if
 *     the lexeme w is there, or all its dictionary sub-words are, or any synonym phrase of w is
 *     (a phrase matches when all its words do);
 *   a synonym of the whole query (开餐馆 → 食品经营许可) is an alternative to the whole AND.
 *   Latin-letter words match by prefix: English names, and pinyin initials (spjy → 食品经营许可).
 */
import { normalize, queryWords, quoteLexeme, subWords } from "./segment.js";

export interface AnalyzedQuery {
  /** Normalised query text (NFKC, lower case). */
  text: string;
  /** tsquery text requiring every word; null when the query has no searchable word. */
  all: string | null;
  /** The same restricted to the name (weight A), and to the name or topics (A, B): cheap ranking tiers. */
  inName: string | null;
  inNameOrTopics: string | null;
  /** tsquery text matching any word (for suggestions when `all` finds nothing). */
  any: string | null;
  /** Synonym phrases of the query or its words (ranked above other matches when a name contains one). */
  phrases: string[];
  /** Words to show as "understood as" and to highlight, longest first. */
  terms: string[];
}

const LATIN = /^[a-z0-9]+$/;

/** Weight labels a lexeme must carry (tsquery `'word':AB`); "" for any. */
type Weights = "" | "A" | "AB";

/**
 * Segmentation results for one query. The three tsqueries (all, in name, in name or topics) spell the same
 * words with different weights, so each word and phrase is cut once, not three times.
 */
class Cuts {
  readonly #subs = new Map<string, string[]>();
  readonly #words = new Map<string, string[]>();
  subWords(word: string): string[] {
    return Cuts.#once(this.#subs, word, subWords);
  }
  queryWords(phrase: string): string[] {
    return Cuts.#once(this.#words, phrase, queryWords);
  }
  static #once(memo: Map<string, string[]>, text: string, cut: (t: string) => string[]): string[] {
    const known = memo.get(text);
    if (known) return known;
    const cuts = cut(text);
    memo.set(text, cuts);
    return cuts;
  }
}

function wordExpr(cuts: Cuts, word: string, w: Weights = ""): string {
  if (LATIN.test(word)) return `${quoteLexeme(word)}:*${w}`;
  const subs = cuts.subWords(word);
  const q = (x: string) => (w ? `${quoteLexeme(x)}:${w}` : quoteLexeme(x));
  return subs.length > 1 ? `( ${q(word)} | ( ${subs.map(q).join(" & ")} ) )` : q(word);
}

function phraseExpr(cuts: Cuts, phrase: string, w: Weights = ""): string | null {
  const words = cuts.queryWords(phrase);
  if (words.length === 0) return null;
  return `( ${words.map((x) => wordExpr(cuts, x, w)).join(" & ")} )`;
}

export function analyzeQuery(raw: string, synonyms: ReadonlyMap<string, readonly string[]>): AnalyzedQuery {
  const text = normalize(raw);
  const cuts = new Cuts();
  const words = cuts.queryWords(text);
  const phrases = new Set<string>();
  const terms = new Set<string>(words);

  // The whole query, or its words without stop words (我要开公司 → 开公司), may itself be a synonym term.
  const core = words.join("");
  const whole = words.length === 1 ? [] : (synonyms.get(text) ?? synonyms.get(core) ?? []);
  for (const p of whole) phrases.add(normalize(p));
  for (const w of words) {
    for (const p of synonyms.get(w) ?? []) phrases.add(normalize(p));
    for (const s of cuts.subWords(w)) if (s.length > 1) terms.add(s);
  }

  const build = (weights: Weights): string | null => {
    const alternatives = (word: string): string => {
      const exprs = [wordExpr(cuts, word, weights)];
      for (const p of synonyms.get(word) ?? []) {
        const e = phraseExpr(cuts, p, weights);
        if (e) exprs.push(e);
      }
      return exprs.length > 1 ? `( ${exprs.join(" | ")} )` : exprs[0]!;
    };
    const wholeExprs = whole.flatMap((p) => phraseExpr(cuts, p, weights) ?? []);
    const all = words.length ? words.map(alternatives).join(" & ") : null;
    if (!wholeExprs.length) return all;
    return all ? `( ${all} ) | ${wholeExprs.join(" | ")}` : wholeExprs.join(" | ");
  };

  const all = build("");
  for (const p of phrases) {
    terms.add(p);
    for (const w of cuts.queryWords(p)) terms.add(w);
  }
  const anyParts = [...words.map((w) => wordExpr(cuts, w)), ...whole.flatMap((p) => phraseExpr(cuts, p) ?? [])];
  return {
    text,
    all,
    inName: all && build("A"),
    inNameOrTopics: all && build("AB"),
    any: anyParts.length ? anyParts.join(" | ") : null,
    phrases: [...phrases],
    terms: [...terms].sort((a, b) => b.length - a.length),
  };
}
