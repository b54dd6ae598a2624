import { DownloadOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AdminItemRow, CellError, ImportReport } from "@yiwang/contracts";
import { Alert, message as antMessage, Button, Checkbox, Input, Popconfirm, Space, Table, Tag, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../../shared/api";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { PageHeading } from "../../../shared/PageHeading";
import { Panel } from "../../../shared/Panel";
import { hasRole, useMe } from "../../../shared/session";
import { useErrorText } from "../../../shared/useErrorText";
import { ReadOnlyNotice } from "../ReadOnlyNotice";
import { adminList, downloadExport, importWorkbook, publishItem, retireItem } from "./adminApi";
import { BundlesPanel } from "./BundlesPanel";

const STATUS_COLOR = { draft: "gold", published: "green", retired: "default" } as const;

/** Catalog administration: every item with its versions, publish/retire, workbook export and import. */
export function CatalogAdminPage() {
  const { t } = useTranslation();
  const [message, messageHolder] = antMessage.useMessage();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const admin = hasRole(useMe().data, "platform_admin");
  const [q, setQ] = useState("");
  const [validOnly, setValidOnly] = useState(false);
  const [report, setReport] = useState<{ report?: ImportReport; errors?: CellError[]; failure?: string }>();
  const list = useQuery({
    queryKey: ["catalog", "admin", "items", q],
    queryFn: ({ signal }) => adminList(q, signal),
    enabled: admin,
    retry: false,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["catalog"] });
  const action = useMutation({
    mutationFn: ({ kind, code }: { kind: "publish" | "retire"; code: string }) =>
      kind === "publish" ? publishItem(code) : retireItem(code),
    onSuccess: (item, { kind }) => {
      void message.success(
        kind === "publish" ? t("catalog.admin.published", { version: item.version }) : t("catalog.admin.retiredDone"),
      );
      refresh();
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const upload = useMutation({
    mutationFn: (file: File) => importWorkbook(file, validOnly),
    onSuccess: (r) => {
      setReport({ report: r, errors: r.errors });
      refresh();
    },
    onError: (e) => {
      const details = e instanceof ApiError ? (e.details as { errors?: CellError[] } | undefined) : undefined;
      setReport({ errors: details?.errors, failure: errorText(e) });
    },
  });

  const columns = [
    {
      title: t("catalog.admin.colName"),
      key: "name",
      render: (_: unknown, r: AdminItemRow) => (
        <div>
          <div className="yw-cell-strong">{r.name}</div>
          <div className="yw-cell-sub yw-mono">{r.code}</div>
        </div>
      ),
    },
    {
      title: t("catalog.admin.colStatus"),
      key: "status",
      render: (_: unknown, r: AdminItemRow) => (
        <Space direction="vertical" size={2}>
          <Tag color={STATUS_COLOR[r.status]}>{t(`catalog.admin.status.${r.status}`)}</Tag>
          {r.hasDraft && r.publishedVersion !== null && (
            <span className="yw-cell-sub">{t("catalog.admin.draftPending", { version: r.latestVersion })}</span>
          )}
        </Space>
      ),
    },
    {
      title: t("catalog.admin.colVersion"),
      key: "v",
      responsive: ["md" as const],
      render: (_: unknown, r: AdminItemRow) => r.publishedVersion ?? "—",
    },
    {
      title: t("catalog.admin.colActions"),
      key: "actions",
      render: (_: unknown, r: AdminItemRow) => (
        <Space wrap size={4}>
          {r.status !== "retired" && (
            <Link to={`/admin/catalog/items/${r.code}`}>
              <Button size="small">{t("catalog.admin.edit")}</Button>
            </Link>
          )}
          {r.hasDraft && r.status !== "retired" && (
            <Button size="small" type="primary" onClick={() => action.mutate({ kind: "publish", code: r.code })}>
              {t("catalog.admin.publish")}
            </Button>
          )}
          {r.status === "published" && (
            <Popconfirm
              title={t("catalog.admin.confirmRetire")}
              onConfirm={() => action.mutate({ kind: "retire", code: r.code })}
            >
              <Button size="small" danger>
                {t("catalog.admin.retire")}
              </Button>
            </Popconfirm>
          )}
          {r.publishedVersion !== null && r.status !== "retired" && (
            <Link to={`/services/items/${r.code}`}>{t("catalog.admin.view")}</Link>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="yw-container yw-page">
      {messageHolder}
      <PageHeading
        title={t("catalog.admin.title")}
        subtitle={t("catalog.admin.desc")}
        trail={[{ title: t("admin.title"), to: "/admin" }]}
      />
      <ReadOnlyNotice editable />
      <div style={{ height: 16 }} />
      <Panel
        extra={
          <Space wrap>
            <Link to="/admin/catalog/items/new">
              <Button icon={<PlusOutlined />}>{t("catalog.admin.create")}</Button>
            </Link>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => downloadExport().catch((e) => void message.error(errorText(e)))}
            >
              {t("catalog.admin.exportBook")}
            </Button>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                upload.mutate(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="import-button">
                {t("catalog.admin.importBook")}
              </Button>
            </Upload>
            <Checkbox checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)}>
              {t("catalog.admin.importValidOnly")}
            </Checkbox>
          </Space>
        }
        title={list.data ? t("catalog.admin.total", { count: list.data.total }) : t("catalog.admin.statItems")}
      >
        {report && <ImportResult {...report} />}
        <Input.Search
          allowClear
          className="yw-search"
          placeholder={t("catalog.admin.filter")}
          aria-label={t("catalog.admin.filter")}
          onSearch={(v) => setQ(v.trim())}
          style={{ marginBottom: 12, maxWidth: 360 }}
        />
        {list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<AdminItemRow>
            rowKey="code"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            pagination={{ pageSize: 20, showSizeChanger: false }}
          />
        )}
      </Panel>
      <div style={{ height: 16 }} />
      <BundlesPanel enabled={admin} />
    </div>
  );
}

function ImportResult({ report, errors, failure }: { report?: ImportReport; errors?: CellError[]; failure?: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.resolvedLanguage === "en";
  return (
    <div className="yw-import-result" data-testid="import-result" style={{ marginBottom: 16 }}>
      {report ? (
        <Alert
          type={errors?.length ? "warning" : "success"}
          showIcon
          message={
            errors?.length
              ? t("catalog.admin.importPartial", { count: errors.length })
              : t("catalog.admin.importDone", report.items)
          }
        />
      ) : (
        <Alert
          type="error"
          showIcon
          message={errors?.length ? t("catalog.admin.importFailed", { count: errors.length }) : failure}
        />
      )}
      {errors && errors.length > 0 && (
        <Table<CellError>
          size="small"
          rowKey={(e) => `${e.sheet}-${e.row}-${e.column}`}
          pagination={false}
          style={{ marginTop: 8 }}
          dataSource={errors}
          columns={[
            { title: t("catalog.admin.colSheet"), dataIndex: "sheet" },
            { title: t("catalog.admin.colRow"), dataIndex: "row" },
            { title: t("catalog.admin.colColumn"), key: "c", render: (_, e) => `${e.column} ${e.header}` },
            { title: t("catalog.admin.colMessage"), key: "m", render: (_, e) => (en ? e.messageEn : e.message) },
          ]}
        />
      )}
    </div>
  );
}
