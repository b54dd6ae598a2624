import { Empty, Spin, Tag } from "antd";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useCreditProfile, useCreditSearch } from "./api";
import "./supervision.css";

const GRADE_COLOURS = { A: "green", B: "blue", C: "orange", D: "red" } as const;

/** /credit — public 信用查询: enterprises only, by name or unified social credit code; published records. */
export function CreditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const uscc = params.get("uscc") ?? undefined;
  const [text, setText] = useState(q);
  const search = useCreditSearch(q);
  const profile = useCreditProfile(uscc);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };
  return (
    <div className="yw-container yw-page yw-sv-page">
      <PageHeading title={t("supervision.credit.title")} subtitle={t("supervision.credit.subtitle")} />
      <form className="yw-sv-search" onSubmit={submit}>
        <input
          type="search"
          data-testid="credit-search"
          value={text}
          maxLength={100}
          placeholder={t("supervision.credit.placeholder")}
          aria-label={t("supervision.credit.placeholder")}
          enterKeyHint="search"
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" data-testid="credit-search-button">
          {t("supervision.credit.search")}
        </button>
      </form>
      {search.error && <ErrorAlert error={search.error} />}
      {q && !uscc && (
        <Panel title={t("supervision.credit.results")}>
          {search.isLoading ? (
            <Spin />
          ) : search.data?.items.length ? (
            <ul className="yw-sv-list">
              {search.data.items.map((e) => (
                <li key={e.uscc}>
                  <button type="button" data-testid="credit-result" onClick={() => setParams({ q, uscc: e.uscc })}>
                    <span className="yw-sv-name">{e.name}</span>
                    <span className="yw-sv-code">{e.uscc}</span>
                    <Tag color={GRADE_COLOURS[e.grade]}>{t("supervision.credit.grade", { grade: e.grade })}</Tag>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <Empty description={t("supervision.credit.none")} />
          )}
        </Panel>
      )}
      {uscc && (
        <Panel title={profile.data?.name ?? uscc}>
          {profile.error && <ErrorAlert error={profile.error} />}
          {profile.data && (
            <div data-testid="credit-profile">
              <p className="yw-sv-code">{profile.data.uscc}</p>
              <p className="yw-sv-grade">
                <Tag color={GRADE_COLOURS[profile.data.grade]}>
                  {t("supervision.credit.grade", { grade: profile.data.grade })}
                </Tag>
                {profile.data.blacklisted && <Tag color="red">{t("supervision.credit.blacklisted")}</Tag>}
                <span className="yw-sv-muted">
                  {t("supervision.credit.rules", { version: profile.data.rulesVersion })}
                </span>
              </p>
              {profile.data.records.length === 0 ? (
                <Empty description={t("supervision.credit.noRecords")} />
              ) : (
                <ul className="yw-sv-records">
                  {profile.data.records.map((r) => (
                    <li key={r.id} data-testid="credit-record">
                      <strong>{t(`supervision.credit.kind.${r.kind}`)}</strong> {r.title}
                      <div className="yw-sv-muted">
                        {t("supervision.credit.basis")}：{r.legalBasis}
                      </div>
                      <div className="yw-sv-muted">
                        {r.decidedOn}
                        {r.publishUntil ? ` — ${t("supervision.credit.until", { date: r.publishUntil })}` : ""}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </Panel>
      )}
    </div>
  );
}
