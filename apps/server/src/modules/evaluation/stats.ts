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

export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
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
