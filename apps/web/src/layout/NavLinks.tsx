import { DesktopOutlined, SettingOutlined, ShopOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";

const SECTIONS = [
  { to: "/", labelKey: "nav.portal", icon: <ShopOutlined />, end: true },
  { to: "/workbench", labelKey: "nav.workbench", icon: <DesktopOutlined />, end: false },
  { to: "/admin", labelKey: "nav.admin", icon: <SettingOutlined />, end: false },
] as const;

interface Props {
  variant: "bar" | "drawer";
  onNavigate?: () => void;
}

/**
 * The three sections as plain links. NavLink marks the current section (aria-current="page"; /admin/… counts
 * as 管理后台). Plain links rather than antd's Menu: three items need no overflow handling or submenus,
 * and Menu would add ~70 kB to the landing page.
 */
export function NavLinks({ variant, onNavigate }: Props) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("nav.label")} className={`yw-nav yw-nav-${variant}`}>
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.to}>
            <NavLink to={s.to} end={s.end} onClick={onNavigate} className="yw-nav-link">
              <span className="yw-nav-icon" aria-hidden="true">
                {s.icon}
              </span>
              {t(s.labelKey)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
