import { Spin, Tabs } from "antd";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { hasRole, RequireLogin, useMe } from "../../shared/session";
import { ApplicationsTab } from "./ApplicationsTab";
import { CatalogTab } from "./CatalogTab";
import { ObjectionsTab } from "./ObjectionsTab";

// The statistics tab is the only user of ECharts (a few hundred kB): it loads when the tab is first opened.
const StatsTab = lazy(() => import("./StatsTab").then((m) => ({ default: m.StatsTab })));

function Exchange() {
  const { t } = useTranslation();
  const me = useMe();
  const deptAdmin = hasRole(me.data, "dept_admin");
  const platformAdmin = hasRole(me.data, "platform_admin");
  const departmentId = me.data?.department?.id ?? null;
  return (
    <Panel>
      <Tabs
        items={[
          { key: "catalog", label: t("exchange.tabs.catalog"), children: <CatalogTab canApply={deptAdmin} /> },
          ...(deptAdmin
            ? [
                {
                  key: "applications",
                  label: t("exchange.tabs.applications"),
                  children: <ApplicationsTab departmentId={departmentId} />,
                },
                {
                  key: "objections",
                  label: t("exchange.tabs.objections"),
                  children: <ObjectionsTab departmentId={departmentId} canAnswer={deptAdmin} />,
                },
              ]
            : []),
          {
            key: "stats",
            label: t("exchange.tabs.stats"),
            children: (
              <Suspense fallback={<Spin />}>
                <StatsTab allowed={deptAdmin || platformAdmin} />
              </Suspense>
            ),
          },
        ]}
      />
    </Panel>
  );
}

/** /workbench/exchange — 数据共享交换: catalog, applications and approvals, objections, usage statistics. */
export function ExchangePage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("exchange.title")}
        subtitle={t("exchange.subtitle")}
        trail={[{ title: t("workbench.title"), to: "/workbench" }]}
      />
      <RequireLogin kind="staff">
        <Exchange />
      </RequireLogin>
    </div>
  );
}
