import { Alert, Card, Col, DatePicker, Row, Statistic, Table } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { EChartsOption } from "echarts";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { platformToday } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useStats } from "./api";
import { EChart } from "./EChart";

/** 调用统计: calls and errors per day, top resources, error outcomes — the provider's resources, or all for platform admins. */
export function StatsTab({ allowed }: { allowed: boolean }) {
  const { t } = useTranslation();
  const today = dayjs(platformToday());
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.subtract(13, "day"), today]);
  const from = range[0].format("YYYY-MM-DD");
  const to = range[1].format("YYYY-MM-DD");
  const stats = useStats(from, to, allowed);
  const byDay = useMemo(() => {
    const days = new Map<string, { calls: number; errors: number }>();
    for (let d = range[0]; !d.isAfter(range[1]); d = d.add(1, "day"))
      days.set(d.format("YYYY-MM-DD"), { calls: 0, errors: 0 });
    for (const r of stats.data?.daily ?? []) {
      const x = days.get(r.day);
      if (x) {
        x.calls += r.calls;
        x.errors += r.errors;
      }
    }
    return [...days.entries()];
  }, [stats.data, range]);
  if (!allowed) return <Alert type="info" showIcon message={t("exchange.stats.notAllowed")} />;
  if (stats.isError) return <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />;
  const daily: EChartsOption = {
    tooltip: { trigger: "axis" },
    legend: { data: [t("exchange.stats.calls"), t("exchange.stats.errors")] },
    xAxis: { type: "category", data: byDay.map(([d]) => d.slice(5)) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: t("exchange.stats.calls"), type: "line", smooth: true, data: byDay.map(([, v]) => v.calls) },
      {
        name: t("exchange.stats.errors"),
        type: "bar",
        data: byDay.map(([, v]) => v.errors),
        itemStyle: { color: "#d4380d" },
      },
    ],
  };
  const top = stats.data?.topResources ?? [];
  const topChart: EChartsOption = {
    tooltip: { trigger: "axis" },
    grid: { left: 140 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: top.map((r) => r.resourceCode).reverse() },
    series: [{ name: t("exchange.stats.calls"), type: "bar", data: top.map((r) => r.calls).reverse() }],
  };
  const total = stats.data?.total;
  return (
    <div data-testid="exchange-stats">
      <DatePicker.RangePicker
        value={range}
        allowClear={false}
        onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        aria-label={t("exchange.stats.range")}
        style={{ marginBottom: 12 }}
      />
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8}>
          <Statistic title={t("exchange.stats.calls")} value={total?.calls ?? 0} />
        </Col>
        <Col xs={12} md={8}>
          <Statistic title={t("exchange.stats.errors")} value={total?.errors ?? 0} />
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title={t("exchange.stats.errorRate")}
            value={((total?.errorRate ?? 0) * 100).toFixed(2)}
            suffix="%"
          />
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t("exchange.stats.perDay")}>
            <EChart option={daily} label={t("exchange.stats.perDay")} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t("exchange.stats.topResources")}>
            <EChart option={topChart} label={t("exchange.stats.topResources")} />
          </Card>
        </Col>
        <Col xs={24}>
          <Table
            rowKey="resourceCode"
            size="small"
            pagination={false}
            dataSource={top}
            columns={[
              { title: t("exchange.applications.resource"), dataIndex: "resourceCode" },
              { title: t("exchange.stats.calls"), dataIndex: "calls" },
              {
                title: t("exchange.stats.errorRate"),
                key: "rate",
                render: (_: unknown, r) => `${(r.errorRate * 100).toFixed(2)}%`,
              },
              { title: t("exchange.stats.p50"), dataIndex: "p50LatencyMs" },
            ]}
          />
        </Col>
      </Row>
    </div>
  );
}
