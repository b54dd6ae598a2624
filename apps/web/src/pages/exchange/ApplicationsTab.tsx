import type { ExchangeApplication } from "@yiwang/contracts";
import { App, Button, Input, Modal, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/useErrorText";
import { useApplications, useDecide } from "./api";

const PAGE_SIZE = 20;
const STATUS_COLOR = { pending: "blue", approved: "green", rejected: "red", revoked: "default" } as const;

/**
 * 共享申请: the department's applications as consumer (my applications) and as provider (to approve): the
 * provider's admin approves, rejects or revokes with a reason.
 */
export function ApplicationsTab({ departmentId }: { departmentId: string | null }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ExchangeApplication["status"] | undefined>(undefined);
  const [page, setPage] = useState(1);
  const list = useApplications(status, page, PAGE_SIZE);
  const [deciding, setDeciding] = useState<{
    app: ExchangeApplication;
    action: "approve" | "reject" | "revoke";
  } | null>(null);
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <Select
        allowClear
        placeholder={t("exchange.applications.allStatuses")}
        aria-label={t("exchange.applications.status")}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage(1);
        }}
        options={(["pending", "approved", "rejected", "revoked"] as const).map((s) => ({
          value: s,
          label: t(`exchange.status.${s}`),
        }))}
        style={{ minWidth: 160, marginBottom: 12 }}
      />
      <Table<ExchangeApplication>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        data-testid="exchange-applications"
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          {
            title: t("exchange.applications.resource"),
            key: "resource",
            render: (_: unknown, a) => (
              <div>
                <div className="yw-cell-strong">{a.resourceCode}</div>
                <div className="yw-cell-sub">{a.purpose}</div>
              </div>
            ),
          },
          {
            title: t("exchange.applications.role"),
            key: "role",
            render: (_: unknown, a) =>
              t(
                a.providerDepartmentId === departmentId
                  ? "exchange.applications.asProvider"
                  : "exchange.applications.asConsumer",
              ),
          },
          {
            title: t("exchange.resource.fields"),
            key: "fields",
            responsive: ["md"],
            render: (_: unknown, a) =>
              a.fields.map((f) => (
                <Tag key={f} color={a.clearFields.includes(f) ? "red" : "default"}>
                  {f}
                </Tag>
              )),
          },
          {
            title: t("exchange.applications.validity"),
            key: "validity",
            responsive: ["lg"],
            render: (_: unknown, a) => `${formatPlatformDateTime(a.validFrom)} – ${formatPlatformDateTime(a.validTo)}`,
          },
          {
            title: t("exchange.applications.status"),
            key: "status",
            render: (_: unknown, a) => <Tag color={STATUS_COLOR[a.status]}>{t(`exchange.status.${a.status}`)}</Tag>,
          },
          {
            title: "",
            key: "actions",
            render: (_: unknown, a) =>
              a.providerDepartmentId === departmentId ? (
                <Space>
                  {a.status === "pending" && (
                    <>
                      <Button size="small" type="primary" onClick={() => setDeciding({ app: a, action: "approve" })}>
                        {t("exchange.decide.approve")}
                      </Button>
                      <Button size="small" danger onClick={() => setDeciding({ app: a, action: "reject" })}>
                        {t("exchange.decide.reject")}
                      </Button>
                    </>
                  )}
                  {a.status === "approved" && (
                    <Button size="small" danger onClick={() => setDeciding({ app: a, action: "revoke" })}>
                      {t("exchange.decide.revoke")}
                    </Button>
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
      {deciding && <DecideModal {...deciding} onClose={() => setDeciding(null)} />}
    </>
  );
}

function DecideModal({
  app,
  action,
  onClose,
}: {
  app: ExchangeApplication;
  action: "approve" | "reject" | "revoke";
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const decide = useDecide();
  const [reason, setReason] = useState("");
  const needsReason = action !== "approve";
  return (
    <Modal
      open
      title={t(`exchange.decide.${action}Title`, { resource: app.resourceCode })}
      onCancel={onClose}
      okButtonProps={{ disabled: needsReason && reason.trim() === "", danger: action !== "approve" }}
      confirmLoading={decide.isPending}
      onOk={async () => {
        try {
          await decide.mutateAsync({ id: app.id, action, reason: reason.trim() || undefined });
          message.success(t("exchange.decide.done"));
          onClose();
        } catch (e) {
          message.error(errorText(e));
        }
      }}
    >
      <p>{app.purpose}</p>
      <Input.TextArea
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t(needsReason ? "exchange.decide.reasonRequired" : "exchange.decide.reasonOptional")}
        aria-label={t("exchange.decide.reason")}
      />
    </Modal>
  );
}
