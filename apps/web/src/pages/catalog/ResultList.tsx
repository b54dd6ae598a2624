import { ClockCircleOutlined, EnvironmentOutlined, GlobalOutlined } from "@ant-design/icons";
import type { SearchHit } from "@yiwang/contracts";
import { Empty, Pagination, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Highlighted } from "./Highlighted";
import { itemName, limitText, useDeptName, visitsText } from "./labels";

interface Props {
  items: SearchHit[];
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  empty?: React.ReactNode;
}

/** Search or browse results as cards: name (with matches marked), department, limits, depth, visits. */
export function ResultList({ items, total, page, pageSize, onPage, empty }: Props) {
  const { t, i18n } = useTranslation();
  const deptName = useDeptName();
  if (items.length === 0) return <>{empty ?? <Empty description={t("catalog.results.empty")} />}</>;
  const en = i18n.resolvedLanguage === "en";
  return (
    <>
      <ol className="yw-catalog-results" data-testid="catalog-results">
        {items.map((h) => (
          <li key={h.code} className="yw-catalog-result">
            <Link to={`/services/items/${h.code}`} className="yw-catalog-result-name">
              {en && h.nameEn ? h.nameEn : <Highlighted text={h.name} spans={h.highlight} />}
            </Link>
            {en && h.nameEn && <div className="yw-muted">{itemName({ ...h, nameEn: null }, "zh-CN")}</div>}
            <div className="yw-catalog-result-meta">
              <Tag color={h.onlineDepth === 4 ? "green" : h.onlineDepth === 3 ? "blue" : "default"}>
                <GlobalOutlined /> {t(`catalog.depthShort.${h.onlineDepth}` as "catalog.depthShort.4")}
              </Tag>
              <Tag>{t(`catalog.audience.${h.audience}`)}</Tag>
              <span>
                <ClockCircleOutlined aria-hidden="true" /> {t("catalog.guide.promiseLimit")}{" "}
                {limitText(t, h.promiseDays, h.timeUnit)}
              </span>
              <span>
                <EnvironmentOutlined aria-hidden="true" /> {visitsText(t, h.maxVisits)}
              </span>
              <span className="yw-muted">{deptName(h.dept)}</span>
            </div>
          </li>
        ))}
      </ol>
      {total > pageSize && (
        <Pagination
          className="yw-catalog-pager"
          current={page}
          pageSize={pageSize}
          total={total}
          showSizeChanger={false}
          onChange={onPage}
        />
      )}
    </>
  );
}
