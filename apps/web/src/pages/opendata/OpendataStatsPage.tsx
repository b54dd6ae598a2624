import { Segmented, Spin, Table } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useOpendataStats } from "./api";
import "./opendata.css";

const percent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 1000) / 10}%`);

function Figure({ value, label, testId }: { value: string | number; label: string; testId?: string }) {
  return (
    <div className="yw-od-figure" data-testid={testId}>
      <strong>{typeof value === "number" ? value.toLocaleString() : value}</strong>
      <span>{label}</span>
    </div>
  );
}

/** /opendata/stats — 开放统计: supply, openness indicators (GB/T 38664-3's dimensions) and use over 7/30/365 days. */
export function OpendataStatsPage() {
  const { t } = useTranslation();
  const [days, setDays] = useState(30);
  const q = useOpendataStats(days);
  const s = q.data;
  return (
    <div className="yw-container yw-page yw-od-page">
      <PageHeading
        title={t("opendata.stats.title")}
        subtitle={t("opendata.stats.subtitle")}
        trail={[{ title: t("opendata.title"), to: "/opendata" }]}
        extra={
          <Segmented
            size="large"
            value={days}
            onChange={(v) => setDays(Number(v))}
            options={[7, 30, 365].map((d) => ({ value: d, label: t("opendata.stats.days", { count: d }) }))}
          />
        }
      />
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {!s && !q.isError && <Spin />}
      {s && (
        <div data-testid="opendata-stats">
          <Panel title={t("opendata.stats.supply")}>
            <div className="yw-od-figures">
              <Figure value={s.supply.datasets} label={t("opendata.stats.datasets")} testId="opendata-stat-datasets" />
              <Figure value={s.supply.open} label={t("opendata.level.open")} />
              <Figure value={s.supply.conditional} label={t("opendata.level.conditional")} />
              <Figure value={s.supply.resources} label={t("opendata.stats.resources")} />
              <Figure value={s.supply.rows} label={t("opendata.stats.rows")} />
              <Figure
                value={`${s.supply.publishingDepartments} / ${s.supply.departments}`}
                label={t("opendata.stats.departments")}
              />
            </div>
          </Panel>
          <Panel title={t("opendata.stats.indicators")}>
            <div className="yw-od-figures">
              <Figure value={percent(s.indicators.unconditionalShare)} label={t("opendata.stats.unconditionalShare")} />
              <Figure value={percent(s.indicators.machineReadableShare)} label={t("opendata.stats.machineReadable")} />
              <Figure value={percent(s.indicators.timelyShare)} label={t("opendata.stats.timely")} />
              <Figure value={percent(s.indicators.departmentCoverage)} label={t("opendata.stats.coverage")} />
            </div>
          </Panel>
          <Panel title={t("opendata.stats.use", { count: s.days })}>
            <div className="yw-od-figures">
              <Figure value={s.use.views} label={t("opendata.stats.views")} testId="opendata-stat-views" />
              <Figure value={s.use.downloads} label={t("opendata.stats.downloads")} testId="opendata-stat-downloads" />
              <Figure value={s.use.apiCalls} label={t("opendata.stats.apiCalls")} />
              <Figure value={s.use.approvedApplications} label={t("opendata.stats.approved")} />
            </div>
            <Table
              style={{ marginTop: 16 }}
              size="middle"
              rowKey="id"
              pagination={false}
              scroll={{ x: "max-content" }}
              dataSource={s.top}
              locale={{ emptyText: t("opendata.stats.noUse") }}
              columns={[
                {
                  key: "title",
                  title: t("opendata.results"),
                  render: (_, r) => <Link to={`/opendata/${r.name}`}>{r.title}</Link>,
                },
                { key: "department", dataIndex: "department", title: t("opendata.meta.department") },
                { key: "views", dataIndex: "views", title: t("opendata.stats.views"), align: "right" },
                { key: "downloads", dataIndex: "downloads", title: t("opendata.stats.downloads"), align: "right" },
                { key: "apiCalls", dataIndex: "apiCalls", title: t("opendata.stats.apiCalls"), align: "right" },
              ]}
            />
          </Panel>
        </div>
      )}
    </div>
  );
}
