import { Spin, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { ApplyForm } from "./ApplyForm";
import { ROWS_PER_PAGE, useDataset } from "./api";
import { RowsChart } from "./RowsChart";
import "./opendata.css";

const downloadUrl = (dataset: string, resource: string) =>
  `/api/opendata/datasets/${encodeURIComponent(dataset)}/resources/${resource}/download`;
const absolute = (path: string) => `${window.location.origin}${path}`;

/**
 * /opendata/:id — one dataset: metadata, resources with their CKAN API URLs, a paged table of rows (open
 * datasets) with a chart of them, CSV downloads, API examples, the DCAT export; for a conditional dataset
 * (有条件开放) the application form instead of rows.
 */
export function DatasetPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const { id = "" } = useParams();
  const [resource, setResource] = useState<string | undefined>();
  const [offset, setOffset] = useState(0);
  const q = useDataset(id, resource, offset);
  const trail = [{ title: t("opendata.title"), to: "/opendata" }];
  if (q.isError)
    return (
      <div className="yw-container yw-page yw-od-page">
        <PageHeading title={t("opendata.title")} trail={[]} />
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  const d = q.data;
  if (!d)
    return (
      <div className="yw-container yw-page yw-od-page">
        <Spin />
      </div>
    );
  const shown = d.resources.find((r) => r.id === (d.preview?.resourceId ?? resource)) ?? d.resources[0];
  const meta: [string, string][] = [
    [t("opendata.meta.department"), en ? d.department.nameEn || d.department.name : d.department.name],
    [t("opendata.meta.openLevel"), t(`opendata.level.${d.openLevel}`)],
    [t("opendata.meta.themes"), d.themes.join("、")],
    [t("opendata.meta.keywords"), d.keywords.join("、")],
    [t("opendata.meta.license"), d.licenseTitle],
    [t("opendata.meta.frequency"), t(`opendata.frequency.${d.frequency}`, { defaultValue: d.frequency })],
    [
      t("opendata.meta.coverage"),
      [d.spatial, [d.temporalStart, d.temporalEnd].filter(Boolean).join(" ~ ")].filter(Boolean).join(" · "),
    ],
    [t("opendata.meta.contact"), d.contactName],
    [t("opendata.meta.updated"), d.updatedAt.slice(0, 10)],
    [t("opendata.meta.version"), String(d.version)],
  ];
  return (
    <div className="yw-container yw-page yw-od-page">
      <PageHeading title={d.title} subtitle={d.description} trail={trail} />
      <Panel title={t("opendata.metadata")}>
        <dl className="yw-od-meta" data-testid="opendata-meta">
          {meta
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <div key={k} style={{ display: "contents" }}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
        </dl>
      </Panel>
      <Panel title={t("opendata.resources")}>
        {d.resources.map((r) => (
          <div key={r.id} className="yw-od-result" data-testid="opendata-resource">
            <h3>
              {r.name} <Tag>{r.format}</Tag>
            </h3>
            <p className="yw-muted">
              {t("opendata.resourceFacts", { rows: r.rowCount, kb: Math.max(1, Math.round(r.sizeBytes / 1024)) })}
            </p>
            <div className="yw-od-links">
              {!d.applyForAccess && (
                <a href={downloadUrl(d.name, r.id)} download data-testid="opendata-download">
                  {t("opendata.download")}
                </a>
              )}
              <a href={r.apiUrl}>{t("opendata.apiLink")}</a>
              {d.resources.length > 1 && (
                <button
                  type="button"
                  className="yw-od-chip"
                  aria-pressed={shown?.id === r.id}
                  onClick={() => {
                    setResource(r.id);
                    setOffset(0);
                  }}
                >
                  {t("opendata.previewThis")}
                </button>
              )}
            </div>
          </div>
        ))}
      </Panel>
      <Panel title={t("opendata.preview")}>
        {d.applyForAccess ? (
          <ApplyForm datasetId={d.name} />
        ) : d.preview && shown ? (
          <div className="yw-od-table" data-testid="opendata-rows">
            <Table
              size="middle"
              rowKey="_id"
              scroll={{ x: "max-content" }}
              dataSource={d.preview.rows}
              columns={shown.fields.map((f) => ({ key: f.id, dataIndex: f.id, title: f.label }))}
              pagination={{
                current: Math.floor(d.preview.offset / ROWS_PER_PAGE) + 1,
                pageSize: ROWS_PER_PAGE,
                total: d.preview.total,
                showSizeChanger: false,
                onChange: (page) => setOffset((page - 1) * ROWS_PER_PAGE),
              }}
            />
          </div>
        ) : (
          <span className="yw-muted">{t("opendata.noRows")}</span>
        )}
        {d.preview && shown && <RowsChart fields={shown.fields} rows={d.preview.rows} />}
      </Panel>
      <Panel title={t("opendata.api")}>
        {shown && (
          <pre className="yw-od-example" data-testid="opendata-example">
            {d.applyForAccess
              ? `curl -H "X-CKAN-API-Key: <${t("opendata.yourKey")}>" "${shown.apiUrl}&limit=5"\n` +
                `curl -H "X-CKAN-API-Key: <${t("opendata.yourKey")}>" -o data.csv "${absolute(downloadUrl(d.name, shown.id))}"`
              : `curl "${shown.apiUrl}&limit=5"\ncurl -o data.csv "${absolute(downloadUrl(d.name, shown.id))}"`}
          </pre>
        )}
        <div className="yw-od-links" data-testid="opendata-links">
          <a href={d.links.packageShow}>{t("opendata.ckanLink")}</a>
          <a href={d.links.dcatTurtle}>{t("opendata.dcatTurtle")}</a>
          <a href={d.links.dcatJsonLd}>{t("opendata.dcatJsonLd")}</a>
          <Link to="/opendata">{t("opendata.back")}</Link>
        </div>
      </Panel>
    </div>
  );
}
