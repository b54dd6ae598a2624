import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { usePageTitle } from "../shared/usePageTitle";

/** Client-side 404: the server hands every unknown HTML path to the app, so the app must say "not found". */
export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t("notFound.title"));
  return (
    <div className="yw-container yw-page">
      <Result
        status="404"
        title={t("notFound.title")}
        subTitle={t("notFound.subtitle")}
        extra={
          <Button type="primary" onClick={() => navigate("/")}>
            {t("notFound.back")}
          </Button>
        }
      />
    </div>
  );
}
