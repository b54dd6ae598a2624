import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { usePageTitle } from "../../shared/usePageTitle";
import { lastDays, useDistrictMap, useIndicatorValues, useLiveCounters } from "./api";
import { type BarDatum, BarList, PngButton, TrendLine } from "./charts";
import { DistrictMap } from "./DistrictMap";
import "./indicators.css";

const RANGE_DAYS = 30;
const TREND_DAYS = 14;

/** The `n` calendar days from `from` on (days without cases have no rollup row: they are drawn as 0). */
function everyDay(from: string, n: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

/**
 * /ops — 城市运行大屏: a dark full-screen board for a 1920×1080 wall. Live counters arrive over SSE (each
 * committed case event moves them); the rankings and the trend come from the rollups and are re-read when
 * the counters move. Every bar drills down to the cases behind it (in the viewer's permissions). The
 * district map colours each 区 by its cases (or 12345 requests) and opens its cases' list.
 */
export function OpsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  usePageTitle(t("indicators.ops.title"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const range = lastDays(RANGE_DAYS);
  const trendRange = lastDays(TREND_DAYS);
  const { counters, connected } = useLiveCounters(range.to);
  const byDept = useIndicatorValues({ ...range, by: "department", codes: "case_volume,online_rate,overdue_rate" });
  const byDay = useIndicatorValues({ ...trendRange, by: "day", codes: "case_volume" });
  const byChannel = useIndicatorValues({ ...range, by: "channel", codes: "case_volume" });
  const byRegion = useIndicatorValues({ ...range, by: "region", codes: "case_volume" });
  const districts = useDistrictMap(range);
  const [mapOf, setMapOf] = useState<"cases" | "hotline">("cases");

  useEffect(() => {
    if (counters) void queryClient.invalidateQueries({ queryKey: ["indicators", "values"] });
  }, [counters, queryClient]);

  const groups = byDept.data?.groups ?? [];
  const bars = (code: string): BarDatum[] =>
    groups
      .map((g) => ({ key: g.key, label: g.label, value: g.values[code] ?? null }))
      .sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  const drill = (measure: string) => (d: BarDatum) =>
    navigate(
      `/workbench/indicators?${new URLSearchParams({ measure, department: d.key, from: range.from, to: range.to })}`,
    );
  const trend = everyDay(trendRange.from, TREND_DAYS).map((day) => ({
    key: day,
    label: day,
    value: byDay.data?.groups.find((g) => g.key === day)?.values.case_volume ?? 0,
  }));
  // The map: cases by region code, or 12345 requests by district. Cases filed under a code no district
  // outline has (the demo's items are mostly city-level, 990100) are counted beside the map, not dropped.
  const outlines = districts.data?.districts ?? [];
  const drawn = new Set(outlines.map((d) => d.code));
  const regionGroups = byRegion.data?.groups ?? [];
  const mapValues = outlines.map((d) => ({
    code: d.code,
    name: en ? d.nameEn : d.name,
    value:
      mapOf === "cases"
        ? (regionGroups.find((g) => g.key === d.code)?.values.case_volume ?? 0)
        : (d.hotlineReceived ?? 0),
  }));
  const elsewhere = regionGroups.filter((g) => !drawn.has(g.key)).reduce((s, g) => s + (g.values.case_volume ?? 0), 0);
  const counter = (key: keyof NonNullable<typeof counters>, label: string) => (
    <div className="yw-ops-counter">
      <div className="yw-ops-counter-value" data-testid={`ops-counter-${key}`}>
        {counters ? String(counters[key]) : "—"}
      </div>
      <div className="yw-ops-counter-label">{label}</div>
    </div>
  );

  return (
    <div className="yw-ops" data-testid="ops-screen">
      <header className="yw-ops-head">
        <h1>{t("indicators.ops.title")}</h1>
        <span className={connected ? "yw-ops-live on" : "yw-ops-live"} data-testid="ops-live">
          {connected ? t("indicators.ops.live") : t("indicators.ops.connecting")}
        </span>
      </header>
      <section className="yw-ops-counters" aria-label={t("indicators.ops.today")}>
        {counter("volume", t("indicators.ops.volume"))}
        {counter("online", t("indicators.ops.online"))}
        {counter("decided", t("indicators.ops.decided"))}
        {counter("overdue", t("indicators.ops.overdue"))}
        {counter("open", t("indicators.ops.open"))}
      </section>
      <div className="yw-ops-grid">
        <section className="yw-ops-card">
          <h2>
            {t("indicators.ops.volumeRanking", { days: RANGE_DAYS })}
            <PngButton
              data={bars("case_volume")}
              title={t("indicators.ops.volumeRanking", { days: RANGE_DAYS })}
              fileName={`volume-ranking-${range.to}`}
              label={t("indicators.ops.png")}
              testId="ops-volume-png"
            />
          </h2>
          <BarList data={bars("case_volume")} onSelect={drill("cases.volume")} testId="ops-volume-ranking" />
        </section>
        <section className="yw-ops-card">
          <h2>
            {t("indicators.ops.trend", { days: TREND_DAYS })}
            <PngButton
              data={trend}
              kind="line"
              title={t("indicators.ops.trend", { days: TREND_DAYS })}
              fileName={`volume-trend-${range.to}`}
              label={t("indicators.ops.png")}
              testId="ops-trend-png"
            />
          </h2>
          <TrendLine label={t("indicators.ops.trend", { days: TREND_DAYS })} data={trend} />
          <h2>{t("indicators.ops.channels")}</h2>
          <BarList
            data={(byChannel.data?.groups ?? []).map((g) => ({
              key: g.key,
              label: en ? (g.label.split(" / ")[1] ?? g.label) : (g.label.split(" / ")[0] ?? g.label),
              value: g.values.case_volume ?? null,
            }))}
          />
        </section>
        <section className="yw-ops-card">
          <h2>
            {t("indicators.ops.overdueRanking")}
            <PngButton
              data={bars("overdue_rate")}
              unit="%"
              max={100}
              title={t("indicators.ops.overdueRanking")}
              fileName={`overdue-ranking-${range.to}`}
              label={t("indicators.ops.png")}
            />
          </h2>
          <BarList
            data={bars("overdue_rate")}
            unit="%"
            max={100}
            onSelect={drill("cases.overdue")}
            testId="ops-overdue-ranking"
          />
          <h2>{t("indicators.ops.onlineRanking")}</h2>
          <BarList data={bars("online_rate")} unit="%" max={100} onSelect={drill("cases.online")} />
        </section>
        <section className="yw-ops-card">
          <h2>
            {t("indicators.ops.map", { days: RANGE_DAYS })}
            <span className="yw-ops-switch">
              {(["cases", "hotline"] as const).map((m) => (
                <button
                  key={m}
                  type="button"
                  aria-pressed={mapOf === m}
                  className={mapOf === m ? "on" : undefined}
                  onClick={() => setMapOf(m)}
                  data-testid={`ops-map-${m}`}
                >
                  {t(`indicators.ops.mapOf.${m}`)}
                </button>
              ))}
            </span>
          </h2>
          <DistrictMap
            outlines={outlines}
            values={mapValues}
            label={t("indicators.ops.map", { days: RANGE_DAYS })}
            unit={t(`indicators.ops.mapUnit.${mapOf}`)}
            // 12345 requests have no case list; a district's cases open the drill-down by region.
            hrefOf={
              mapOf === "cases"
                ? (code) =>
                    `/workbench/indicators?${new URLSearchParams({ by: "region", measure: "cases.volume", region: code, from: range.from, to: range.to })}`
                : undefined
            }
            onOpen={(href) => navigate(href)}
          />
          {mapOf === "cases" && elsewhere > 0 && (
            <p className="yw-ops-note" data-testid="ops-map-elsewhere">
              {t("indicators.ops.mapElsewhere", { count: elsewhere })}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
