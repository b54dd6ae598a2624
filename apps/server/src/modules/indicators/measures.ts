/**
 * The measures indicators are computed from, with the dimensions each has. Case measures are summed from
 * the daily rollups (columns of `indicator_case_rollups`); `cases.open` is a snapshot (cases filed and not
 * yet decided), so it has no day: "open on a day" is not what the rollup keeps. Evaluation (好差评) and
 * hotline (12345), exchange (gateway calls) and licenses (电子证照) measures are grouped counts their own
 * modules compute over an indexed date range, by day or department only (none of them records a region);
 * they have no drill-down to cases.
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
const READER_DIMENSIONS: IndicatorDimension[] = ["day", "department"];

/** The modules other than cases whose measures are read through a reader port (wired in app.ts). */
export const READER_SOURCES = ["evaluation", "hotline", "exchange", "licenses"] as const;
export type ReaderSource = (typeof READER_SOURCES)[number];
export type MeasureSourceName = "cases" | ReaderSource;

export interface Measure extends MeasureInfo {
  source: MeasureSourceName;
  /** The rollup column (cases) or the reader's measure name. */
  column: string;
  /** Whether the drill-down lists the cases with this flag (counts), or all cases under the key (sums). */
  flag: boolean;
}

export const MEASURES: readonly Measure[] = [
  {
    name: "cases.volume",
    label: "办件量",
    labelEn: "Cases filed",
    dimensions: ALL,
    source: "cases",
    column: "volume",
    flag: true,
  },
  {
    name: "cases.online",
    label: "网上办件量",
    labelEn: "Filed online",
    dimensions: ALL,
    source: "cases",
    column: "online",
    flag: true,
  },
  {
    name: "cases.decided",
    label: "办结量",
    labelEn: "Decided",
    dimensions: ALL,
    source: "cases",
    column: "decided",
    flag: true,
  },
  {
    name: "cases.immediate",
    label: "即办件量（当日办结）",
    labelEn: "Decided the day filed",
    dimensions: ALL,
    source: "cases",
    column: "immediate",
    flag: true,
  },
  {
    name: "cases.overdue",
    label: "超期办结量",
    labelEn: "Decided late",
    dimensions: ALL,
    source: "cases",
    column: "overdue",
    flag: true,
  },
  {
    name: "cases.open",
    label: "在办件量",
    labelEn: "Open cases",
    dimensions: ["department", "region", "item", "channel"],
    source: "cases",
    column: "open",
    flag: true,
  },
  {
    name: "cases.elapsed_minutes",
    label: "办结用时（分钟）",
    labelEn: "Minutes from filing to decision",
    dimensions: ALL,
    source: "cases",
    column: "elapsed_minutes",
    flag: false,
  },
  {
    name: "cases.promised_days",
    label: "承诺时限（工作日）",
    labelEn: "Promised working days",
    dimensions: ALL,
    source: "cases",
    column: "promised_days",
    flag: false,
  },
  ...reader("evaluation", "total", "评价数", "Evaluations"),
  ...reader("evaluation", "satisfied", "满意评价数（基本满意及以上）", "Satisfied evaluations (level ≥ 3)"),
  ...reader("evaluation", "bad", "差评数", "Bad reviews (level ≤ 2)"),
  ...reader("evaluation", "rectified", "差评已整改数", "Bad reviews rectified"),
  ...reader("evaluation", "rectified_on_time", "差评按期整改数", "Bad reviews rectified on time"),
  ...reader("hotline", "received", "12345 受理诉求数", "Hotline requests received"),
  ...reader("hotline", "answered", "12345 已答复数", "Hotline requests answered"),
  ...reader("hotline", "answered_on_time", "12345 按时答复数", "Hotline requests answered on time"),
  ...reader("hotline", "called_back", "12345 已回访数", "Hotline requests called back"),
  ...reader("hotline", "resolved", "12345 回访已解决数", "Called back: resolved"),
  ...reader("hotline", "satisfied", "12345 回访满意数", "Called back: satisfied"),
  ...reader("exchange", "calls", "共享交换调用次数", "Exchange gateway calls"),
  ...reader("exchange", "errors", "共享交换调用失败次数", "Exchange calls not answered ok"),
  ...reader("exchange", "latency_ms", "共享交换调用耗时合计（毫秒）", "Exchange call latency, summed (ms)"),
  ...reader("licenses", "issued", "电子证照签发数", "Licenses issued"),
  ...reader("licenses", "used", "免提交（用证代替材料）次数", "Materials replaced by a license (免提交)"),
];

function reader(source: ReaderSource, column: string, label: string, labelEn: string): Measure[] {
  return [{ name: `${source}.${column}`, label, labelEn, dimensions: READER_DIMENSIONS, source, column, flag: false }];
}

export const MEASURE_BY_NAME: ReadonlyMap<string, Measure> = new Map(MEASURES.map((m) => [m.name, m]));
