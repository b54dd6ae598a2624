import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { NoticeWebhook } from "@yiwang/contracts";
import { Alert, Button, Form, Input, Select, Space, Table } from "antd";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { formatPlatformDateTime } from "../../../shared/dates";
import { useErrorText } from "../../../shared/useErrorText";

const KEY = ["notify", "webhooks"] as const;

interface Draft {
  departmentId: string;
  kind: "wecom" | "dingtalk";
  url: string;
}

/** Department group robots (企业微信/钉钉): the server accepts only URLs on its allowed list. */
export function WebhooksPanel() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<Draft>();
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => unwrap(api.GET("/api/admin/notifications/webhooks", { signal })),
  });
  const add = useMutation({
    mutationFn: (d: Draft) => unwrap(api.POST("/api/admin/notifications/webhooks", { body: d })),
    onSuccess: () => {
      form.resetFields(["url"]);
      void qc.invalidateQueries({ queryKey: KEY });
    },
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      {add.isError && <Alert type="error" showIcon message={errorText(add.error)} />}
      <Form<Draft>
        form={form}
        layout="vertical"
        initialValues={{ kind: "wecom" }}
        onFinish={(d) => add.mutate(d)}
        style={{ maxWidth: 640 }}
      >
        <Form.Item name="departmentId" label={t("notifyAdmin.department")} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t("notifyAdmin.kind")}>
          <Select
            options={[
              { value: "wecom", label: t("notifyAdmin.wecom") },
              { value: "dingtalk", label: t("notifyAdmin.dingtalk") },
            ]}
          />
        </Form.Item>
        <Form.Item name="url" label={t("notifyAdmin.url")} rules={[{ required: true }]}>
          <Input inputMode="url" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {t("notifyAdmin.addWebhook")}
        </Button>
      </Form>
      <Table<NoticeWebhook>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("notifyAdmin.empty") }}
        columns={[
          { title: t("notifyAdmin.department"), dataIndex: "departmentId" },
          { title: t("notifyAdmin.kind"), dataIndex: "kind", render: (k: Draft["kind"]) => t(`notifyAdmin.${k}`) },
          { title: t("notifyAdmin.host"), dataIndex: "host" },
          {
            title: t("notifyAdmin.colCreated"),
            dataIndex: "createdAt",
            responsive: ["md"],
            render: (at: string) => formatPlatformDateTime(at),
          },
        ]}
      />
    </Space>
  );
}
