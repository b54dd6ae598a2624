import { Layout } from "antd";
import { Suspense } from "react";
import { Outlet, ScrollRestoration } from "react-router";
import { PageLoading } from "../shared/Placeholders";
import { AppFooter } from "./AppFooter";
import { AppHeader } from "./AppHeader";
import { PasswordExpiryBar } from "./PasswordExpiryBar";
import { ActingBar } from "./UserMenu";

/** Header (with the acting-for-an-enterprise bar, and a staff member's password-expiry warning, when they apply), page, footer. Lazily loaded pages suspend inside the shell, so navigation never blanks it. */
export function Shell() {
  return (
    <Layout className="yw-shell">
      <AppHeader />
      <ActingBar />
      <PasswordExpiryBar />
      <Layout.Content className="yw-main" id="main">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <AppFooter />
      <ScrollRestoration />
    </Layout>
  );
}
