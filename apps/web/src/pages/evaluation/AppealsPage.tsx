import type { AppealDetail } from "@yiwang/contracts";
import { App, Button, Input, Modal, Space, Table, type TableProps, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useAppeals, useDecideAppeal } from "./api";
import { levelKey } from "./vocab";

const PAGE_SIZE = 20;

function Appeals() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const list = useAppeals(undefined, (page - 1) * PAGE_SIZE, PAGE_SIZE);
  const decide = useDecideAppeal();
  const [open, setOpen] = useState<{ appeal: AppealDetail; upheld: boolean } | null>(null);
  const [reason, setReason] = useState("");

  const columns: TableProps<AppealDetail>["columns"] = [
    {
      title: t("evaluation.appeals.department"),
      key: "dept",
      render: (_: unknown, a) => (
        <div>
          <strong>{a.department.name}</strong>
          <div className="yw-cell-sub">
            {a.itemName} · {a.subject.label}
          </div>
          <div className="yw-cell-sub">
            {a.filedBy} · {formatPlatformDateTime(a.filedAt)}
          </div>
        </div>
      ),
    },
    {
      title: t("evaluation.inbox.review"),
      key: "review",
      render: (_: unknown, a) => (
        <div>
          <Tag color={a.evaluation.level <= 2 ? "red" : "blue"}>{t(levelKey(a.evaluation.level))}</Tag>
          <div>{a.evaluation.text}</div>
        </div>
      ),
    },
    { title: t("evaluation.appeals.reason"), dataIndex: "reason" },
    {
      title: t("evaluation.appeals.decision"),
      key: "decision",
      render: (_: unknown, a) =>
        a.status === "pending" ? (
          <Space wrap>
            <Button size="small" type="primary" onClick={() => setOpen({ appeal: a, upheld: true })}>
              {t("evaluation.appeals.uphold")}
            </Button>
            <Button size="small" onClick={() => setOpen({ appeal: a, upheld: false })}>
              {t("evaluation.appeals.reject")}
            </Button>
          </Space>
        ) : (
          <div>
            <Tag color={a.status === "upheld" ? "green" : "default"}>{t(`evaluation.appealStatus.${a.status}`)}</Tag>
            <div className="yw-cell-sub">{a.decision?.reason}</div>
          </div>
        ),
    },
  ];

  return (
    <>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<AppealDetail>
        rowKey="id"
        loading={list.isPending}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t("evaluation.appeals.empty") }}
        scroll={{ x: true }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
      />
      <Modal
        open={open !== null}
        title={open ? t(open.upheld ? "evaluation.appeals.uphold" : "evaluation.appeals.reject") : ""}
        okButtonProps={{ disabled: !reason.trim() }}
        confirmLoading={decide.isPending}
        onCancel={() => setOpen(null)}
        onOk={() => {
          if (!open) return;
          decide.mutate(
            { id: open.appeal.id, upheld: open.upheld, reason: reason.trim() },
            {
              onSuccess: () => {
                message.success(t("evaluation.appeals.done"));
                setOpen(null);
                setReason("");
              },
            },
          );
        }}
      >
        <Input.TextArea
          aria-label={t("evaluation.appeals.decision")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoSize={{ minRows: 3 }}
          maxLength={2000}
        />
        {Boolean(decide.error) && <ErrorAlert error={decide.error} />}
      </Modal>
    </>
  );
}

/** /workbench/evaluation/appeals — 申诉复核 for the supervisors. */
export function AppealsPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("evaluation.appeals.title")}
        subtitle={t("evaluation.appeals.subtitle")}
        trail={[
          { title: t("workbench.title"), to: "/workbench" },
          { title: t("evaluation.inbox.title"), to: "/workbench/evaluation" },
        ]}
      />
      <RequireLogin kind="staff">
        <Panel>
          <Appeals />
        </Panel>
      </RequireLogin>
    </div>
  );
}
