/**
 * The indicator set's rules for one evaluation (pure): scores only for the set's indicators, reason tags
 * only from the set and only those offered for the chosen level, and a 差评 says why (a tag or a text).
 * 整体满意度 (overall) is the level itself, so it is stored as the level whatever the client sent.
 */
import { BAD_REVIEW_MAX_LEVEL, type IndicatorSet } from "@yiwang/contracts";
import { EvaluationErrors } from "./errors.js";
import type { IndicatorSetRow } from "./repository.js";

export const OVERALL = "overall";

export function toIndicatorSet(row: IndicatorSetRow): IndicatorSet {
  return {
    id: row.id,
    mode: row.mode as IndicatorSet["mode"],
    version: row.version,
    name: row.name,
    source: row.source,
    indicators: row.indicators,
    reasons: row.reasons,
  };
}

export interface EvaluationContent {
  level: number;
  scores: Record<string, number>;
  tags: string[];
  text: string;
}

/** The content as stored (tags de-duplicated, overall = level), or a 400 naming what is wrong. */
export function checkContent(set: IndicatorSet, c: EvaluationContent): EvaluationContent {
  const indicators = new Set(set.indicators.map((i) => i.code));
  const unknown = Object.keys(c.scores).filter((k) => !indicators.has(k));
  if (unknown.length > 0) throw EvaluationErrors.EVALUATION_UNKNOWN_INDICATOR({ indicators: unknown });
  const reasons = new Map(set.reasons.map((r) => [r.code, r]));
  const tags = [...new Set(c.tags)];
  const unknownTags = tags.filter((t) => !reasons.has(t));
  if (unknownTags.length > 0) throw EvaluationErrors.EVALUATION_UNKNOWN_TAG({ tags: unknownTags });
  const misfit = tags.filter((t) => !reasons.get(t)?.levels.includes(c.level));
  if (misfit.length > 0) throw EvaluationErrors.EVALUATION_TAG_NOT_FOR_LEVEL({ tags: misfit, level: c.level });
  if (isBad(c.level) && tags.length === 0 && c.text.trim() === "") throw EvaluationErrors.EVALUATION_REASON_REQUIRED();
  const scores = indicators.has(OVERALL) ? { ...c.scores, [OVERALL]: c.level } : { ...c.scores };
  return { level: c.level, scores, tags, text: c.text };
}

export function isBad(level: number): boolean {
  return level <= BAD_REVIEW_MAX_LEVEL;
}
