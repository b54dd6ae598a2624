import { RedoOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { DeadJob } from "@yiwang/contracts";
import { Alert, Button, Popconfirm, Select, Table, type TableProps, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { hasRole, RequireLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { DEAD_JOBS_KEY, retryDeadJob, useDeadJobs } from "./jobs/jobsApi";
import "./jobs/jobs.css";

const PAGE_SIZE = 20;

function DeadJobsAdmin() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const allowed = hasRole(me.data, "platform_admin");
  const [kind, setKind] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const list = useDeadJobs({ kind, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, allowed);

  const retry = useMutation({
    mutationFn: (job: DeadJob) => retryDeadJob(job.id),
    onSuccess: (job) => {
      setActionError(null);
      setNotice(t("adminJobs.retried", { kind: job.kind, key: job.key }));
      void qc.invalidateQueries({ queryKey: DEAD_JOBS_KEY });
    },
    onError: (e) => {
      setNotice(null);
      setActionError(errorText(e));
      void qc.invalidateQueries({ queryKey: DEAD_JOBS_KEY });
    },
  });

  if (!me.data) return null;
  if (!allowed) return <Alert type="warning" showIcon message={t("adminJobs.notAllowed")} />;

  const columns: TableProps<DeadJob>["columns"] = [
    {
      title: t("adminJobs.colJob"),
      key: "job",
      render: (_: unknown, j) => (
        <div>
          <Tag className="yw-job-mono yw-job-kind">{j.kind}</Tag>
          <div className="yw-cell-sub yw-job-mono">{j.key}</div>
        </div>
      ),
    },
    {
      title: t("adminJobs.colLastError"),
      dataIndex: "lastError",
      render: (e: string | null) => (
        <Typography.Paragraph
          className="yw-job-mono yw-job-error"
          type="danger"
          ellipsis={{ rows: 3, expandable: true }}
        >
          {e ?? "—"}
        </Typography.Paragraph>
      ),
    },
    {
      title: t("adminJobs.colAttempts"),
      dataIndex: "attempts",
      responsive: ["md"],
    },
    {
      title: t("adminJobs.colDeadAt"),
      dataIndex: "deadAt",
      responsive: ["md"],
      render: (at: string) => formatPlatformDateTime(at),
    },
    {
      title: t("adminJobs.colActions"),
      key: "actions",
      render: (_: unknown, j) => (
        <Popconfirm
          title={t("adminJobs.retryConfirm")}
          okText={t("adminJobs.retry")}
          cancelText={t("account.common.cancel")}
          onConfirm={() => retry.mutateAsync(j).catch(() => {})}
        >
          <Button size="small" icon={<RedoOutlined />} data-testid={`retry-${j.id}`}>
            {t("adminJobs.retry")}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Panel>
      {notice && <Alert type="success" showIcon closable message={notice} onClose={() => setNotice(null)} />}
      {actionError && (
        <Alert type="error" showIcon closable message={actionError} onClose={() => setActionError(null)} />
      )}
      <div className="yw-toolbar">
        <Select
          allowClear
          aria-label={t("adminJobs.kind")}
          placeholder={t("adminJobs.allKinds")}
          style={{ minWidth: 240, maxWidth: "100%" }}
          value={kind}
          onChange={(v: string | undefined) => {
            setKind(v);
            setPage(1);
          }}
          options={(list.data?.kinds ?? []).map((k) => ({ value: k.kind, label: `${k.kind} (${k.count})` }))}
        />
      </div>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<DeadJob>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={{ emptyText: t("adminJobs.empty") }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showTotal: (total) => t("adminJobs.total", { total }),
          }}
        />
      )}
    </Panel>
  );
}

/** Background jobs that failed their last attempt (死信任务): platform administrators re-run them. */
export function DeadJobsAdminPage() {
  const { t } = useTranslation();
  const trail = [{ title: t("admin.title"), to: "/admin" }];
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("adminJobs.title")} subtitle={t("adminJobs.desc")} trail={trail} />
      <RequireLogin kind="staff">
        <DeadJobsAdmin />
      </RequireLogin>
    </div>
  );
}
