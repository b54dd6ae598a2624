import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DeliveryStatus, NoticeDelivery } from "@yiwang/contracts";
import { DELIVERY_STATUSES } from "@yiwang/contracts/vocabularies";
import { Alert, Button, Select, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { formatPlatformDateTime } from "../../../shared/dates";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { useErrorText } from "../../../shared/useErrorText";

const KEY = ["notify", "deliveries"] as const;
const PAGE_SIZE = 20;
const COLOR: Record<DeliveryStatus, string> = { queued: "blue", sent: "cyan", delivered: "green", failed: "red" };

/** The delivery log; `deadLetters` shows the failed ones with a re-send button. */
export function DeliveriesPanel({ deadLetters }: { deadLetters: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [status, setStatus] = useState<DeliveryStatus | undefined>(deadLetters ? "failed" : undefined);
  const [page, setPage] = useState(1);
  const query = { status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const list = useQuery({
    queryKey: [...KEY, query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/admin/notifications/deliveries", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const resend = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/admin/notifications/deliveries/{id}/resend", { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      {resend.isError && <Alert type="error" showIcon message={errorText(resend.error)} />}
      {resend.isSuccess && <Alert type="success" showIcon message={t("notifyAdmin.resent")} />}
      {!deadLetters && (
        <div className="yw-toolbar">
          <Select
            allowClear
            style={{ minWidth: 160 }}
            placeholder={t("notifyAdmin.allStatuses")}
            aria-label={t("notifyAdmin.colStatus")}
            value={status}
            onChange={(v: DeliveryStatus | undefined) => {
              setStatus(v);
              setPage(1);
            }}
            options={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`notifyAdmin.status.${s}`) }))}
          />
        </div>
      )}
      <Table<NoticeDelivery>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("notifyAdmin.empty") }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (total) => t("notifyAdmin.total", { total }),
        }}
        columns={[
          {
            title: t("notifyAdmin.event"),
            key: "event",
            render: (_: unknown, d) => (
              <div>
                <div>{d.eventType}</div>
                <div className="yw-cell-sub">{d.subject}</div>
              </div>
            ),
          },
          {
            title: t("notifyAdmin.colChannel"),
            dataIndex: "channel",
            render: (c: NoticeDelivery["channel"]) => t(`notifyCentre.channel.${c}`),
          },
          {
            title: t("notifyAdmin.colStatus"),
            dataIndex: "status",
            render: (s: DeliveryStatus) => <Tag color={COLOR[s]}>{t(`notifyAdmin.status.${s}`)}</Tag>,
          },
          { title: t("notifyAdmin.colAttempts"), dataIndex: "attempts", responsive: ["md"] },
          {
            title: t("notifyAdmin.colError"),
            dataIndex: "lastError",
            render: (e: string | null) => (
              <Typography.Text type="danger" ellipsis style={{ maxWidth: 260 }}>
                {e ?? ""}
              </Typography.Text>
            ),
          },
          {
            title: t("notifyAdmin.colCreated"),
            dataIndex: "createdAt",
            responsive: ["md"],
            render: (at: string) => formatPlatformDateTime(at),
          },
          ...(deadLetters
            ? [
                {
                  title: t("notifyAdmin.colActions"),
                  key: "actions",
                  render: (_: unknown, d: NoticeDelivery) => (
                    <Button size="small" onClick={() => resend.mutate(d.id)} loading={resend.isPending}>
                      {t("notifyAdmin.resend")}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
