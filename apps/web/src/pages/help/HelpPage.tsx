import { CustomerServiceOutlined, QuestionCircleOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Empty, Pagination, Spin } from "antd";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useErrorText } from "../../shared/useErrorText";
import { Highlighted } from "../catalog/Highlighted";
import "../catalog/catalog.css";
import "./help.css";

const PAGE_SIZE = 10;

function useHelp(q: string, page: number) {
  return useQuery({
    queryKey: ["help", q, page],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/help", { params: { query: { q: q || undefined, page, pageSize: PAGE_SIZE } }, signal })),
    placeholderData: keepPreviousData,
  });
}

/**
 * /help — 帮助中心: the guides' FAQ answers for a question typed in everyday words (the server's Chinese
 * search), the common questions before anything is typed, each with a link to its guide; and, when that
 * does not help, the way to 12345 (call, or file a request online).
 */
export function HelpPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.resolvedLanguage === "en";
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [value, setValue] = useState(q);
  useEffect(() => setValue(q), [q]);
  const help = useHelp(q, page);
  const errorText = useErrorText();
  const data = help.data;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = value.trim();
    setParams(text ? { q: text } : {});
  };

  return (
    <div className="yw-container yw-page yw-help">
      <PageHeading title={t("help.title")} subtitle={t("help.subtitle")} />
      <form className="yw-searchbox yw-searchbox-large yw-help-search" onSubmit={submit}>
        <input
          type="search"
          className="yw-searchbox-input"
          data-testid="help-search"
          value={value}
          maxLength={100}
          placeholder={t("help.placeholder")}
          aria-label={t("help.searchLabel")}
          enterKeyHint="search"
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="yw-searchbox-button">
          {t("help.searchButton")}
        </button>
      </form>

      <Panel
        title={q ? t("help.answersFor", { q }) : t("help.popular")}
        icon={<QuestionCircleOutlined />}
        className="yw-help-answers"
      >
        {help.isError && <Alert type="error" showIcon message={errorText(help.error)} />}
        {help.isPending && <Spin />}
        {data?.match === "some" && data.items.length > 0 && (
          <Alert type="info" showIcon message={t("help.partial")} className="yw-help-partial" />
        )}
        {data && data.items.length === 0 && <Empty description={t("help.none")} />}
        <ol className="yw-help-list">
          {data?.items.map((a) => (
            <li key={`${a.itemCode}:${a.question}`} className="yw-help-entry" data-testid="help-answer">
              <h3 className="yw-help-question">
                <Highlighted text={a.question} spans={a.questionHighlight} />
              </h3>
              <p className="yw-help-text">
                <Highlighted text={a.answer} spans={a.answerHighlight} />
              </p>
              <Link className="yw-help-item" to={`/services/items/${encodeURIComponent(a.itemCode)}`}>
                {t("help.guideOf", { name: en && a.itemNameEn ? a.itemNameEn : a.itemName })}
              </Link>
            </li>
          ))}
        </ol>
        {data && data.total > PAGE_SIZE && (
          <Pagination
            simple
            current={page}
            pageSize={PAGE_SIZE}
            total={data.total}
            onChange={(p) => setParams(q ? { q, page: String(p) } : { page: String(p) })}
          />
        )}
      </Panel>

      <Panel title={t("help.notSolved")} icon={<CustomerServiceOutlined />} className="yw-help-fallback">
        <p>{t("help.notSolvedText")}</p>
        <div className="yw-help-actions">
          <Button className="yw-help-action" href="tel:12345" data-testid="help-call">
            {t("help.call")}
          </Button>
          {/* A real link (opens in a new tab too) that navigates inside the app on a plain click. */}
          <Button
            type="primary"
            className="yw-help-action"
            href="/hotline"
            data-testid="help-file"
            onClick={(e) => {
              if (e.metaKey || e.ctrlKey || e.shiftKey) return;
              e.preventDefault();
              navigate("/hotline");
            }}
          >
            {t("help.file")}
          </Button>
        </div>
      </Panel>
    </div>
  );
}
