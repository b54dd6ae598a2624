/**
 * Indicator values from the rollups, by one dimension, for a viewer: department roles see their own
 * department's figures and drill-down rows only (row-level security), platform-wide roles every
 * department's; the public views get aggregates and no rows at all. A value is the indicator's formula
 * evaluated over the group's summed measures (composites over the same sums), so a rate is the ratio of
 * sums, never an average of ratios.
 */
import type { DistrictMap, DrillPage, IndicatorDimension, IndicatorValues, LiveCounters } from "@yiwang/contracts";
import { DrillQuery } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { PermissionScope } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { districtShapes } from "../hotline/index.js";
import { type IndicatorDeps, MAX_RANGE_DAYS } from "./context.js";
import { atPath, IndicatorErrors } from "./errors.js";
import { evaluate, isMeasureName, references } from "./formula.js";
import { MEASURE_BY_NAME, type MeasureColumn, type ReaderSource } from "./measures.js";
import type { CompiledIndicator, IndicatorRegistry } from "./registry.service.js";
import { KEY_COLUMNS } from "./repository.js";

const DAY_MS = 86_400_000;
const CHANNEL_LABELS: Record<string, string> = { online: "网上 / Online", window: "窗口 / Window" };

/** Whose figures: one department, or all. */
export type Viewer = { departmentId?: string };

export function viewerOf(scope: PermissionScope): Viewer {
  if (!scope) throw new Error("no scope: the route guard lets no one without one through");
  return scope.all ? {} : { departmentId: scope.departmentId };
}

export function checkRange(from: string, to: string) {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  if (!(days >= 0 && days < MAX_RANGE_DAYS)) throw IndicatorErrors.INDICATOR_RANGE_INVALID({ from, to });
}

export class IndicatorValuesService {
  constructor(
    private readonly deps: IndicatorDeps,
    private readonly registry: IndicatorRegistry,
  ) {}

  /** One formatter (making one per call was a tenth of a public dashboard request's CPU in a profile). */
  #day?: Intl.DateTimeFormat;

  /** The local calendar day of an instant (the platform's time zone). */
  localDay(at: Date = this.deps.clock.now()): string {
    this.#day ??= new Intl.DateTimeFormat("en-CA", { timeZone: this.deps.timeZone });
    return this.#day.format(at);
  }

  /** The last `days` days up to today. */
  lastDays(days: number): { from: string; to: string } {
    const to = this.localDay();
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
    return { from, to };
  }

  async values(
    viewer: Viewer,
    q: { from: string; to: string; by?: IndicatorDimension; codes?: string | string[] },
    db?: Kysely<DB>,
  ): Promise<IndicatorValues> {
    checkRange(q.from, q.to);
    const all = await this.registry.current(db);
    const wanted = typeof q.codes === "string" ? q.codes.split(",").filter(Boolean) : (q.codes ?? [...all.keys()]);
    const chosen: CompiledIndicator[] = [];
    for (const code of wanted) {
      const i = all.get(code);
      if (!i) throw IndicatorErrors.INDICATOR_NOT_FOUND({ code });
      chosen.push(i);
    }
    // Figures of the case rollups alone are cached whole (dropped with the rollups); the other modules'
    // measures change without telling the indicators, so a set using them is computed on every read (its
    // rollup sums still come from the cache), and so is everything inside a transaction (an alert's check).
    if (db || readerSourcesOf(chosen, all).size > 0) return this.compute(viewer, q, all, chosen, db);
    const key = [viewer.departmentId ?? "", q.from, q.to, q.by ?? "", chosen.map((i) => i.code).join(",")].join("|");
    return this.deps.valuesCache.read(key, () => this.compute(viewer, q, all, chosen));
  }

