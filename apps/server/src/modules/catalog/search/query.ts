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
  /** tsquery text matching any word (for suggestions when `all` finds nothing). */
  any: string | null;
  /** Synonym phrases of the query or its words (ranked above other matches when a name contains one). */
  phrases: string[];
  /** Words to show as "understood as" and to highlight, longest first. */
  terms: string[];
}

const LATIN = /^[a-z0-9]+$/;

function wordExpr(word: string): string {
  if (LATIN.test(word)) return `${quoteLexeme(word)}:*`;
  const subs = subWords(word);
  const lexeme = quoteLexeme(word);
  return subs.length > 1 ? `( ${lexeme} | ( ${subs.map(quoteLexeme).join(" & ")} ) )` : lexeme;
}

function phraseExpr(phrase: string): string | null {
  const words = queryWords(phrase);
  if (words.length === 0) return null;
  return `( ${words.map(wordExpr).join(" & ")} )`;
}

export function analyzeQuery(raw: string, synonyms: ReadonlyMap<string, readonly string[]>): AnalyzedQuery {
  const text = normalize(raw);
  const words = queryWords(text);
  const phrases = new Set<string>();
  const terms = new Set<string>(words);

  const alternatives = (word: string): string => {
    const exprs = [wordExpr(word)];
    for (const p of synonyms.get(word) ?? []) {
      const e = phraseExpr(p);
      if (e) exprs.push(e);
      phrases.add(normalize(p));
    }
    for (const s of subWords(word)) if (s.length > 1) terms.add(s);
    return exprs.length > 1 ? `( ${exprs.join(" | ")} )` : exprs[0]!;
  };

  const perWord = words.map(alternatives);
  let all = perWord.length ? perWord.join(" & ") : null;
  // The whole query, or its words without stop words (我要开公司 → 开公司), may itself be a synonym term.
  const core = words.join("");
  const whole = words.length === 1 ? [] : (synonyms.get(text) ?? synonyms.get(core) ?? []);
  const wholeExprs: string[] = [];
  for (const p of whole) {
    const e = phraseExpr(p);
    if (e) wholeExprs.push(e);
    phrases.add(normalize(p));
  }
  if (wholeExprs.length) all = all ? `( ${all} ) | ${wholeExprs.join(" | ")}` : wholeExprs.join(" | ");
  for (const p of phrases) {
    terms.add(p);
    for (const w of queryWords(p)) terms.add(w);
  }
  const any = perWord.length || wholeExprs.length ? [...perWord, ...wholeExprs].join(" | ") : null;
  return {
    text,
    all,
    any,
    phrases: [...phrases],
    terms: [...terms].sort((a, b) => b.length - a.length),
  };
}
