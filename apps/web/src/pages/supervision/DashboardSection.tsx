import { Spin, Statistic } from "antd";
import type { EChartsOption } from "echarts";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { EChart } from "../exchange/EChart";
import { useDashboard } from "./api";

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 1000) / 10}%`);

/**
 * The department's supervision figures: coverage, problem rate, rectification completion, publication on time,
 * and inspected / problems by industry and district. Loaded lazily with its ECharts chunk.
 */
export default function DashboardSection() {
  const { t } = useTranslation();
  const d = useDashboard();
  const charts = useMemo(() => {
    if (!d.data) return [];
    return (["byIndustry", "byDistrict"] as const).map((k) => {
      const groups = d.data[k];
      const option: EChartsOption = {
        tooltip: { trigger: "axis" },
        legend: {},
        grid: { left: 40, right: 16, top: 36, bottom: 40 },
        xAxis: { type: "category", data: groups.map((g) => g.key) },
        yAxis: { type: "value", minInterval: 1 },
        series: (["planned", "inspected", "problems"] as const).map((s) => ({
          name: t(`supervision.dashboard.${s}`),
          type: "bar",
          data: groups.map((g) => g[s]),
        })),
      };
      return { key: k, option };
    });
  }, [d.data, t]);
  if (d.error) return <ErrorAlert error={d.error} onRetry={() => d.refetch()} />;
  if (!d.data) return <Spin />;
  const x = d.data;
  return (
    <Panel title={t("supervision.dashboard.title")}>
      <div className="yw-sv-stats" data-testid="supervision-dashboard">
        <Statistic title={t("supervision.dashboard.coverage")} value={pct(x.coverage)} />
        <Statistic title={t("supervision.dashboard.problemRate")} value={pct(x.problemRate)} />
        <Statistic title={t("supervision.dashboard.completion")} value={pct(x.rectification.completionRate)} />
        <Statistic
          title={t("supervision.dashboard.rectOverdue")}
          value={x.rectification.overdue}
          suffix={`/ ${x.rectification.total}`}
        />
        <Statistic
          title={t("supervision.dashboard.published")}
          value={x.publication.published}
          suffix={`/ ${x.publication.finished}`}
        />
      </div>
      {charts.map((c) => (
        <section key={c.key}>
          <h4>{t(`supervision.dashboard.${c.key}`)}</h4>
          <EChart option={c.option} height={240} label={t(`supervision.dashboard.${c.key}`)} />
        </section>
      ))}
    </Panel>
  );
}
