import type { AlertRule } from "@yiwang/contracts";
import { Button, Form, Input, InputNumber, Select, Table } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { useAlertActions, useAlertVersions } from "./api";

interface EditForm {
  comparison: "above" | "below";
  threshold: number;
  windowDays: number;
  pendingMinutes: number;
}

/**
 * One rule opened for editing: the form saves a new version (PATCH; the indicator stays — another indicator
 * is another rule), the versions so far are listed under it, and a firing rule can be acknowledged (认领)
 * with a note, which the rule shows until its state next changes.
 */
export function AlertEditPanel({ rule, name }: { rule: AlertRule; name: string }) {
  const { t } = useTranslation();
  const actions = useAlertActions();
  const versions = useAlertVersions(rule.id);
  const [ack] = Form.useForm<{ note: string }>();

  const save = (v: EditForm) =>
    actions.update.mutate({
      id: rule.id,
      body: {
        comparison: v.comparison,
        threshold: v.threshold,
        windowDays: v.windowDays,
        pendingSeconds: v.pendingMinutes * 60,
      },
    });

  return (
    <Panel title={t("indicators.alerts.editOf", { name, version: rule.version })}>
      {rule.state === "firing" && (
        <div className="yw-ind-ack" data-testid="alert-ack">
          {rule.acknowledgement ? (
            <p data-testid="alert-ack-done">
              {t("indicators.alerts.acknowledgedBy", {
                by: rule.acknowledgement.by,
                at: new Date(rule.acknowledgement.at).toLocaleString(),
                note: rule.acknowledgement.note,
              })}
            </p>
          ) : (
            <Form<{ note: string }>
              form={ack}
              layout="inline"
              onFinish={(v) =>
                actions.acknowledge.mutate({ id: rule.id, note: v.note }, { onSuccess: () => ack.resetFields() })
              }
            >
              <Form.Item
                name="note"
                label={t("indicators.alerts.ackNote")}
                rules={[{ required: true, whitespace: true, max: 500 }]}
              >
                <Input style={{ width: 320 }} data-testid="alert-ack-note" />
              </Form.Item>
              <Button htmlType="submit" loading={actions.acknowledge.isPending} data-testid="alert-ack-submit">
                {t("indicators.alerts.acknowledge")}
              </Button>
            </Form>
          )}
          {actions.acknowledge.error && <ErrorAlert error={actions.acknowledge.error} />}
        </div>
      )}
      {actions.update.error && <ErrorAlert error={actions.update.error} />}
      <div data-testid="alert-edit-form">
        <Form<EditForm>
          // A new key per version: the form re-reads the saved rule after each edit.
          key={`${rule.id}-${rule.version}`}
          layout="vertical"
          className="yw-ind-form"
          initialValues={{
            comparison: rule.comparison,
            threshold: rule.threshold,
            windowDays: rule.windowDays,
            pendingMinutes: rule.pendingSeconds / 60,
          }}
          onFinish={save}
        >
          <Form.Item name="comparison" label={t("indicators.alerts.comparison")}>
            <Select
              options={[
                { value: "above", label: t("indicators.alerts.whenAbove") },
                { value: "below", label: t("indicators.alerts.whenBelow") },
              ]}
            />
          </Form.Item>
          <Form.Item name="threshold" label={t("indicators.alerts.threshold")} rules={[{ required: true }]}>
            <InputNumber style={{ width: "100%" }} data-testid="alert-edit-threshold" />
          </Form.Item>
          <Form.Item name="windowDays" label={t("indicators.alerts.windowDays")} rules={[{ required: true }]}>
            <InputNumber min={1} max={366} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="pendingMinutes" label={t("indicators.alerts.pendingMinutes")} rules={[{ required: true }]}>
            <InputNumber min={0} max={10080} style={{ width: "100%" }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={actions.update.isPending} data-testid="alert-edit-save">
            {t("indicators.alerts.saveVersion")}
          </Button>
        </Form>
      </div>
      <h3 className="yw-ind-subhead">{t("indicators.alerts.versions")}</h3>
      {versions.error && <ErrorAlert error={versions.error} />}
      <Table
        data-testid="alert-versions"
        rowKey="version"
        size="small"
        scroll={{ x: true }}
        pagination={false}
        loading={versions.isLoading}
        dataSource={versions.data?.items ?? []}
        columns={[
          { title: t("indicators.registry.version"), dataIndex: "version" },
          {
            title: t("indicators.alerts.condition"),
            dataIndex: "threshold",
            render: (v: number, r) =>
              t(`indicators.alerts.${r.comparison}`, {
                threshold: v,
                days: r.windowDays,
                minutes: r.pendingSeconds / 60,
              }),
          },
          {
            title: t("indicators.alerts.savedBy"),
            dataIndex: "savedBy",
            // The account id (the API names no person here): its head, the whole on hover.
            render: (by: string) => <span title={by}>{by.slice(0, 8)}</span>,
          },
          {
            title: t("indicators.alerts.at"),
            dataIndex: "savedAt",
            render: (at: string) => new Date(at).toLocaleString(),
          },
        ]}
      />
    </Panel>
  );
}
