import { WarningOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";
import { useRouteError } from "react-router";

/**
 * Last resort when rendering a route throws — typically a page chunk that no longer exists on the server
 * after a deployment. Reloading fetches the new index.html and its chunks. Plain markup on purpose: this
 * must work even when little else does.
 */
export function RouteError() {
  const { t } = useTranslation();
  console.error(useRouteError());
  return (
    <div className="yw-route-error" role="alert">
      <WarningOutlined className="yw-route-error-icon" />
      <p>{t("common.unknownError")}</p>
      <Button type="primary" onClick={() => window.location.reload()}>
        {t("common.retry")}
      </Button>
    </div>
  );
}
