import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { NoticeEventType, NoticeLanguage, NoticeTemplate } from "@yiwang/contracts";
import { COMMON_NOTICE_VARIABLES, NOTICE_EVENT_TYPES, NOTICE_EVENTS } from "@yiwang/contracts/vocabularies";
import { Alert, Button, Card, Form, Input, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { formatPlatformDateTime } from "../../../shared/dates";
import { useErrorText } from "../../../shared/useErrorText";

const KEY = ["notify", "templates"] as const;

interface Draft {
  eventType: NoticeEventType;
  language: NoticeLanguage;
  title: string;
  body: string;
  smsText?: string;
  smsSign?: string;
  smsTemplateId?: string;
}

const clean = (d: Draft) => ({
  ...d,
  smsText: d.smsText || null,
  smsSign: d.smsSign || null,
  smsTemplateId: d.smsTemplateId || null,
});

/** Templates per event type and language: write, preview, save a new version; the versions so far. */
export function TemplatesPanel() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<Draft>();
  const eventType = Form.useWatch("eventType", form) ?? "case.decided";
  const [saved, setSaved] = useState<number | null>(null);
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => unwrap(api.GET("/api/admin/notifications/templates", { signal })),
  });
  const preview = useMutation({
    mutationFn: (d: Draft) => unwrap(api.POST("/api/admin/notifications/templates/preview", { body: clean(d) })),
  });
  const save = useMutation({
    mutationFn: (d: Draft) => unwrap(api.POST("/api/admin/notifications/templates", { body: clean(d) })),
    onSuccess: (tpl) => {
      setSaved(tpl.version);
      void qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const variables = [...COMMON_NOTICE_VARIABLES, ...NOTICE_EVENTS[eventType].variables].map((v) => `{{${v}}}`);
  const submit = (action: "preview" | "save") => async () => {
    const d = await form.validateFields();
    setSaved(null);
    (action === "preview" ? preview : save).mutate(d);
  };
  const error = preview.error ?? save.error;

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Paragraph type="secondary">{t("notifyAdmin.builtIn")}</Typography.Paragraph>
      <Form<Draft>
        form={form}
        layout="vertical"
        initialValues={{ eventType: "case.decided", language: "zh-CN", title: "{{title}}", body: "{{body}}" }}
        style={{ maxWidth: 640 }}
      >
        <Space wrap>
          <Form.Item name="eventType" label={t("notifyAdmin.event")}>
            <Select
              style={{ minWidth: 220 }}
              options={NOTICE_EVENT_TYPES.map((e) => ({
                value: e,
                label: t(`notifyCentre.events.${e}` as "notifyCentre.events.case.decided"),
              }))}
            />
          </Form.Item>
          <Form.Item name="language" label={t("notifyAdmin.language")}>
            <Select style={{ minWidth: 120 }} options={[{ value: "zh-CN" }, { value: "en" }]} />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">
          {t("notifyAdmin.variables", { list: variables.join(" ") })}
        </Typography.Paragraph>
        <Form.Item name="title" label={t("notifyAdmin.titleField")} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="body" label={t("notifyAdmin.body")} rules={[{ required: true, max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="smsText" label={t("notifyAdmin.smsText")} rules={[{ max: 300 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="smsSign" label={t("notifyAdmin.smsSign")}>
            <Input placeholder="【一网通办】" />
          </Form.Item>
          <Form.Item name="smsTemplateId" label={t("notifyAdmin.smsTemplateId")}>
            <Input placeholder="SMS_0001" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Button onClick={submit("preview")} loading={preview.isPending}>
            {t("notifyAdmin.preview")}
          </Button>
          <Button type="primary" onClick={submit("save")} loading={save.isPending}>
            {t("notifyAdmin.saveTemplate")}
          </Button>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon message={errorText(error)} />}
      {saved !== null && <Alert type="success" showIcon message={t("notifyAdmin.savedTemplate", { version: saved })} />}
      {preview.data && !preview.isError && (
        <Card size="small" title={preview.data.title} data-testid="template-preview">
          <Typography.Paragraph>{preview.data.body}</Typography.Paragraph>
          {preview.data.smsText && <Typography.Paragraph code>{preview.data.smsText}</Typography.Paragraph>}
        </Card>
      )}
      <Table<NoticeTemplate>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("notifyAdmin.empty") }}
        columns={[
          {
            title: t("notifyAdmin.event"),
            dataIndex: "eventType",
            render: (e: string) => t(`notifyCentre.events.${e}` as "notifyCentre.events.case.decided"),
          },
          { title: t("notifyAdmin.language"), dataIndex: "language" },
          { title: t("notifyAdmin.version"), dataIndex: "version" },
          { title: t("notifyAdmin.titleField"), dataIndex: "title" },
          { title: t("notifyAdmin.smsTemplateId"), dataIndex: "smsTemplateId", responsive: ["md"] },
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
