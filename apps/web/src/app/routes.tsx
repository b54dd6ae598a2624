import { App } from "antd";
import { type ComponentType, lazy } from "react";
import type { RouteObject } from "react-router";
import { loadPageTexts } from "../i18n";

/**
 * Pages other than the landing page load on first visit, so citizens never download the admin screens;
 * each renders once the texts beyond the landing page's are here too (fetched alongside, see ../i18n).
 */
function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType) {
  return lazy(() =>
    Promise.all([load(), loadPageTexts()]).then(([m]) => {
      const Page = pick(m);
      // antd's App gives the page the themed, localised message/modal API (App.useApp); without it the hook
      // returns empty objects and a confirmation throws after the action has succeeded. Mounted here rather
      // than at the root because it would add 37 kB gzip to the landing page's first load (measured).
      return {
        default: () => (
          <App component={false}>
            <Page />
          </App>
        ),
      };
    }),
  );
}

const NotFoundPage = page(
  () => import("../pages/NotFoundPage"),
  (m) => m.NotFoundPage,
);
const WorkbenchPage = page(
  () => import("../pages/workbench/WorkbenchPage"),
  (m) => m.WorkbenchPage,
);
const AdminOverviewPage = page(
  () => import("../pages/admin/AdminOverviewPage"),
  (m) => m.AdminOverviewPage,
);
const DepartmentsAdminPage = page(
  () => import("../pages/admin/DepartmentsAdminPage"),
  (m) => m.DepartmentsAdminPage,
);
const CalendarAdminPage = page(
  () => import("../pages/admin/CalendarAdminPage"),
  (m) => m.CalendarAdminPage,
);
const DeadJobsAdminPage = page(
  () => import("../pages/admin/DeadJobsAdminPage"),
  (m) => m.DeadJobsAdminPage,
);
const SecurityAdminPage = page(
  () => import("../pages/admin/SecurityAdminPage"),
  (m) => m.SecurityAdminPage,
);

const AuditAdminPage = page(
  () => import("../pages/admin/AuditAdminPage"),
  (m) => m.AuditAdminPage,
);

const LoginPage = page(
  () => import("../pages/account/LoginPage"),
  (m) => m.LoginPage,
);
const RegisterPage = page(
  () => import("../pages/account/RegisterPage"),
  (m) => m.RegisterPage,
);
const ResetPasswordPage = page(
  () => import("../pages/account/ResetPasswordPage"),
  (m) => m.ResetPasswordPage,
);
const ProfilePage = page(
  () => import("../pages/account/ProfilePage"),
  (m) => m.ProfilePage,
);
const RealnamePage = page(
  () => import("../pages/account/RealnamePage"),
  (m) => m.RealnamePage,
);
const EnterprisesPage = page(
  () => import("../pages/account/EnterprisesPage"),
  (m) => m.EnterprisesPage,
);
const StaffLoginPage = page(
  () => import("../pages/staff/StaffLoginPage"),
  (m) => m.StaffLoginPage,
);
const SsoPage = page(
  () => import("../pages/oidc/SsoPage"),
  (m) => m.SsoPage,
);
const OidcClientsAdminPage = page(
  () => import("../pages/admin/OidcClientsAdminPage"),
  (m) => m.OidcClientsAdminPage,
);
const StaffAdminPage = page(
  () => import("../pages/admin/StaffAdminPage"),
  (m) => m.StaffAdminPage,
);
const ServicesPage = page(
  () => import("../pages/catalog/ServicesPage"),
  (m) => m.ServicesPage,
);
const SearchPage = page(
  () => import("../pages/catalog/SearchPage"),
  (m) => m.SearchPage,
);
const GuidePage = page(
  () => import("../pages/catalog/GuidePage"),
  (m) => m.GuidePage,
);
const BundlePage = page(
  () => import("../pages/catalog/BundlePage"),
  (m) => m.BundlePage,
);
const CatalogAdminPage = page(
  () => import("../pages/admin/catalog/CatalogAdminPage"),
  (m) => m.CatalogAdminPage,
);
const ItemEditorPage = page(
  () => import("../pages/admin/catalog/ItemEditorPage"),
  (m) => m.ItemEditorPage,
);
// cases (办件): the applicant's pages and the workbench's
const MyCasesPage = page(
  () => import("../pages/cases/MyCasesPage"),
  (m) => m.MyCasesPage,
);
const CasePage = page(
  () => import("../pages/cases/CasePage"),
  (m) => m.CasePage,
);
const BundleApplicationPage = page(
  () => import("../pages/cases/BundleApplicationPage"),
  (m) => m.BundleApplicationPage,
);
const DemoPayPage = page(
  () => import("../pages/payments/DemoPayPage"),
  (m) => m.DemoPayPage,
);
const InboxPage = page(
  () => import("../pages/workbench/InboxPage"),
  (m) => m.InboxPage,
);
const StaffCasePage = page(
  () => import("../pages/workbench/StaffCasePage"),
  (m) => m.StaffCasePage,
);
const SupervisionPage = page(
  () => import("../pages/workbench/SupervisionPage"),
  (m) => m.SupervisionPage,
);
// licenses (电子证照) and seals (电子签章): wallet, detail, public verification, management
const WalletPage = page(
  () => import("../pages/licenses/WalletPage"),
  (m) => m.WalletPage,
);
const LicenseDetailPage = page(
  () => import("../pages/licenses/LicenseDetailPage"),
  (m) => m.LicenseDetailPage,
);
const VerifyPage = page(
  () => import("../pages/licenses/VerifyPage"),
  (m) => m.VerifyPage,
);
const LicensesManagePage = page(
  () => import("../pages/licenses/LicensesManagePage"),
  (m) => m.LicensesManagePage,
);
const SealsPage = page(
  () => import("../pages/licenses/SealsPage"),
  (m) => m.SealsPage,
);

