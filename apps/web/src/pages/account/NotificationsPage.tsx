import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Notification } from "@yiwang/contracts";
import { Button, List, Switch, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { NoticeSettingsForm } from "./notifications/NoticeSettingsForm";
import { INBOX_KEY, markAllRead, markRead, useInbox, useNoticeSettings } from "./notifications/notifyApi";
import { PushSwitch } from "./notifications/PushSwitch";

const PAGE_SIZE = 20;

function Inbox() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [unread, setUnread] = useState(false);
  const [page, setPage] = useState(1);
  const list = useInbox({ unread, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const refresh = () => qc.invalidateQueries({ queryKey: INBOX_KEY });
  const read = useMutation({ mutationFn: markRead, onSettled: refresh });
  const all = useMutation({ mutationFn: markAllRead, onSettled: refresh });
  const lang = i18n.language === "en" ? "en" : "zh";
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <div className="yw-toolbar" style={{ display: "flex", gap: 12, flexWrap: "wrap", alignItems: "center" }}>
        <span>
          <Switch
            size="small"
            aria-label={t("notifyCentre.unreadOnly")}
            checked={unread}
            onChange={(v) => {
              setUnread(v);
              setPage(1);
            }}
          />{" "}
          {t("notifyCentre.unreadOnly")}
        </span>
        <Button size="small" onClick={() => all.mutate()} disabled={!list.data?.unread} loading={all.isPending}>
          {t("notifyCentre.markAll")}
        </Button>
      </div>
      <List<Notification>
        loading={list.isFetching}
        dataSource={list.data?.items}
        locale={{ emptyText: t("notifyCentre.empty") }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (total) => t("notifyCentre.total", { total }),
          size: "small",
        }}
        renderItem={(n) => (
          <List.Item
            actions={
              n.readAt
                ? []
                : [
                    <Button key="read" size="small" type="link" onClick={() => read.mutate(n.id)}>
                      {t("notifyCentre.markRead")}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <span>
                  {!n.readAt && <Tag color="blue">•</Tag>}
                  {n.link ? <Link to={n.link}>{n.title[lang]}</Link> : n.title[lang]}
                </span>
              }
              description={
                <>
                  <Typography.Text>{n.body[lang]}</Typography.Text>
                  <div className="yw-cell-sub">{formatPlatformDateTime(n.createdAt)}</div>
                </>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}

function Settings() {
  const settings = useNoticeSettings();
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return null;
  return (
    <>
      <PushSwitch />
      <div style={{ marginTop: 16 }}>
        <NoticeSettingsForm settings={settings.data} />
      </div>
    </>
  );
}

function Centre() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) return null;
  const tab = new URLSearchParams(window.location.search).get("tab") === "settings" ? "settings" : "messages";
  return (
    <Panel>
      <Tabs
        defaultActiveKey={tab}
        items={[
          { key: "messages", label: t("notifyCentre.tabMessages"), children: <Inbox /> },
          { key: "settings", label: t("notifyCentre.tabSettings"), children: <Settings /> },
        ]}
      />
    </Panel>
  );
}

/** 消息中心: my in-app messages and how notices reach me (citizens and staff alike). */
export function NotificationsPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("notifyCentre.title")} subtitle={t("notifyCentre.desc")} />
      <RequireLogin>
        <Centre />
      </RequireLogin>
    </div>
  );
}
