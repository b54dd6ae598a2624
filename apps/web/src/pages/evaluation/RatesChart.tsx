import type { EChartsOption } from "echarts";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { EChart } from "../exchange/EChart";

/** Satisfaction and bad-review rate per department as bars (its own chunk with ECharts, loaded lazily). */
export function RatesChart({
  rows,
}: {
  rows: { name: string; satisfactionRate: number | null; badRate: number | null }[];
}) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: "axis", valueFormatter: (v) => `${Number(v).toFixed(2)}%` },
      legend: { data: [t("evaluation.stats.satisfactionRate"), t("evaluation.stats.badRate")] },
      grid: { left: 8, right: 24, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: 100 },
      yAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { width: 120, overflow: "truncate" } },
      series: [
        {
          name: t("evaluation.stats.satisfactionRate"),
          type: "bar",
          data: rows.map((r) => (r.satisfactionRate ?? 0) * 100),
        },
        { name: t("evaluation.stats.badRate"), type: "bar", data: rows.map((r) => (r.badRate ?? 0) * 100) },
      ],
    }),
    [rows, t],
  );
  return <EChart option={option} height={Math.max(200, rows.length * 56 + 60)} label={t("evaluation.stats.chart")} />;
}
