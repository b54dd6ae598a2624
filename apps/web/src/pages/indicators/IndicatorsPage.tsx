import type { IndicatorDimension } from "@yiwang/contracts";
import { Pagination, Segmented, Table } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { type DrillFilter, lastDays, useDrill, useIndicatorValues } from "./api";
import { PngButton } from "./charts";
import "./indicators.css";

const DIMENSIONS: IndicatorDimension[] = ["department", "channel", "day", "item", "region"];
/** Which measure's cases an indicator's figure drills down to. */
const DRILL_MEASURE: Record<string, string> = {
  case_volume: "cases.volume",
  online_rate: "cases.online",
  immediate_rate: "cases.immediate",
  overdue_rate: "cases.overdue",
  open_cases: "cases.open",
  time_vs_promised: "cases.decided",
  service_score: "cases.volume",
};

/**
 * /workbench/indicators — 部门看板: the indicators of the last 30 days by a dimension (a department head sees
 * its own department only; the server filters), each figure a link to the cases behind it (the drill-down
 * table below, which the server filters the same way); each column saves as a PNG chart.
 */
export function IndicatorsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const [params, setParams] = useSearchParams();
  const range = { from: params.get("from") ?? lastDays(30).from, to: params.get("to") ?? lastDays(30).to };
  const by = (params.get("by") as IndicatorDimension | null) ?? "department";
  const values = useIndicatorValues({ ...range, by });
  const measure = params.get("measure");
  const drillFilter: DrillFilter | null = measure
    ? {
        measure,
        ...range,
        department: params.get("department") ?? undefined,
        channel: params.get("channel") ?? undefined,
        region: params.get("region") ?? undefined,
        offset: Number(params.get("offset")) || 0,
      }
    : null;
  const drill = useDrill(drillFilter);
  const set = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) v === null ? next.delete(k) : next.set(k, v);
    setParams(next);
  };
  const indicators = values.data?.indicators ?? [];
  const drillTo = (code: string, key: string) => {
    const change: Record<string, string | null> = {
      measure: DRILL_MEASURE[code] ?? "cases.volume",
      offset: null,
      department: null,
      channel: null,
      region: null,
    };
    if (by === "department") change.department = key;
    if (by === "channel") change.channel = key;
    if (by === "region") change.region = key;
    set(change);
  };

  return (
    <div className="yw-ind-page">
      <PageHeading
        title={t("indicators.dashboard.title")}
        subtitle={t("indicators.dashboard.subtitle", { from: range.from, to: range.to })}
        trail={[{ title: t("workbench.title"), to: "/workbench" }]}
      />
      <nav className="yw-ind-nav">
        <Link to="/workbench/indicators/registry">{t("indicators.registry.open")}</Link>
        <Link to="/workbench/indicators/alerts">{t("indicators.alerts.open")}</Link>
      </nav>
      <Panel
        title={t("indicators.dashboard.figures")}
        extra={
          <Segmented
            value={by}
            onChange={(v) => set({ by: String(v), measure: null })}
            options={DIMENSIONS.map((d) => ({ value: d, label: t(`indicators.dimension.${d}`) }))}
          />
        }
      >
        {values.error && <ErrorAlert error={values.error} />}
        <div className="yw-ind-scroll">
          <table className="yw-ind-table" data-testid="indicator-table">
            <thead>
              <tr>
                <th scope="col">{t(`indicators.dimension.${by}`)}</th>
                {indicators.map((i) => (
                  <th key={i.code} scope="col">
                    {en ? i.nameEn : i.name}
                    {i.unit && <span className="yw-muted"> ({i.unit})</span>}
                    {/* The column as a chart picture (bars; a line by day), drawn from the same figures. */}
                    <PngButton
                      data={(values.data?.groups ?? []).map((g) => ({
                        key: g.key,
                        label: g.label,
                        value: g.values[i.code] ?? null,
                      }))}
                      kind={by === "day" ? "line" : "bars"}
                      unit={i.unit === "%" ? "%" : ""}
                      max={i.unit === "%" ? 100 : undefined}
                      title={`${en ? i.nameEn : i.name} · ${t(`indicators.dimension.${by}`)} · ${range.from} — ${range.to}`}
                      fileName={`${i.code}-by-${by}-${range.to}`}
                      label={t("indicators.ops.png")}
                      testId={`indicator-png-${i.code}`}
                    />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(values.data?.groups ?? []).map((g) => (
                <tr key={g.key}>
                  <th scope="row">{g.label}</th>
                  {indicators.map((i) => (
                    <td key={i.code}>
                      {g.values[i.code] === null || g.values[i.code] === undefined ? (
                        "—"
                      ) : (
                        <button type="button" className="yw-ind-link" onClick={() => drillTo(i.code, g.key)}>
                          {Math.round((g.values[i.code] as number) * 100) / 100}
                        </button>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {values.data && (
          <p className="yw-muted" data-testid="indicator-freshness">
            {t("indicators.dashboard.freshness", {
              rows: values.data.freshness.rows,
              at: values.data.freshness.updatedAt ? new Date(values.data.freshness.updatedAt).toLocaleString() : "—",
            })}
          </p>
        )}
      </Panel>
      {drillFilter && (
        <Panel title={t("indicators.dashboard.drill", { measure: drillFilter.measure })}>
          {drill.error && <ErrorAlert error={drill.error} />}
          <Table
            data-testid="drill-table"
            rowKey="caseId"
            size="middle"
            pagination={false}
            scroll={{ x: true }}
            loading={drill.isFetching}
            dataSource={drill.data?.items ?? []}
            columns={[
              {
                title: t("indicators.drill.number"),
                dataIndex: "number",
                render: (n: string | null, r) => (
                  <Link to={`/workbench/cases/${r.caseId}`}>{n ?? r.caseId.slice(0, 8)}</Link>
                ),
              },
              { title: t("indicators.drill.item"), dataIndex: "itemName" },
              { title: t("indicators.drill.day"), dataIndex: "day" },
              {
                title: t("indicators.drill.status"),
                dataIndex: "status",
                render: (s: string) => t(`cases.status.${s}`, { defaultValue: s }),
              },
              {
                title: t("indicators.drill.deadline"),
                dataIndex: "deadlineDate",
                render: (d: string | null) => d ?? "—",
              },
            ]}
          />
          <Pagination
            className="yw-ind-pager"
            current={Math.floor((drillFilter.offset ?? 0) / 20) + 1}
            pageSize={20}
            total={drill.data?.total ?? 0}
            showSizeChanger={false}
            onChange={(p) => set({ offset: String((p - 1) * 20) })}
          />
          <p className="yw-muted" data-testid="drill-total">
            {t("indicators.drill.total", { count: drill.data?.total ?? 0 })}
          </p>
        </Panel>
      )}
    </div>
  );
}