// data sharing and exchange (数据共享交换), with ECharts: loaded on first visit only
const ExchangePage = page(
  () => import("../pages/exchange/ExchangePage"),
  (m) => m.ExchangePage,
);

// 好差评 (evaluation): evaluate (the notification's link), my evaluations, kiosk, inbox, appeals, public statistics
const EvaluatePage = page(
  () => import("../pages/evaluation/EvaluatePage"),
  (m) => m.EvaluatePage,
);
const MyEvaluationsPage = page(
  () => import("../pages/evaluation/MyEvaluationsPage"),
  (m) => m.MyEvaluationsPage,
);
const KioskPage = page(
  () => import("../pages/evaluation/KioskPage"),
  (m) => m.KioskPage,
);
const RectificationInboxPage = page(
  () => import("../pages/evaluation/RectificationInboxPage"),
  (m) => m.RectificationInboxPage,
);
const AppealsPage = page(
  () => import("../pages/evaluation/AppealsPage"),
  (m) => m.AppealsPage,
);
const MessagesPage = page(
  () => import("../pages/messaging/MessagesPage"),
  (m) => m.MessagesPage,
);
const PublicStatsPage = page(
  () => import("../pages/evaluation/PublicStatsPage"),
  (m) => m.PublicStatsPage,
);
const NotificationsPage = page(
  () => import("../pages/account/NotificationsPage"),
  (m) => m.NotificationsPage,
);
const NotificationsAdminPage = page(
  () => import("../pages/admin/NotificationsAdminPage"),
  (m) => m.NotificationsAdminPage,
);

// 网上预约 and the service hall: my bookings (QR), the clerk's hall desk, the hall screen (public, for a TV)
const MyBookingsPage = page(
  () => import("../pages/appointments/MyBookingsPage"),
  (m) => m.MyBookingsPage,
);
const HallDeskPage = page(
  () => import("../pages/appointments/HallDeskPage"),
  (m) => m.HallDeskPage,
);
const HallScreenPage = page(
  () => import("../pages/appointments/HallScreenPage"),
  (m) => m.HallScreenPage,
);
// 一码通 (onecode): the holder's code, the window's scanning page and the offline gate page (亮码核验)
const OnecodePage = page(
  () => import("../pages/onecode/OnecodePage"),
  (m) => m.OnecodePage,
);
const OnecodeScanPage = page(
  () => import("../pages/onecode/OnecodeScanPage"),
  (m) => m.OnecodeScanPage,
);
const OnecodeGatePage = page(
  () => import("../pages/onecode/OnecodeGatePage"),
  (m) => m.OnecodeGatePage,
);

