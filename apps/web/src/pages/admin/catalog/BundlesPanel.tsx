import { TeamOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Bundle } from "@yiwang/contracts";
import { message as antMessage, Button, Popconfirm, Space, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { Panel } from "../../../shared/Panel";
import { useErrorText } from "../../../shared/useErrorText";
import { adminBundles, publishBundle, retireBundle } from "./adminApi";

const STATUS_COLOR = { draft: "gold", published: "green", retired: "default" } as const;

/** 一件事 bundles with their steps; publish and retire. (Bundles are created and edited via the workbook or the API.) */
export function BundlesPanel({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const [message, holder] = antMessage.useMessage();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ["catalog", "admin", "bundles"],
    queryFn: ({ signal }) => adminBundles(signal),
    enabled,
    retry: false,
  });
  const action = useMutation({
    mutationFn: ({ kind, code }: { kind: "publish" | "retire"; code: string }) =>
      kind === "publish" ? publishBundle(code) : retireBundle(code),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["catalog"] }),
    onError: (e) => void message.error(errorText(e)),
  });
  return (
    <Panel title={t("catalog.bundles")} icon={<TeamOutlined />}>
      {holder}
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Bundle>
          rowKey="code"
          size="middle"
          pagination={false}
          loading={list.isFetching}
          dataSource={list.data?.items}
          columns={[
            {
              title: t("catalog.admin.colName"),
              key: "name",
              render: (_, b) => (
                <div>
                  <div className="yw-cell-strong">{b.name}</div>
                  <div className="yw-cell-sub">
                    {b.items
                      .map((s) =>
                        typeof s === "string"
                          ? (b.members.find((m) => m.code === s)?.name ?? s)
                          : `（${s.parallel.map((c) => b.members.find((m) => m.code === c)?.name ?? c).join(" ∥ ")}）`,
                      )
                      .join(" → ")}
                  </div>
                </div>
              ),
            },
            {
              title: t("catalog.admin.colStatus"),
              key: "status",
              render: (_, b) => <Tag color={STATUS_COLOR[b.status]}>{t(`catalog.admin.status.${b.status}`)}</Tag>,
            },
            {
              title: t("catalog.admin.colActions"),
              key: "actions",
              render: (_, b) => (
                <Space wrap size={4}>
                  {b.status === "draft" && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => action.mutate({ kind: "publish", code: b.code })}
                    >
                      {t("catalog.admin.publish")}
                    </Button>
                  )}
                  {b.status === "published" && (
                    <>
                      <Popconfirm
                        title={t("catalog.admin.confirmRetire")}
                        onConfirm={() => action.mutate({ kind: "retire", code: b.code })}
                      >
                        <Button size="small" danger>
                          {t("catalog.admin.retire")}
                        </Button>
                      </Popconfirm>
                      <Link to={`/services/bundles/${b.code}`}>{t("catalog.admin.view")}</Link>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Panel>
  );
}
