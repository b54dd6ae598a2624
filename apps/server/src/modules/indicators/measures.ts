/**
 * The measures indicators are computed from, with the dimensions each has. Case measures are summed from
 * the daily rollups (columns of `indicator_case_rollups`); `cases.open` is a snapshot (cases filed and not
 * yet decided), so it has no day: "open on a day" is not what the rollup keeps.
 */
import type { IndicatorDimension, MeasureInfo } from "@yiwang/contracts";

export const MEASURE_COLUMNS = [
  "volume",
  "online",
  "decided",
  "immediate",
  "overdue",
  "open",
  "elapsed_minutes",
  "promised_days",
] as const;
export type MeasureColumn = (typeof MEASURE_COLUMNS)[number];

const ALL: IndicatorDimension[] = ["day", "department", "region", "item", "channel"];

export interface Measure extends MeasureInfo {
  column: MeasureColumn;
  /** Whether the drill-down lists the cases with this flag (counts), or all cases under the key (sums). */
  flag: boolean;
}

export const MEASURES: readonly Measure[] = [
  { name: "cases.volume", label: "办件量", labelEn: "Cases filed", dimensions: ALL, column: "volume", flag: true },
  { name: "cases.online", label: "网上办件量", labelEn: "Filed online", dimensions: ALL, column: "online", flag: true },
  { name: "cases.decided", label: "办结量", labelEn: "Decided", dimensions: ALL, column: "decided", flag: true },
  {
    name: "cases.immediate",
    label: "即办件量（当日办结）",
    labelEn: "Decided the day filed",
    dimensions: ALL,
    column: "immediate",
    flag: true,
  },
  {
    name: "cases.overdue",
    label: "超期办结量",
    labelEn: "Decided late",
    dimensions: ALL,
    column: "overdue",
    flag: true,
  },
  {
    name: "cases.open",
    label: "在办件量",
    labelEn: "Open cases",
    dimensions: ["department", "region", "item", "channel"],
    column: "open",
    flag: true,
  },
  {
    name: "cases.elapsed_minutes",
    label: "办结用时（分钟）",
    labelEn: "Minutes from filing to decision",
    dimensions: ALL,
    column: "elapsed_minutes",
    flag: false,
  },
  {
    name: "cases.promised_days",
    label: "承诺时限（工作日）",
    labelEn: "Promised working days",
    dimensions: ALL,
    column: "promised_days",
    flag: false,
  },
];

export const MEASURE_BY_NAME: ReadonlyMap<string, Measure> = new Map(MEASURES.map((m) => [m.name, m]));
