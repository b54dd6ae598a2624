import { Layout } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function AppFooter() {
  const { t } = useTranslation();
  return (
    <Layout.Footer className="yw-footer">
      <div className="yw-footer-inner">
        <div>
          <div className="yw-footer-about">{t("footer.about")}</div>
          <div className="yw-footer-note">{t("footer.demo")}</div>
        </div>
        <div className="yw-footer-links">
          {/* /docs is served by the API server (Swagger UI), not by this app: a full page load is intended. */}
          <a href="/docs">{t("footer.apiDocs")}</a>
          <span aria-hidden="true">·</span>
          <Link to="/evaluation/stats" data-testid="footer-evaluation-stats">
            {t("footer.evaluationStats")}
          </Link>
          <span aria-hidden="true">·</span>
          <Link to="/opendata" data-testid="footer-opendata">
            {t("footer.openData")}
          </Link>
          <span aria-hidden="true">·</span>
          <span>{t("footer.license")}</span>
        </div>
      </div>
    </Layout.Footer>
  );
}
