import { AppstoreOutlined, BankOutlined, TeamOutlined, UserOutlined } from "@ant-design/icons";
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Panel } from "../../shared/Panel";
import "./catalog.css";
import { useBundles, useFacets } from "./queries";
import { SearchBox } from "./SearchBox";

/** The portal's way in: the search box, 个人/法人 browsing, popular topics and the 一件事 bundles. */
export function CatalogEntry() {
  const { t, i18n } = useTranslation();
  const facets = useFacets();
  const bundles = useBundles();
  return (
    <Panel title={t("catalog.entryTitle")} icon={<AppstoreOutlined />} className="yw-catalog-entry">
      <SearchBox />
      <div className="yw-catalog-audiences">
        <Link to="/services?audience=natural_person" className="yw-catalog-audience" data-testid="browse-personal">
          <UserOutlined aria-hidden="true" /> {t("catalog.personal")}
        </Link>
        <Link to="/services?audience=legal_person" className="yw-catalog-audience" data-testid="browse-corporate">
          <BankOutlined aria-hidden="true" /> {t("catalog.corporate")}
        </Link>
      </div>
      {facets.data && facets.data.topics.length > 0 && (
        <div className="yw-catalog-topics">
          <span className="yw-muted">{t("catalog.hotTopics")}：</span>
          {facets.data.topics.slice(0, 10).map((topic) => (
            <Link key={topic.name} to={`/services?topic=${encodeURIComponent(topic.name)}`}>
              <Tag className="yw-catalog-topic">{topic.name}</Tag>
            </Link>
          ))}
        </div>
      )}
      {bundles.data && bundles.data.items.length > 0 && (
        <div className="yw-catalog-bundles">
          <h3 className="yw-catalog-subtitle">
            <TeamOutlined aria-hidden="true" /> {t("catalog.bundles")}
          </h3>
          <ul>
            {bundles.data.items.map((b) => (
              <li key={b.code}>
                <Link to={`/services/bundles/${b.code}`}>
                  {i18n.resolvedLanguage === "en" && b.nameEn ? b.nameEn : b.name}
                </Link>
                {b.description && <span className="yw-muted"> · {b.description}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Panel>
  );
}
