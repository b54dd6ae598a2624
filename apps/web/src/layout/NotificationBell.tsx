import { BellOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Notification } from "@yiwang/contracts";
import { Button } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import { formatPlatformDateTime } from "../shared/dates";
import { useMe } from "../shared/session";
import "./notifications.css";

const KEY = ["notifications"] as const;

/**
 * 站内消息: a bell with the unread count for a signed-in person, opening their latest messages; a message
 * opens its page (e.g. the case) and is marked read. Plain markup like the user menu (no antd Dropdown or
 * Badge on the landing page); it checks for news every minute and when the tab regains focus.
 */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const boxRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const signedIn = Boolean(me.data);
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => unwrap(api.GET("/api/notifications/", { params: { query: { limit: 8 } }, signal })),
    enabled: signedIn,
    staleTime: 30_000,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    retry: false,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/notifications/{id}/read", { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(api.POST("/api/notifications/read-all")),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });

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
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes on navigation on purpose
  useEffect(() => setOpen(false), [location.pathname]);

  if (!signedIn || !list.data) return null;
  const en = i18n.resolvedLanguage === "en";
  const unread = list.data.unread;
  const items = list.data.items;

  const openItem = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    setOpen(false);
    if (n.link?.startsWith("/")) navigate(n.link);
  };

  return (
    <div className="yw-bell" ref={boxRef}>
      <Button
        ref={buttonRef}
        type="text"
        icon={<BellOutlined />}
        aria-label={t("cases.notifications.open", { count: unread })}
        aria-expanded={open}
        aria-controls="yw-bell-dropdown"
        data-testid="notification-bell"
        onClick={() => {
          setOpen((o) => !o);
          if (!open) void list.refetch();
        }}
      >
        {unread > 0 && (
          <span className="yw-bell-count" data-testid="notification-count">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </Button>
      {open && (
        <div id="yw-bell-dropdown" className="yw-bell-dropdown">
          <section aria-label={t("cases.notifications.title")} className="yw-bell-panel">
            <header className="yw-bell-head">
              <strong>{t("cases.notifications.title")}</strong>
              {unread > 0 && (
                <button type="button" className="yw-bell-link" onClick={() => markAll.mutate()}>
                  {t("cases.notifications.readAll")}
                </button>
              )}
            </header>
            {items.length === 0 ? (
              <p className="yw-muted yw-bell-empty">{t("cases.notifications.empty")}</p>
            ) : (
              <ul data-testid="notification-list">
                {items.map((n) => (
                  <li key={n.id}>
                    <button
                      type="button"
                      className={n.readAt ? "yw-bell-item" : "yw-bell-item yw-bell-unread"}
                      onClick={() => openItem(n)}
                    >
                      <span className="yw-bell-title">{en ? n.title.en : n.title.zh}</span>
                      <span className="yw-cell-sub">{en ? n.body.en : n.body.zh}</span>
                      <span className="yw-cell-sub">{formatPlatformDateTime(n.createdAt)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <footer className="yw-bell-head">
              <button
                type="button"
                className="yw-bell-link"
                onClick={() => {
                  setOpen(false);
                  void navigate("/account/notifications");
                }}
              >
                {t("notifyCentre.title")}
              </button>
            </footer>
          </section>
        </div>
      )}
    </div>
  );
}
