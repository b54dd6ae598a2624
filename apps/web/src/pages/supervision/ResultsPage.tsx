import { Empty, Input, List, Spin, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { usePublishedResults } from "./api";
import "./supervision.css";

const RESULT_COLOR = { qualified: "green", rectify: "orange", case: "red" } as const;

/**
 * /supervision/results — 一公开: published 双随机 inspection results, searchable by enterprise name or code. The
 * inspectors appear by law-enforcement certificate number only (as published in practice).
 */
export function ResultsPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const results = usePublishedResults(q, page);
  return (
    <div className="yw-container yw-page yw-sv-page">
      <PageHeading title={t("supervision.results.title")} subtitle={t("supervision.results.subtitle")} />
      <Input.Search
        size="large"
        allowClear
        placeholder={t("supervision.results.placeholder")}
        aria-label={t("supervision.results.placeholder")}
        data-testid="results-search"
        onSearch={(v) => {
          setQ(v.trim());
          setPage(1);
        }}
      />
      {results.error && <ErrorAlert error={results.error} onRetry={() => results.refetch()} />}
      {results.isLoading ? (
        <Spin />
      ) : results.data?.items.length ? (
        <List
          className="yw-sv-results"
          dataSource={results.data.items}
          pagination={{
            current: page,
            pageSize: 10,
            total: results.data.total,
            onChange: setPage,
            showSizeChanger: false,
            size: "small",
          }}
          renderItem={(r) => (
            <List.Item data-testid="result">
              <div className="yw-sv-result">
                <h3>{r.name}</h3>
                <p className="yw-sv-code">{r.uscc}</p>
                <p>
                  <Tag color={RESULT_COLOR[r.result]}>{t(`supervision.inspect.result.${r.result}`)}</Tag>
                  {r.rectification && <Tag>{t(`supervision.rect.status.${r.rectification}`)}</Tag>}
                </p>
                <p>{r.items.join("、")}</p>
                <p className="yw-sv-muted">
                  {t("supervision.results.inspectedOn", { date: r.inspectedOn })} ·{" "}
                  {t("supervision.results.certificates", { list: r.certificateNos.join("、") })}
                </p>
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Empty description={t("supervision.results.none")} />
      )}
    </div>
  );
}
