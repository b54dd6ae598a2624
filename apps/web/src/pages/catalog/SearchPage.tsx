import { Skeleton, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import "./catalog.css";
import { Filters } from "./Filters";
import { Highlighted } from "./Highlighted";
import { useCatalogSearch } from "./queries";
import { ResultList } from "./ResultList";
import { SearchBox } from "./SearchBox";
import { useCatalogParams } from "./useCatalogParams";

const PAGE_SIZE = 10;

/** Search results: what the query was understood as, matching bundles, items with matches marked. */
export function SearchPage() {
  const { t, i18n } = useTranslation();
  const { q, filters, page, update } = useCatalogParams();
  const result = useCatalogSearch({ q, ...filters, page, pageSize: PAGE_SIZE });
  const data = result.data;
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("catalog.results.title")} trail={[{ title: t("nav.portal"), to: "/" }]} />
      <Panel>
        <SearchBox initial={q} />
        <Filters value={filters} onChange={(f) => update({ filters: f, page: 1 })} />
      </Panel>
      {result.isError ? (
        <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <Panel title={t("catalog.results.count", { count: data.total })}>
          {data.terms.length > 0 && (
            <p className="yw-catalog-terms" data-testid="catalog-terms">
              {t("catalog.results.understood")} {data.terms.slice(0, 6).join(" · ")}
            </p>
          )}
          {data.bundles.length > 0 && (
            <ul className="yw-catalog-bundle-hits">
              {data.bundles.map((b) => (
                <li key={b.code}>
                  <Tag color="red">{t("catalog.bundles")}</Tag>
                  <Link to={`/services/bundles/${b.code}`}>
                    {i18n.resolvedLanguage === "en" && b.nameEn ? (
                      b.nameEn
                    ) : (
                      <Highlighted text={b.name} spans={b.highlight} />
                    )}
                  </Link>
                  {b.description && <div className="yw-muted">{b.description}</div>}
                </li>
              ))}
            </ul>
          )}
          <ResultList
            items={data.items}
            total={data.total}
            page={page}
            pageSize={PAGE_SIZE}
            onPage={(p) => update({ page: p })}
            empty={
              data.bundles.length === 0 && (
                <div className="yw-catalog-none" data-testid="catalog-none">
                  <p>{t("catalog.results.none", { q })}</p>
                  {data.suggestions.length > 0 && (
                    <p>
                      {t("catalog.results.suggestions")}
                      {data.suggestions.map((s) => (
                        <Link
                          key={s}
                          to={`/services/search?q=${encodeURIComponent(s)}`}
                          className="yw-catalog-suggestion"
                        >
                          <Tag>{s}</Tag>
                        </Link>
                      ))}
                    </p>
                  )}
                </div>
              )
            }
          />
        </Panel>
      )}
    </div>
  );
}
