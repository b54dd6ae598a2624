/**
 * The statistics' arithmetic (pure): counts → figures. The counting itself is SQL (stats.repository.ts);
 * the property test recomputes the counts from raw rows with its own loop and its own rounding. Rates are rounded to 4 decimal places and null when their denominator is 0.
 */
import type { EvaluationFigures } from "@yiwang/contracts";

export interface Counts {
  total: number;
  satisfied: number;
  bad: number;
  rectified: number;
  onTime: number;
}

export const ZERO: Counts = { total: 0, satisfied: 0, bad: 0, rectified: 0, onTime: 0 };

/**
 * numerator / denominator to 4 places, half up, in integers: rounding the double quotient instead can tip a
 * ratio lying exactly on a half the wrong way (the published figure would then differ from the rule).
 */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.floor((numerator * 20_000 + denominator) / (2 * denominator)) / 10_000;
}

export function figures(c: Counts): EvaluationFigures {
  return {
    total: c.total,
    satisfied: c.satisfied,
    bad: c.bad,
    rectified: c.rectified,
    onTime: c.onTime,
    satisfactionRate: rate(c.satisfied, c.total),
    badRate: rate(c.bad, c.total),
    rectificationRate: rate(c.rectified, c.bad),
    onTimeRate: rate(c.onTime, c.rectified),
  };
}

export function sum(rows: readonly Counts[]): Counts {
  return rows.reduce(
    (a, r) => ({
      total: a.total + r.total,
      satisfied: a.satisfied + r.satisfied,
      bad: a.bad + r.bad,
      rectified: a.rectified + r.rectified,
      onTime: a.onTime + r.onTime,
    }),
    ZERO,
  );
}
