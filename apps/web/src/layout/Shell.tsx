import { Layout } from "antd";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, ScrollRestoration } from "react-router";
import { PageLoading } from "../shared/Placeholders";
import { AppFooter } from "./AppFooter";
import { AppHeader } from "./AppHeader";
import { PasswordExpiryBar } from "./PasswordExpiryBar";
import { ActingBar } from "./UserMenu";

/** Header (with the acting-for-an-enterprise bar, and a staff member's password-expiry warning, when they apply), page, footer. Lazily loaded pages suspend inside the shell, so navigation never blanks it. */
export function Shell() {
  const { t } = useTranslation();
  return (
    <Layout className="yw-shell">
      {/* The first Tab stop: keyboard and switch users jump past the header (WCAG 2.4.1). */}
      {/* biome-ignore lint/a11y/useValidAnchor: a real in-page link (works without script); the handler only keeps the hash out of the router */}
      <a
        className="yw-skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault(); // focus without a hash navigation the router would see
          document.getElementById("main")?.focus();
        }}
      >
        {t("a11y.skipToContent")}
      </a>
      <AppHeader />
      <ActingBar />
      <PasswordExpiryBar />
      <Layout.Content className="yw-main" id="main" tabIndex={-1}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <AppFooter />
      <ScrollRestoration />
    </Layout>
  );
}
