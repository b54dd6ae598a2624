import { MenuOutlined } from "@ant-design/icons";
import { Button, Layout } from "antd";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMediaQuery } from "../shared/useMediaQuery";
import { ElderSwitch } from "./ElderSwitch";
import { LanguageSwitch } from "./LanguageSwitch";
import { Logo } from "./Logo";
import { NavLinks } from "./NavLinks";
import { NotificationBell } from "./NotificationBell";
import { UserMenu } from "./UserMenu";

// antd's Drawer is only needed once the menu button is pressed: it stays out of the landing page's first load.
const NavDrawer = lazy(() => import("./NavDrawer").then((m) => ({ default: m.NavDrawer })));

/**
 * Brand, navigation, language, the 长辈版 toggle and the user menu (login / register, or who is logged in). From md (768 px) up the sections sit in the bar; below that they
 * move into a drawer behind a menu button so the bar never overflows a phone screen.
 */
export function AppHeader() {
  const { t } = useTranslation();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [drawerUsed, setDrawerUsed] = useState(false); // mounted from the first opening on, so it can animate closed
  const wide = useMediaQuery("(min-width: 768px)"); // antd's md breakpoint

  return (
    <Layout.Header className="yw-header">
      <Logo />
      {wide ? <NavLinks variant="bar" /> : <div className="yw-nav-spacer" />}
      <LanguageSwitch />
      <ElderSwitch />
      <NotificationBell />
      <UserMenu wide={wide} />
      {!wide && (
        <>
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t("nav.openMenu")}
            aria-expanded={drawerOpen}
            aria-controls="yw-nav-drawer"
            data-testid="nav-menu-button"
            onClick={() => {
              setDrawerUsed(true);
              setDrawerOpen(true);
            }}
          />
          {drawerUsed && (
            <Suspense fallback={null}>
              <NavDrawer open={drawerOpen} onClose={() => setDrawerOpen(false)} />
            </Suspense>
          )}
        </>
      )}
    </Layout.Header>
  );
}
