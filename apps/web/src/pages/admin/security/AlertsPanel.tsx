import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { SecurityAlert } from "@yiwang/contracts";
import { Alert, Button, Popconfirm, Segmented, Table, type TableProps, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../../shared/dates";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { useErrorText } from "../../../shared/useErrorText";
import { ALERTS_KEY, acknowledgeAlert, useSecurityAlerts } from "./securityApi";

const PAGE_SIZE = 20;
type Status = "open" | "acknowledged" | "all";

/** The alerts list; `canAcknowledge` for security admins (auditors read only). */
export function AlertsPanel({ canAcknowledge }: { canAcknowledge: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [status, setStatus] = useState<Status>("open");
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useSecurityAlerts(
    { status: status === "all" ? undefined : status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
    true,
  );
  const ack = useMutation({
    mutationFn: (a: SecurityAlert) => acknowledgeAlert(a.id),
    onSuccess: () => {
      setError(null);
      setNotice(t("adminSecurity.acknowledged"));
    },
    onError: (e) => {
      setNotice(null);
      setError(errorText(e));
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: ALERTS_KEY }),
  });

  const subject = (s: string) => (s === "*" ? t("adminSecurity.subjectAll") : s);
  const columns: TableProps<SecurityAlert>["columns"] = [
    {
      title: t("adminSecurity.colAlert"),
      key: "alert",
      render: (_: unknown, a) => (
        <div>
          <div className="yw-cell-strong">{t(`adminSecurity.kinds.${a.kind}`)}</div>
          <div className="yw-cell-sub yw-mono yw-break">{subject(a.subject)}</div>
          <div className="yw-cell-sub">
            {a.acknowledgedAt ? (
              <Tag>{t("adminSecurity.acknowledgedBy", { at: formatPlatformDateTime(a.acknowledgedAt) })}</Tag>
            ) : (
              <Tag color="red">{t("adminSecurity.statusOpen")}</Tag>
            )}
            {a.detections > 1 && <Tag>{t("adminSecurity.detections", { count: a.detections })}</Tag>}
          </div>
        </div>
      ),
    },
    { title: t("adminSecurity.colCount"), dataIndex: "occurrences", responsive: ["sm"] },
    {
      title: t("adminSecurity.colLastSeen"),
      dataIndex: "lastSeenAt",
      responsive: ["md"],
      render: (at: string) => formatPlatformDateTime(at),
    },
    ...(canAcknowledge
      ? [
          {
            title: t("adminSecurity.colActions"),
            key: "actions",
            render: (_: unknown, a: SecurityAlert) =>
              a.acknowledgedAt ? null : (
                <Popconfirm
                  title={t("adminSecurity.acknowledgeConfirm")}
                  okText={t("adminSecurity.acknowledge")}
                  cancelText={t("account.common.cancel")}
                  onConfirm={() => ack.mutateAsync(a).catch(() => {})}
                >
                  <Button size="small" data-testid={`ack-${a.id}`}>
                    {t("adminSecurity.acknowledge")}
                  </Button>
                </Popconfirm>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      {!canAcknowledge && <Alert type="info" showIcon message={t("adminSecurity.readOnly")} className="yw-dev-hint" />}
      {notice && <Alert type="success" showIcon closable message={notice} onClose={() => setNotice(null)} />}
      {error && <Alert type="error" showIcon closable message={error} onClose={() => setError(null)} />}
      <div className="yw-toolbar">
        <Segmented<Status>
          aria-label={t("adminSecurity.status")}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: "open", label: t("adminSecurity.statusOpen") },
            { value: "acknowledged", label: t("adminSecurity.statusAcknowledged") },
            { value: "all", label: t("adminSecurity.statusAll") },
          ]}
        />
      </div>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<SecurityAlert>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={{ emptyText: t("adminSecurity.emptyAlerts") }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
            showTotal: (total) => t("adminSecurity.total", { total }),
          }}
        />
      )}
    </>
  );
}
