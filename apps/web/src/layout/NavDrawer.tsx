import { Drawer } from "antd";
import { useTranslation } from "react-i18next";
import { NavLinks } from "./NavLinks";

/** The phone navigation drawer; loaded when the menu button is first pressed (see AppHeader). */
export function NavDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      id="yw-nav-drawer"
      title={t("nav.menuTitle")}
      placement="right"
      width={280}
      open={open}
      onClose={onClose}
      styles={{ body: { padding: 8 } }}
    >
      <NavLinks variant="drawer" onNavigate={onClose} />
    </Drawer>
  );
}
