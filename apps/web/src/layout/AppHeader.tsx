import { MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Grid, Layout } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "./LanguageSwitch";
import { Logo } from "./Logo";
import { NavLinks } from "./NavLinks";
import { NotificationBell } from "./NotificationBell";
import { UserMenu } from "./UserMenu";

/**
 * Brand, navigation, language and the user menu (login / register, or who is logged in). From md (768 px) up the sections sit in the bar; below that they
 * move into a drawer behind a menu button so the bar never overflows a phone screen.
 */
export function AppHeader() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // useBreakpoint is empty on the very first render; treat "unknown" as narrow to avoid a wide flash on phones.
  const wide = screens.md === true;

  return (
    <Layout.Header className="yw-header">
      <Logo />
      {wide ? <NavLinks variant="bar" /> : <div className="yw-nav-spacer" />}
      <LanguageSwitch />
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
            onClick={() => setDrawerOpen(true)}
          />
          <Drawer
            id="yw-nav-drawer"
            title={t("nav.menuTitle")}
            placement="right"
            width={280}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            styles={{ body: { padding: 8 } }}
          >
            <NavLinks variant="drawer" onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        </>
      )}
    </Layout.Header>
  );
}
