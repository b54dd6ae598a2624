import { Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import "./catalog.css";
import { Filters } from "./Filters";
import { useCatalogSearch } from "./queries";
import { ResultList } from "./ResultList";
import { SearchBox } from "./SearchBox";
import { useCatalogParams } from "./useCatalogParams";

const PAGE_SIZE = 20;

/** Browsing without a query: by 个人/法人, by topic or life event, by department, by online depth. */
export function ServicesPage() {
  const { t } = useTranslation();
  const { filters, page, update } = useCatalogParams();
  const result = useCatalogSearch({ ...filters, page, pageSize: PAGE_SIZE });
  const title =
    filters.audience === "natural_person"
      ? t("catalog.personal")
      : filters.audience === "legal_person"
        ? t("catalog.corporate")
        : t("catalog.browseTitle");
  return (
    <div className="yw-container yw-page">
      <PageHeading title={title} subtitle={t("catalog.browseSubtitle")} trail={[{ title: t("nav.portal"), to: "/" }]} />
      <Panel>
        <SearchBox size="middle" />
        <Filters value={filters} onChange={(f) => update({ filters: f, page: 1 })} />
      </Panel>
      {result.isError ? (
        <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />
      ) : !result.data ? (
        <Skeleton active />
      ) : (
        <Panel title={t("catalog.results.count", { count: result.data.total })}>
          <ResultList
            items={result.data.items}
            total={result.data.total}
            page={page}
            pageSize={PAGE_SIZE}
            onPage={(p) => update({ page: p })}
          />
        </Panel>
      )}
    </div>
  );
}