// 电子档案 (archives): search, package contents and checks, disposal approvals, borrowing
const ArchivesPage = page(
  () => import("../pages/archives/ArchivesPage"),
  (m) => m.ArchivesPage,
);
// 12345 接诉即办: the citizen's report page with my requests, the operators' desk and the departments' inbox
const HelpPage = page(
  () => import("../pages/help/HelpPage"),
  (m) => m.HelpPage,
);
const HotlinePage = page(
  () => import("../pages/hotline/HotlinePage"),
  (m) => m.HotlinePage,
);
// Field forces (issue 19, acceptance 4): the field staff's phone page and the command map.
const FieldPage = page(
  () => import("../pages/hotline/FieldPage"),
  (m) => m.FieldPage,
);
const CommandMapPage = page(
  () => import("../pages/hotline/CommandMapPage"),
  (m) => m.CommandMapPage,
);
const HotlineDeskPage = page(
  () => import("../pages/hotline/HotlineDeskPage"),
  (m) => m.HotlineDeskPage,
);

// 互联网+监管 and 信用 (issue 23): plans and draws, the inspector's phone page, the public 信用查询.
const SupervisionPlansPage = page(
  () => import("../pages/supervision/PlansPage"),
  (m) => m.PlansPage,
);
const InspectPage = page(
  () => import("../pages/supervision/InspectPage"),
  (m) => m.InspectPage,
);
const CreditPage = page(
  () => import("../pages/supervision/CreditPage"),
  (m) => m.CreditPage,
);
const SupervisionResultsPage = page(
  () => import("../pages/supervision/ResultsPage"),
  (m) => m.ResultsPage,
);
const CreditRectificationsPage = page(
  () => import("../pages/supervision/RectificationsPage"),
  (m) => m.RectificationsPage,
);
// 一网统管 (indicators): the operations screen, the department dashboard, the public dashboard.
const OpsPage = page(
  () => import("../pages/indicators/OpsPage"),
  (m) => m.OpsPage,
);
const IndicatorsPage = page(
  () => import("../pages/indicators/IndicatorsPage"),
  (m) => m.IndicatorsPage,
);
const IndicatorRegistryPage = page(
  () => import("../pages/indicators/RegistryPage"),
  (m) => m.RegistryPage,
);
const IndicatorAlertsPage = page(
  () => import("../pages/indicators/AlertsPage"),
  (m) => m.AlertsPage,
);
const PublicDashboardPage = page(
  () => import("../pages/indicators/PublicDashboardPage"),
  (m) => m.PublicDashboardPage,
);
const PoliciesPage = page(
  () => import("../pages/policies/PoliciesPage"),
  (m) => m.PoliciesPage,
);
const PoliciesDeskPage = page(
  () => import("../pages/policies/PoliciesDeskPage"),
  (m) => m.PoliciesDeskPage,
);
const OpendataPage = page(
  () => import("../pages/opendata/OpendataPage"),
  (m) => m.OpendataPage,
);
const DatasetPage = page(
  () => import("../pages/opendata/DatasetPage"),
  (m) => m.DatasetPage,
);
const MyOpendataPage = page(
  () => import("../pages/opendata/MyOpendataPage"),
  (m) => m.MyOpendataPage,
);
const OpendataStatsPage = page(
  () => import("../pages/opendata/OpendataStatsPage"),
  (m) => m.OpendataStatsPage,
);
const OpendataPublisherPage = page(
  () => import("../pages/opendata/PublisherPage"),
  (m) => m.PublisherPage,
);

/**
 * Every route but the landing page, patched under the shell by `router.tsx` on the first navigation that needs
 * one (react-router's patchRoutesOnNavigation), so the table and its chunk map weigh nothing in the first load
 * of `/` and grow with each module without touching the landing page's budget.
 */

