import { Button, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { lastDays, useRegistry, useVersions } from "./api";
import "./indicators.css";

/** The children of a weighted indicator system (`weighted(a: 0.6, b: 0.4)`), shown under its formula. */
function weightedChildren(formula: string): { code: string; weight: number }[] {
  const inner = /weighted\(([^)]*)\)/.exec(formula)?.[1];
  if (!inner) return [];
  return inner.split(",").map((part) => {
    const [code, weight] = part.split(":");
    return { code: (code ?? "").trim(), weight: Number(weight) };
  });
}

/**
 * /workbench/indicators/registry — 指标目录: every indicator as defined once (formula over named measures,
 * unit, dimensions, direction, target and thresholds, source module), its versions, and an .xlsx export of
 * its values per department and day over the last 30 days (the server keeps a department head to its own).
 */
export function RegistryPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const registry = useRegistry();
  const [open, setOpen] = useState<string | null>(null);
  const versions = useVersions(open);
  const range = lastDays(30);
  const lang = en ? "en" : "zh-CN";
  const names = new Map((registry.data?.indicators ?? []).map((i) => [i.code, en ? i.nameEn : i.name]));

  return (
    <div className="yw-ind-page">
      <PageHeading
        title={t("indicators.registry.title")}
        subtitle={t("indicators.registry.subtitle")}
        trail={[
          { title: t("workbench.title"), to: "/workbench" },
          { title: t("indicators.dashboard.title"), to: "/workbench/indicators" },
        ]}
      />
      <Panel title={t("indicators.registry.indicators")}>
        {registry.error && <ErrorAlert error={registry.error} />}
        <Table
          data-testid="registry-table"
          rowKey="code"
          size="middle"
          pagination={false}
          scroll={{ x: true }}
          loading={registry.isLoading}
          dataSource={registry.data?.indicators ?? []}
          columns={[
            {
              title: t("indicators.registry.name"),
              dataIndex: "name",
              render: (_: string, i) => (
                <div>
                  <strong>{en ? i.nameEn : i.name}</strong>
                  <div className="yw-muted">{i.code}</div>
                </div>
              ),
            },
            {
              title: t("indicators.registry.formula"),
              dataIndex: "formula",
              render: (f: string, i) => (
                <div>
                  <code>{f}</code>
                  {i.unit && <span className="yw-muted"> ({i.unit})</span>}
                  {weightedChildren(f).length > 0 && (
                    <ul className="yw-ind-children" data-testid={`children-${i.code}`}>
                      {weightedChildren(f).map((c) => (
                        <li key={c.code}>
                          {names.get(c.code) ?? c.code} × {c.weight}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ),
            },
            {
              title: t("indicators.registry.source"),
              dataIndex: "sourceModule",
              render: (s: string) => <Tag>{t(`indicators.registry.sources.${s}`, { defaultValue: s })}</Tag>,
            },
            {
              title: t("indicators.registry.thresholds"),
              dataIndex: "thresholds",
              render: (_: unknown, i) =>
                [
                  i.target !== null && `${t("indicators.registry.target")} ${i.target}`,
                  i.thresholds.warning !== null && `${t("indicators.registry.warning")} ${i.thresholds.warning}`,
                  i.thresholds.critical !== null && `${t("indicators.registry.critical")} ${i.thresholds.critical}`,
                ]
                  .filter(Boolean)
                  .join(" · ") || "—",
            },
            {
              title: t("indicators.registry.version"),
              dataIndex: "version",
              render: (v: number, i) => (
                <Button size="small" onClick={() => setOpen(open === i.code ? null : i.code)}>
                  {t("indicators.registry.versionN", { version: v })}
                </Button>
              ),
            },
            {
              title: t("indicators.registry.export"),
              dataIndex: "code",
              render: (code: string) => (
                <a
                  className="yw-ind-link"
                  href={`/api/indicators/export?code=${code}&from=${range.from}&to=${range.to}&lang=${lang}`}
                  download
                >
                  {t("indicators.registry.exportXlsx")}
                </a>
              ),
            },
          ]}
        />
      </Panel>
      {open && (
        <Panel title={t("indicators.registry.versionsOf", { code: open })}>
          {versions.error && <ErrorAlert error={versions.error} />}
          <Table
            data-testid="versions-table"
            rowKey="version"
            size="middle"
            pagination={false}
            scroll={{ x: true }}
            loading={versions.isLoading}
            dataSource={versions.data?.versions ?? []}
            columns={[
              { title: t("indicators.registry.version"), dataIndex: "version" },
              {
                title: t("indicators.registry.formula"),
                dataIndex: "formula",
                render: (f: string) => <code>{f}</code>,
              },
              {
                title: t("indicators.registry.updatedAt"),
                dataIndex: "updatedAt",
                render: (at: string, v) =>
                  v.version === 0 ? t("indicators.registry.builtIn") : new Date(at).toLocaleString(),
              },
            ]}
          />
        </Panel>
      )}
      {registry.data && (
        <Panel title={t("indicators.registry.measures")}>
          <ul className="yw-ind-measures" data-testid="measure-list">
            {registry.data.measures.map((m) => (
              <li key={m.name}>
                <code>{m.name}</code> {en ? m.labelEn : m.label}
              </li>
            ))}
          </ul>
        </Panel>
      )}
    </div>
  );
}
