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

export const router = createBrowserRouter([
  {
    path: "/",
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: "workbench", element: <WorkbenchPage /> },
      { path: "admin", element: <AdminOverviewPage /> },
      { path: "admin/departments", element: <DepartmentsAdminPage /> },
      { path: "admin/calendar", element: <CalendarAdminPage /> },
      { path: "admin/audit", element: <AuditAdminPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