  private async compute(
    viewer: Viewer,
    q: { from: string; to: string; by?: IndicatorDimension },
    all: ReadonlyMap<string, CompiledIndicator>,
    chosen: CompiledIndicator[],
    db?: Kysely<DB>,
  ): Promise<IndicatorValues> {
    const by = q.by ?? null;
    const column = by ? KEY_COLUMNS[by] : null;
    const filter = { from: q.from, to: q.to, departmentId: viewer.departmentId };
    const sums = await this.deps.sumsCache.read(
      `${column}|${filter.from}|${filter.to}|${filter.departmentId ?? ""}`,
      () => this.deps.repo.sums(column, filter, db),
      db,
    );
    // name → value per group: the case rollup columns, then what the other modules' readers give.
    const groupsByKey = new Map<string, Record<string, number>>();
    for (const [key, m] of sums.groups)
      groupsByKey.set(key, Object.fromEntries(Object.entries(m).map(([c, v]) => [`cases.${c}`, v])));
    if (by === null || by === "day" || by === "department") {
      const filter = { from: q.from, to: q.to, departmentId: viewer.departmentId };
      for (const source of readerSourcesOf(chosen, all)) {
        const reader = this.deps.readers[source];
        if (!reader) continue;
        for (const [key, m] of await reader.sums(by, filter, db ?? this.deps.db)) {
          const g = groupsByKey.get(key) ?? {};
          for (const [c, v] of Object.entries(m)) g[`${source}.${c}`] = v;
          groupsByKey.set(key, g);
        }
      }
    }
    const labels = await this.labels(by, [...groupsByKey.keys()]);
    const bounds = (code: string) => {
      const c = all.get(code);
      const critical = c?.thresholds.critical ?? null;
      return c && c.target !== null && critical !== null && c.target !== critical
        ? { target: c.target, critical }
        : null;
    };
    const valuesOf = (m: Record<string, number>) => {
      const memo = new Map<string, number | null>();
      const lookup = (name: string): number | null => {
        if (isMeasureName(name)) return MEASURE_BY_NAME.has(name) ? (m[name] ?? 0) : null;
        if (memo.has(name)) return memo.get(name) ?? null;
        const i = all.get(name);
        memo.set(name, null); // a cycle (refused at definition) evaluates to no data, not a stack overflow
        const v = i ? evaluate(i.tree, lookup, bounds) : null;
        memo.set(name, v);
        return v;
      };
      const out: Record<string, number | null> = {};
      for (const i of chosen) {
        // Broken down by a dimension the indicator lacks: no figure rather than a wrong one.
        const v = by && !i.dimensions.includes(by) ? null : lookup(i.code);
        out[i.code] = v === null || !Number.isFinite(v) ? null : Math.round(v * 10_000) / 10_000;
      }
      return out;
    };
    const totals: Record<string, number> = {};
    for (const g of groupsByKey.values()) for (const [c, v] of Object.entries(g)) totals[c] = (totals[c] ?? 0) + v;
    const groups = [...groupsByKey]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, m]) => ({ key, label: labels.get(key) ?? key, values: valuesOf(m), measures: m }));
    const totalValues = by === null ? (groups[0]?.values ?? valuesOf({})) : valuesOf(totals);
    return {
      from: q.from,
      to: q.to,
      by,
      indicators: chosen.map((i) => ({ code: i.code, name: i.name, nameEn: i.nameEn, unit: i.unit })),
      groups,
      totals: totalValues,
      freshness: { updatedAt: sums.updatedAt?.toISOString() ?? null, rows: sums.rows },
    };
  }

  private async labels(by: IndicatorDimension | null, keys: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (by === "department") {
      const directory = await this.deps.departments();
      for (const k of keys) out.set(k, directory.get(k)?.name ?? (k === "" ? "未派单 / Unassigned" : k));
    } else if (by === "channel") {
      for (const k of keys) out.set(k, CHANNEL_LABELS[k] ?? k);
    } else if (by === null) {
      for (const k of keys) out.set(k, "全部 / All");
    }
    return out;
  }

  /**
   * The 大屏 district map: the districts' outlines (the hotline module's demo shapes) with 12345 requests
   * received per district in the range, scoped like every figure. Cases by district come from
   * `values(by: "region")`: the same region codes.
   */
  async districtMap(viewer: Viewer, q: { from: string; to: string }): Promise<DistrictMap> {
    checkRange(q.from, q.to);
    const hotline = this.deps.readers.hotline;
    const received = hotline
      ? await hotline.sums("region", { from: q.from, to: q.to, departmentId: viewer.departmentId }, this.deps.db)
      : null;
    return {
      districts: districtShapes().map((d) => ({
        code: d.code,
        name: d.name,
        nameEn: d.nameEn,
        ring: d.ring,
        hotlineReceived: received ? (received.get(d.code)?.received ?? 0) : null,
      })),
    };
  }

  /** The cases behind a figure (only the viewer's department's for a department role). */
  async drill(viewer: Viewer, query: unknown): Promise<DrillPage> {
    const q = DrillQuery.parse(query);
    checkRange(q.from, q.to);
    const measure = MEASURE_BY_NAME.get(q.measure);
    if (!measure)
      throw atPath(IndicatorErrors.INDICATOR_MEASURE_UNKNOWN, "measure", `度量 ${q.measure}`, `measure ${q.measure}`);
    if (measure.source !== "cases")
      throw atPath(
        IndicatorErrors.INDICATOR_MEASURE_UNKNOWN,
        "measure",
        `度量 ${q.measure} 没有办件清单`,
        `measure ${q.measure} has no case list`,
      );
    // A department role's rows are its department's, whatever department the query names.
    const departmentId = viewer.departmentId ?? q.department;
    if (viewer.departmentId && q.department && q.department !== viewer.departmentId) return { items: [], total: 0 };
    const { rows, total } = await this.deps.repo.drill(
      measure.flag ? (measure.column as MeasureColumn) : "volume",
      {
        from: q.from,
        to: q.to,
        ranged: measure.dimensions.includes("day"),
        departmentId,
        region: q.region,
        item: q.item,
        channel: q.channel,
      },
      { offset: q.offset, limit: q.limit },
    );
    return {
      total,
      items: rows.map((r) => ({
        caseId: r.case_id,
        number: r.number,
        itemCode: r.item_code,
        itemName: r.item_name,
        departmentId: r.department_id,
        regionCode: r.region_code,
        channel: r.channel,
        status: r.status,
        day: String(r.day).slice(0, 10),
        submittedAt: r.submitted_at.toISOString(),
        decidedAt: r.decided_at?.toISOString() ?? null,
        deadlineDate: r.deadline_date ? String(r.deadline_date).slice(0, 10) : null,
      })),
    };
  }

  /** The operations screen's counters for one day (open: now). */
  async counters(viewer: Viewer, day: string): Promise<LiveCounters> {
    const sums = await this.deps.repo.sums(null, { from: day, to: day, departmentId: viewer.departmentId });
    const m = sums.groups.get("all") ?? emptyMeasures();
    return { day, volume: m.volume, online: m.online, decided: m.decided, overdue: m.overdue, open: m.open };
  }
}

function emptyMeasures(): Record<MeasureColumn, number> {
  return { volume: 0, online: 0, decided: 0, immediate: 0, overdue: 0, open: 0, elapsed_minutes: 0, promised_days: 0 };
}

/** The reader-backed modules whose measures the indicators (and the composites they refer to) use. */
export function readerSourcesOf(
  chosen: readonly CompiledIndicator[],
  all: ReadonlyMap<string, CompiledIndicator>,
): Set<ReaderSource> {
  const out = new Set<ReaderSource>();
  const seen = new Set<string>();
  const walk = (i: CompiledIndicator) => {
    if (seen.has(i.code)) return;
    seen.add(i.code);
    for (const ref of references(i.tree)) {
      if (!isMeasureName(ref)) {
        const child = all.get(ref);
        if (child) walk(child);
        continue;
      }
      const source = MEASURE_BY_NAME.get(ref)?.source;
      if (source && source !== "cases") out.add(source);
    }
  };
  for (const i of chosen) walk(i);
  return out;
}
