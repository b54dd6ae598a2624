import { Alert, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { hasRole, RequireLogin, useMe } from "../../shared/session";
import { AlertsPanel } from "./security/AlertsPanel";
import { ProposalsPanel } from "./security/ProposalsPanel";
import "./security/security.css";

function SecurityAdmin() {
  const { t } = useTranslation();
  const me = useMe();
  const securityAdmin = hasRole(me.data, "security_admin");
  const auditor = hasRole(me.data, "auditor");
  if (!me.data) return null;
  if (!securityAdmin && !auditor) return <Alert type="warning" showIcon message={t("adminSecurity.notAllowed")} />;
  return (
    <Panel>
      <Tabs
        items={[
          {
            key: "alerts",
            label: t("adminSecurity.tabAlerts"),
            children: <AlertsPanel canAcknowledge={securityAdmin} />,
          },
          {
            key: "proposals",
            label: t("adminSecurity.tabProposals"),
            children: <ProposalsPanel canPropose={securityAdmin} canDecide={auditor} />,
          },
        ]}
      />
    </Panel>
  );
}

/** 安全管理: security alerts and dual control of protected accounts (security administrators and auditors). */
export function SecurityAdminPage() {
  const { t } = useTranslation();
  const trail = [{ title: t("admin.title"), to: "/admin" }];
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("adminSecurity.title")} subtitle={t("adminSecurity.desc")} trail={trail} />
      <RequireLogin kind="staff">
        <SecurityAdmin />
      </RequireLogin>
    </div>
  );
}
