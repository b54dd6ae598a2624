import { DesktopOutlined, QuestionCircleOutlined, SettingOutlined, ShopOutlined } from "@ant-design/icons";
import type { Me, RoleName } from "@yiwang/contracts";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { useMe } from "../shared/session";

/**
 * The sections, each for whom it serves: the portal for everyone; the workbench for staff who handle or
 * supervise cases; administration for staff with an administrative role (the auditor's audit pages live
 * there). Citizens and visitors see only the portal and the help centre (issue 15: they saw sections that
 * only refused them).
 */
const SECTIONS: readonly { to: string; labelKey: string; icon: React.ReactNode; end: boolean; roles?: RoleName[] }[] = [
  { to: "/", labelKey: "nav.portal", icon: <ShopOutlined />, end: true },
  { to: "/help", labelKey: "nav.help", icon: <QuestionCircleOutlined />, end: false },
  {
    to: "/workbench",
    labelKey: "nav.workbench",
    icon: <DesktopOutlined />,
    end: false,
    roles: ["window_clerk", "approver", "dept_admin", "supervisor", "platform_admin"],
  },
  {
    to: "/admin",
    labelKey: "nav.admin",
    icon: <SettingOutlined />,
    end: false,
    roles: ["platform_admin", "dept_admin", "auditor"],
  },
];

/** Whether `me` may see a section (one of its roles, for staff). */
export function mayOpen(me: Me | null | undefined, roles?: readonly RoleName[]): boolean {
  if (!roles) return true;
  return me?.kind === "staff" && roles.some((r) => me.roles.includes(r));
}

interface Props {
  variant: "bar" | "drawer";
  onNavigate?: () => void;
}

/**
 * The sections the person may open, as plain links. NavLink marks the current section (aria-current="page"; /admin/… counts
 * as 管理后台). Plain links rather than antd's Menu: four items need no overflow handling or submenus,
 * and Menu would add ~70 kB to the landing page.
 */
export function NavLinks({ variant, onNavigate }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <nav aria-label={t("nav.label")} className={`yw-nav yw-nav-${variant}`}>
      <ul>
        {SECTIONS.filter((s) => mayOpen(me.data, s.roles)).map((s) => (
          <li key={s.to}>
            <NavLink to={s.to} end={s.end} onClick={onNavigate} className="yw-nav-link">
              <span className="yw-nav-icon" aria-hidden="true">
                {s.icon}
              </span>
              {t(s.labelKey as "nav.portal")}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
