import {
  BankOutlined,
  CalendarOutlined,
  DownOutlined,
  FileTextOutlined,
  InboxOutlined,
  LikeOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  SwapOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { Button, Tag } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { safeNext, useLogout, useMe, useSwitchActingFor } from "../shared/session";
import "../pages/account/account.css";
import { LinkButton } from "../shared/LinkButton";

/**
 * Login and registration links for visitors; for a logged-in person, their name with a small menu
 * (我的账户, 我的企业, identity switch, 退出). A small disclosure of plain links rather than antd's Dropdown
 * or Popover, which would pull Menu or the tooltip machinery (~85 kB) into the landing page. It closes on
 * Escape (focus back on the button), on a click elsewhere and on navigation.
 */
export function UserMenu({ wide }: { wide: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const switcher = useSwitchActingFor();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const boxRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!boxRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  // A new page closes the menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation on purpose
  useEffect(() => setOpen(false), [location.pathname]);
  const here = `${location.pathname}${location.search}`;
  const onAuthPage = ["/login", "/register", "/staff/login", "/password/reset"].includes(location.pathname);

  if (me.isPending) return null;
  const data = me.data;
  if (!data) {
    const next = onAuthPage ? safeNext(new URLSearchParams(location.search).get("next"), "") : here;
    const query = next && next !== "/" ? `?next=${encodeURIComponent(next)}` : "";
    return (
      <div className="yw-user-menu">
        <LinkButton
          to={`/login${query}`}
          type={wide ? "default" : "primary"}
          size={wide ? "middle" : "small"}
          data-testid="nav-login"
        >
          {t("account.menu.login")}
        </LinkButton>
        {wide && (
          <LinkButton to="/register" type="primary" data-testid="nav-register">
            {t("account.menu.register")}
          </LinkButton>
        )}
      </div>
    );
  }

  const close = () => setOpen(false);
  const content = (
    <nav className="yw-user-popover" aria-label={t("account.menu.label")}>
      <div className="yw-user-popover-head">
        <div className="yw-cell-strong">{data.displayName}</div>
        <div className="yw-cell-sub">
          {data.kind === "staff" ? (data.department?.name ?? t("account.menu.staff")) : (data.phoneMasked ?? "")}
        </div>
        {data.actingFor && (
          <Tag color="orange" className="yw-acting-tag">
            {t("account.acting.asEnterprise", { name: data.actingFor.name })}
          </Tag>
        )}
      </div>
      <ul>
        <li>
          <Link to="/account" onClick={close}>
            <UserOutlined /> {t("account.menu.account")}
          </Link>
        </li>
        {data.kind === "citizen" && (
          <li>
            <Link to="/cases" onClick={close} data-testid="nav-my-cases">
              <FileTextOutlined /> {t("cases.mine.title")}
            </Link>
          </li>
        )}
        {data.kind === "citizen" && (
          <li>
            <Link to="/licenses" onClick={close} data-testid="nav-my-licenses">
              <SafetyCertificateOutlined /> {t("licenses.wallet.title")}
            </Link>
          </li>
        )}
        {data.kind === "citizen" && (
          <li>
            <Link to="/appointments/mine" onClick={close} data-testid="nav-my-bookings">
              <CalendarOutlined /> {t("nav.myBookings")}
            </Link>
          </li>
        )}
        {data.kind === "citizen" && (
          <li>
            <Link to="/evaluations" onClick={close} data-testid="nav-my-evaluations">
              <LikeOutlined /> {t("nav.myEvaluations")}
            </Link>
          </li>
        )}
        {data.kind === "staff" && (
          <li>
            <Link to="/workbench/inbox" onClick={close} data-testid="nav-inbox">
              <InboxOutlined /> {t("cases.inbox.title")}
            </Link>
          </li>
        )}
        {data.kind === "staff" && (
          <li>
            <Link to="/workbench/messages" onClick={close} data-testid="nav-messages">
              <InboxOutlined /> {t("messaging.title")}
            </Link>
          </li>
        )}
        {data.kind === "citizen" && (
          <li>
            <Link to="/account/enterprises" onClick={close}>
              <BankOutlined /> {t("account.menu.enterprises")}
            </Link>
          </li>
        )}
        {data.actingFor && (
          <li>
            <button type="button" onClick={() => switcher.mutate(null, { onSuccess: close })}>
              <SwapOutlined /> {t("account.acting.backToSelf")}
            </button>
          </li>
        )}
        <li>
          <button type="button" data-testid="nav-logout" onClick={() => logout.mutate(undefined, { onSuccess: close })}>
            <LogoutOutlined /> {t("account.menu.logout")}
          </button>
        </li>
      </ul>
    </nav>
  );

  return (
    <div className="yw-user-menu" ref={boxRef}>
      <Button
        ref={buttonRef}
        type="text"
        icon={<UserOutlined />}
        aria-label={t("account.menu.open", { name: data.displayName })}
        aria-expanded={open}
        aria-controls="yw-user-dropdown"
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        {wide && (
          <>
            <span className="yw-user-name">{data.displayName}</span> <DownOutlined />
          </>
        )}
      </Button>
      {open && (
        <div id="yw-user-dropdown" className="yw-user-dropdown">
          {content}
        </div>
      )}
    </div>
  );
}

/**
 * Under the header while the person acts for an enterprise: who they are acting as, on every page, with
 * the way back to acting as themselves one click away. Acting for an enterprise is always explicit.
 */
export function ActingBar() {
  const { t } = useTranslation();
  const me = useMe();
  const switcher = useSwitchActingFor();
  const acting = me.data?.actingFor;
  if (!acting) return null;
  return (
    <div className="yw-acting-bar" role="status" data-testid="acting-bar">
      <span>
        <BankOutlined /> {t("account.acting.label")}
        <strong>{acting.name}</strong>
        {acting.as === "agent" && ` (${t("account.enterprises.as.agent")})`}
      </span>
      <Button size="small" loading={switcher.isPending} onClick={() => switcher.mutate(null)}>
        {t("account.acting.backToSelf")}
      </Button>
      <Link to="/account/enterprises">{t("account.acting.switchOther")}</Link>
    </div>
  );
}
