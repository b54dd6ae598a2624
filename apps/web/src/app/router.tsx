import { type ComponentType, lazy } from "react";
import { createBrowserRouter } from "react-router";
import { Shell } from "../layout/Shell";
import { HomePage } from "../pages/portal/HomePage";
import { RouteError } from "../pages/RouteError";

/** Pages other than the landing page load on first visit, so citizens never download the admin screens. */
function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType) {
  return lazy(() => load().then((m) => ({ default: pick(m) })));
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

const AuditAdminPage = page(
  () => import("../pages/admin/AuditAdminPage"),
  (m) => m.AuditAdminPage,
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

export const router = createBrowserRouter([
  {
    path: "/",
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: "services", element: <ServicesPage /> },
      { path: "services/search", element: <SearchPage /> },
      { path: "services/items/:code", element: <GuidePage /> },
      { path: "services/items/:code/versions/:version", element: <GuidePage /> },
      { path: "services/bundles/:code", element: <BundlePage /> },
      { path: "workbench", element: <WorkbenchPage /> },
      { path: "admin", element: <AdminOverviewPage /> },
      { path: "admin/departments", element: <DepartmentsAdminPage /> },
      { path: "admin/calendar", element: <CalendarAdminPage /> },
      { path: "admin/audit", element: <AuditAdminPage /> },
      { path: "admin/catalog", element: <CatalogAdminPage /> },
      { path: "admin/catalog/items/new", element: <ItemEditorPage /> },
      { path: "admin/catalog/items/:code", element: <ItemEditorPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
