import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { LoadingLines } from "../../shared/Placeholders";
import { usePublicStats } from "./api";
import { CsvLink } from "./CsvLink";
import "./evaluation.css";
import { StatsTable } from "./StatsTable";

// ECharts arrives only when there is something to draw, after the table (its own chunk).
const RatesChart = lazy(() => import("./RatesChart").then((m) => ({ default: m.RatesChart })));

/** /evaluation/stats — 好差评公示: per-department figures, public, no personal data. */
export function PublicStatsPage() {
  const { t, i18n } = useTranslation();
  const stats = usePublicStats();
  const rows = stats.data?.departments ?? [];
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("evaluation.stats.title")}
        subtitle={t("evaluation.stats.subtitle")}
        extra={<CsvLink href={`/api/evaluation/public/stats.csv?lang=${i18n.language === "en" ? "en" : "zh-CN"}`} />}
      />
      {stats.isError && <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />}
      <Panel>
        <StatsTable
          rows={
            stats.data
              ? [...rows, { ...stats.data.totals, departmentId: "all", departmentName: t("evaluation.stats.totals") }]
              : []
          }
          loading={stats.isPending}
          labelTitle={t("evaluation.stats.department")}
          label={(r) => r.departmentName}
          rowKey={(r) => r.departmentId}
        />
        {rows.length > 0 && (
          <div className="yw-eval-chart" data-testid="evaluation-chart">
            <Suspense fallback={<LoadingLines rows={4} title={false} />}>
              <RatesChart
                rows={rows.map((r) => ({
                  name: r.departmentName,
                  satisfactionRate: r.satisfactionRate,
                  badRate: r.badRate,
                }))}
              />
            </Suspense>
          </div>
        )}
      </Panel>
    </div>
  );
}
