import { Alert, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { hasRole, RequireLogin, useMe } from "../../shared/session";
import { DeliveriesPanel } from "./notifications/DeliveriesPanel";
import { TemplatesPanel } from "./notifications/TemplatesPanel";
import { WebhooksPanel } from "./notifications/WebhooksPanel";

function NotificationsAdmin() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) return null;
  // notify.manage is the platform administrator's (the server checks it on every route)
  if (!hasRole(me.data, "platform_admin"))
    return <Alert type="warning" showIcon message={t("notifyAdmin.notAllowed")} />;
  return (
    <Panel>
      <Tabs
        destroyInactiveTabPane
        items={[
          { key: "templates", label: t("notifyAdmin.tabTemplates"), children: <TemplatesPanel /> },
          {
            key: "deliveries",
            label: t("notifyAdmin.tabDeliveries"),
            children: <DeliveriesPanel deadLetters={false} />,
          },
          { key: "dead", label: t("notifyAdmin.tabDead"), children: <DeliveriesPanel deadLetters /> },
          { key: "webhooks", label: t("notifyAdmin.tabWebhooks"), children: <WebhooksPanel /> },
        ]}
      />
    </Panel>
  );
}

/** 消息管理: templates, the delivery log, dead letters and department group webhooks. */
export function NotificationsAdminPage() {
  const { t } = useTranslation();
  const trail = [{ title: t("admin.title"), to: "/admin" }];
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("notifyAdmin.title")} subtitle={t("notifyAdmin.desc")} trail={trail} />
      <RequireLogin kind="staff">
        <NotificationsAdmin />
      </RequireLogin>
    </div>
  );
}
