import type { OpendataSearchResult } from "@yiwang/contracts";
import { Empty, Pagination, Spin, Tag } from "antd";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { type DatasetSearch, PAGE_SIZE, useDatasetSearch } from "./api";
import "./opendata.css";

type FacetKey = keyof OpendataSearchResult["facets"];
const FACET_KEYS: FacetKey[] = ["department", "theme", "format", "openLevel"];

function readSearch(params: URLSearchParams): DatasetSearch {
  const level = params.get("openLevel");
  return {
    q: params.get("q") ?? undefined,
    department: params.get("department") ?? undefined,
    theme: params.get("theme") ?? undefined,
    format: params.get("format") ?? undefined,
    openLevel: level === "open" || level === "conditional" ? level : undefined,
    page: Math.max(1, Number(params.get("page")) || 1),
  };
}

/** /opendata — 公共数据开放: search, filter by department, theme, format and open level, page through datasets. */
export function OpendataPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const [params, setParams] = useSearchParams();
  const search = readSearch(params);
  const result = useDatasetSearch(search);
  const [text, setText] = useState(search.q ?? "");
  useEffect(() => setText(search.q ?? ""), [search.q]);

  const update = (change: Partial<DatasetSearch>) => {
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...search, page: 1, ...change }))
      if (v !== undefined && v !== "" && !(k === "page" && v === 1)) next[k] = String(v);
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() || undefined });
  };
  const label = (key: FacetKey, item: { value: string; label: string; labelEn: string }) =>
    key === "openLevel"
      ? t(item.value === "open" ? "opendata.level.open" : "opendata.level.conditional")
      : en
        ? item.labelEn
        : item.label;

  return (
    <div className="yw-container yw-page yw-od-page">
      <PageHeading
        title={t("opendata.title")}
        subtitle={t("opendata.subtitle")}
        extra={
          <div className="yw-od-links">
            <Link to="/opendata/stats" data-testid="opendata-stats-link">
              {t("opendata.stats.title")}
            </Link>
            <Link to="/opendata/my">{t("opendata.myApplications")}</Link>
          </div>
        }
      />
      <form className="yw-od-search" onSubmit={submit}>
        <input
          type="search"
          data-testid="opendata-search"
          value={text}
          maxLength={100}
          placeholder={t("opendata.searchPlaceholder")}
          aria-label={t("opendata.searchLabel")}
          enterKeyHint="search"
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" data-testid="opendata-search-button">
          {t("opendata.searchButton")}
        </button>
      </form>
      <div className="yw-od-layout">
        <Panel title={t("opendata.filters")}>
          {FACET_KEYS.map((key) => {
            const items = result.data?.facets[key] ?? [];
            const chosen = search[key];
            return (
              <div className="yw-od-facet" key={key} data-testid={`opendata-facet-${key}`}>
                <h3>{t(`opendata.facet.${key}`)}</h3>
                <div className="yw-od-chips">
                  {items.length === 0 && <span className="yw-muted">{t("opendata.noValues")}</span>}
                  {items.map((item) => (
                    <button
                      type="button"
                      key={item.value}
                      className="yw-od-chip"
                      aria-pressed={chosen === item.value}
                      onClick={() => update({ [key]: chosen === item.value ? undefined : item.value })}
                    >
                      {label(key, item)}（{item.count}）
                    </button>
                  ))}
                </div>
              </div>
            );
          })}
        </Panel>
        <Panel title={result.data ? t("opendata.found", { count: result.data.total }) : t("opendata.results")}>
          {result.isError ? (
            <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />
          ) : !result.data ? (
            <Spin />
          ) : result.data.items.length === 0 ? (
            <Empty description={t("opendata.empty")} />
          ) : (
            <>
              {result.data.items.map((d) => (
                <article className="yw-od-result" key={d.id} data-testid="opendata-result">
                  <h3>
                    <Link to={`/opendata/${encodeURIComponent(d.name)}`}>{d.title}</Link>
                  </h3>
                  <p>{d.description}</p>
                  <div>
                    <Tag color={d.openLevel === "open" ? "green" : "orange"}>{t(`opendata.level.${d.openLevel}`)}</Tag>
                    <span className="yw-muted">
                      {en ? d.department.nameEn || d.department.name : d.department.name}
                    </span>
                    {d.formats.map((f) => (
                      <Tag key={f} style={{ marginLeft: 8 }}>
                        {f}
                      </Tag>
                    ))}
                  </div>
                </article>
              ))}
              <Pagination
                style={{ marginTop: 16 }}
                current={result.data.page}
                pageSize={PAGE_SIZE}
                total={result.data.total}
                showSizeChanger={false}
                hideOnSinglePage
                onChange={(page) => update({ ...search, page })}
              />
            </>
          )}
        </Panel>
      </div>
    </div>
  );
}
