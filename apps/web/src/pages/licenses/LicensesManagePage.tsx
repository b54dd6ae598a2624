import { Alert, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { licenseAbilities } from "./util";
import "./licenses.css";
import { IssuedTab } from "./IssuedLicensesTab";
import { ImportTab } from "./LicenseImportTab";
import { TypesTab } from "./LicenseTypesTab";

function Manage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = licenseAbilities(me.data);
  if (!me.data) return null;
  if (me.data.kind !== "staff" || (!can.read && !can.editTypes))
    return <Alert type="warning" showIcon message={t("licenses.manage.notAllowed")} />;
  return (
    <Panel>
      <Tabs
        items={[
          { key: "issued", label: t("licenses.manage.tabs.issued"), children: <IssuedTab /> },
          ...(can.import ? [{ key: "import", label: t("licenses.manage.tabs.import"), children: <ImportTab /> }] : []),
          { key: "types", label: t("licenses.manage.tabs.types"), children: <TypesTab /> },
        ]}
      />
    </Panel>
  );
}

/** /workbench/licenses — 证照管理: the department's issued licenses, status changes, CSV import, license types. */
export function LicensesManagePage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("licenses.manage.title")}
        subtitle={t("licenses.manage.desc")}
        trail={[{ title: t("workbench.title"), to: "/workbench" }]}
      />
      <RequireLogin kind="staff">
        <Manage />
      </RequireLogin>
    </div>
  );
}
