import { Empty, Spin } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { RequireLogin } from "../../shared/session";
import { useEnterpriseRectifications } from "./api";
import { RectificationPanel } from "./RectificationPanel";
import "./supervision.css";

/** /credit/rectifications — the enterprise (acted for) reports its 责令整改 with evidence before the deadline. */
export function RectificationsPage() {
  return (
    <RequireLogin>
      <Rectifications />
    </RequireLogin>
  );
}

function Rectifications() {
  const { t } = useTranslation();
  const list = useEnterpriseRectifications();
  return (
    <div className="yw-container yw-page yw-sv-page">
      <PageHeading title={t("supervision.rect.pageTitle")} subtitle={t("supervision.rect.pageSubtitle")} />
      {list.error && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      {list.isLoading ? (
        <Spin />
      ) : list.data?.items.length ? (
        <ul className="yw-sv-visits">
          {list.data.items.map((r) => (
            <li key={`${r.id}-${r.status}-${r.round}`} className="yw-sv-visit">
              <h3>{r.targetName}</h3>
              <RectificationPanel rect={r} canRecheck={false} />
            </li>
          ))}
        </ul>
      ) : (
        <Empty description={t("supervision.rect.none")} />
      )}
    </div>
  );
}
