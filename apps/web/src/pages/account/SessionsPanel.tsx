import { DesktopOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SessionInfo } from "@yiwang/contracts";
import { Button, Grid, Popconfirm, Table, type TableProps, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";

const KEY = ["identity", "sessions"] as const;

/** A short name for a browser from its user-agent string: enough to recognise one's own devices. */
function deviceName(ua: string | null): string {
  if (!ua) return "—";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /MicroMessenger/.test(ua)
      ? "WeChat"
      : /Chrome\//.test(ua)
        ? "Chrome"
        : /Firefox\//.test(ua)
          ? "Firefox"
          : /Safari\//.test(ua)
            ? "Safari"
            : null;
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : null;
  return [browser, os].filter(Boolean).join(" · ") || ua.slice(0, 40);
}

/** The person's live sessions; any but the current one can be ended from here (e.g. a lost phone). */
export function SessionsPanel() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const compact = !Grid.useBreakpoint().sm;
  const sessions = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => unwrap(api.GET("/api/identity/me/sessions", { signal })),
    staleTime: 0,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/identity/me/sessions/{id}", { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });

  const method = (m: string) => {
    if (m.includes("totp")) return t("account.sessions.method.totp");
    const known = ["password", "sms", "register", "oidc"] as const;
    const k = known.find((x) => m.startsWith(x));
    return k ? t(`account.sessions.method.${k}`) : m;
  };

  const columns: TableProps<SessionInfo>["columns"] = [
    {
      title: t("account.sessions.device"),
      key: "device",
      render: (_: unknown, s) => (
        <div>
          <div className="yw-cell-strong">
            {deviceName(s.userAgent)}{" "}
            {s.current && (
              <Tag color="green" className="yw-current-tag">
                {t("account.sessions.current")}
              </Tag>
            )}
          </div>
          <div className="yw-cell-sub">
            {method(s.authMethod)}
            {s.ip ? ` · ${s.ip}` : ""}
          </div>
          {compact && (
            <div className="yw-cell-sub">
              {t("account.sessions.lastSeen")}：{formatPlatformDateTime(s.lastSeenAt)}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t("account.sessions.createdAt"),
      dataIndex: "createdAt",
      responsive: ["md"],
      render: (v: string) => <span className="yw-mono">{formatPlatformDateTime(v)}</span>,
    },
    {
      title: t("account.sessions.lastSeen"),
      dataIndex: "lastSeenAt",
      responsive: ["sm"],
      render: (v: string) => <span className="yw-mono">{formatPlatformDateTime(v)}</span>,
    },
    {
      title: "",
      key: "actions",
      align: "right",
      render: (_: unknown, s) =>
        s.current ? null : (
          <Popconfirm
            title={t("account.sessions.revokeConfirm")}
            okText={t("account.sessions.revoke")}
            cancelText={t("account.common.cancel")}
            onConfirm={() => revoke.mutateAsync(s.id)}
          >
            <Button size="small" danger loading={revoke.isPending && revoke.variables === s.id}>
              {t("account.sessions.revoke")}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Panel title={t("account.sessions.title")} icon={<DesktopOutlined />} className="yw-span-2">
      <p className="yw-muted">{t("account.sessions.help")}</p>
      {revoke.isError && <ErrorAlert error={revoke.error} />}
      {sessions.isError ? (
        <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Table<SessionInfo>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={sessions.data?.items}
          loading={sessions.isPending}
          pagination={false}
          data-testid="sessions-table"
        />
      )}
    </Panel>
  );
}