export const routes: RouteObject[] = [
  { path: "services", element: <ServicesPage /> },
  { path: "services/search", element: <SearchPage /> },
  { path: "services/items/:code", element: <GuidePage /> },
  { path: "services/items/:code/versions/:version", element: <GuidePage /> },
  { path: "services/bundles/:code", element: <BundlePage /> },
  { path: "workbench", element: <WorkbenchPage /> },
  { path: "workbench/inbox", element: <InboxPage /> },
  { path: "workbench/cases/:id", element: <StaffCasePage /> },
  { path: "workbench/supervision", element: <SupervisionPage /> },
  { path: "workbench/exchange", element: <ExchangePage /> },
  { path: "cases", element: <MyCasesPage /> },
  { path: "cases/:id", element: <CasePage /> },
  { path: "cases/bundles/:id", element: <BundleApplicationPage /> },
  { path: "pay/:id", element: <DemoPayPage /> },
  { path: "admin", element: <AdminOverviewPage /> },
  { path: "admin/departments", element: <DepartmentsAdminPage /> },
  { path: "admin/calendar", element: <CalendarAdminPage /> },
  { path: "admin/audit", element: <AuditAdminPage /> },
  { path: "admin/jobs", element: <DeadJobsAdminPage /> },
  { path: "admin/security", element: <SecurityAdminPage /> },
  // unified identity: citizen account pages, staff login, staff administration
  { path: "login", element: <LoginPage /> },
  { path: "register", element: <RegisterPage /> },
  { path: "password/reset", element: <ResetPasswordPage /> },
  { path: "account", element: <ProfilePage /> },
  { path: "account/realname", element: <RealnamePage /> },
  { path: "account/enterprises", element: <EnterprisesPage /> },
  { path: "staff/login", element: <StaffLoginPage /> },
  { path: "admin/staff", element: <StaffAdminPage /> },
  // single sign-on (OpenID Connect): the login/consent page, and client registration
  { path: "sso/:uid", element: <SsoPage /> },
  { path: "admin/oidc-clients", element: <OidcClientsAdminPage /> },
  { path: "admin/catalog", element: <CatalogAdminPage /> },
  { path: "admin/catalog/items/new", element: <ItemEditorPage /> },
  { path: "admin/catalog/items/:code", element: <ItemEditorPage /> },
  // licenses (电子证照) and seals (电子签章)
  { path: "licenses", element: <WalletPage /> },
  { path: "licenses/:id", element: <LicenseDetailPage /> },
  { path: "verify", element: <VerifyPage /> },
  { path: "workbench/licenses", element: <LicensesManagePage /> },
  { path: "workbench/seals", element: <SealsPage /> },
  { path: "evaluate/:id", element: <EvaluatePage /> },
  { path: "evaluations", element: <MyEvaluationsPage /> },
  { path: "kiosk/:token", element: <KioskPage /> },
  { path: "evaluation/stats", element: <PublicStatsPage /> },
  { path: "workbench/evaluation", element: <RectificationInboxPage /> },
  { path: "workbench/evaluation/appeals", element: <AppealsPage /> },
  { path: "onecode", element: <OnecodePage /> },
  { path: "workbench/onecode", element: <OnecodeScanPage /> },
  { path: "verify/onecode", element: <OnecodeGatePage /> },
  { path: "appointments/mine", element: <MyBookingsPage /> },
  { path: "workbench/hall", element: <HallDeskPage /> },
  { path: "hall/:id/screen", element: <HallScreenPage /> },
  // notices (issue 18): my notification centre and settings; templates, delivery log, dead letters
  { path: "account/notifications", element: <NotificationsPage /> },
  { path: "admin/notifications", element: <NotificationsAdminPage /> },
  { path: "workbench/archives", element: <ArchivesPage /> },
  { path: "workbench/messages", element: <MessagesPage /> },
  { path: "help", element: <HelpPage /> },
  { path: "hotline", element: <HotlinePage /> },
  { path: "workbench/hotline", element: <HotlineDeskPage /> },
  { path: "field", element: <FieldPage /> },
  { path: "workbench/hotline/map", element: <CommandMapPage /> },
  { path: "opendata", element: <OpendataPage /> },
  { path: "opendata/my", element: <MyOpendataPage /> },
  { path: "opendata/stats", element: <OpendataStatsPage /> },
  { path: "workbench/supervision/plans", element: <SupervisionPlansPage /> },
  { path: "inspect", element: <InspectPage /> },
  { path: "credit", element: <CreditPage /> },
  { path: "credit/rectifications", element: <CreditRectificationsPage /> },
  { path: "supervision/results", element: <SupervisionResultsPage /> },
  { path: "opendata/:id", element: <DatasetPage /> },
  { path: "workbench/opendata", element: <OpendataPublisherPage /> },
  { path: "ops", element: <OpsPage /> },
  { path: "workbench/indicators", element: <IndicatorsPage /> },
  { path: "workbench/indicators/registry", element: <IndicatorRegistryPage /> },
  { path: "workbench/indicators/alerts", element: <IndicatorAlertsPage /> },
  { path: "dashboard", element: <PublicDashboardPage /> },
  { path: "policies", element: <PoliciesPage /> },
  { path: "workbench/policies", element: <PoliciesDeskPage /> },
  { path: "*", element: <NotFoundPage /> },
];
