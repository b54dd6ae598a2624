import { Button, Form, InputNumber, Select, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { AlertEditPanel } from "./AlertEditPanel";
import { useAlertActions, useAlertHistory, useAlertRules, useRegistry } from "./api";
import "./indicators.css";

const STATE_COLOR: Record<string, string> = { ok: "green", pending: "gold", firing: "red" };
type State = "ok" | "pending" | "firing";
const DAY_MS = 86_400_000;

interface RuleForm {
  indicatorCode: string;
  comparison: "above" | "below";
  threshold: number;
  windowDays: number;
  pendingMinutes: number;
}

/**
 * /workbench/indicators/alerts — 告警规则: the rules (a department head sees its own department's), their
 * state (ok / pending / firing) and last value, each rule's state changes, a new rule with its threshold,
 * window and pending period, and a silence of a firing rule's notices for a day (the rule keeps evaluating);
 * a rule opened for editing (AlertEditPanel) saves a new version, lists its versions, and takes a firing
 * rule's acknowledgement (认领) with a note.
 */
export function AlertsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const rules = useAlertRules();
  const registry = useRegistry();
  const actions = useAlertActions();
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const edited = rules.data?.items.find((r) => r.id === editing) ?? null;
  const history = useAlertHistory(open);
  const [form] = Form.useForm<RuleForm>();
  const names = new Map((registry.data?.indicators ?? []).map((i) => [i.code, en ? i.nameEn : i.name]));

  const create = (v: RuleForm) =>
    actions.create.mutate(
      {
        indicatorCode: v.indicatorCode,
        comparison: v.comparison,
        threshold: v.threshold,
        windowDays: v.windowDays,
        pendingSeconds: v.pendingMinutes * 60,
      },
      { onSuccess: () => form.resetFields() },
    );

  return (
    <div className="yw-ind-page">
      <PageHeading
        title={t("indicators.alerts.title")}
        subtitle={t("indicators.alerts.subtitle")}
        trail={[
          { title: t("workbench.title"), to: "/workbench" },
          { title: t("indicators.dashboard.title"), to: "/workbench/indicators" },
        ]}
      />
      <Panel title={t("indicators.alerts.rules")}>
        {rules.error && <ErrorAlert error={rules.error} />}
        {actions.silence.error && <ErrorAlert error={actions.silence.error} />}
        <Table
          data-testid="alert-rules"
          rowKey="id"
          size="middle"
          pagination={false}
          scroll={{ x: true }}
          loading={rules.isLoading}
          dataSource={rules.data?.items ?? []}
          columns={[
            {
              title: t("indicators.alerts.indicator"),
              dataIndex: "indicatorCode",
              render: (c: string) => <span className="yw-ind-rule-name">{names.get(c) ?? c}</span>,
            },
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
              title: t("indicators.alerts.state"),
              dataIndex: "state",
              render: (s: State, r) => (
                <span>
                  <Tag color={STATE_COLOR[s]}>{t(`indicators.alerts.states.${s}`)}</Tag>
                  {r.acknowledgement && <Tag>{t("indicators.alerts.acknowledged")}</Tag>}
                  {r.lastValue !== null && <span className="yw-muted">{Math.round(r.lastValue * 100) / 100}</span>}
                </span>
              ),
            },
            {
              title: t("indicators.alerts.actions"),
              dataIndex: "id",
              render: (id: string, r) => (
                <span className="yw-ind-actions">
                  <Button
                    size="small"
                    data-testid="alert-edit"
                    type={r.state === "firing" && !r.acknowledgement ? "primary" : "default"}
                    onClick={() => setEditing(editing === id ? null : id)}
                  >
                    {r.state === "firing" && !r.acknowledgement
                      ? t("indicators.alerts.editOrAck")
                      : t("indicators.alerts.edit")}
                  </Button>
                  <Button size="small" onClick={() => setOpen(open === id ? null : id)}>
                    {t("indicators.alerts.history")}
                  </Button>
                  {r.silencedUntil && Date.parse(r.silencedUntil) > Date.now() ? (
                    <span className="yw-muted">
                      {t("indicators.alerts.silencedUntil", { at: new Date(r.silencedUntil).toLocaleString() })}
                    </span>
                  ) : (
                    <Button
                      size="small"
                      loading={actions.silence.isPending}
                      onClick={() => actions.silence.mutate({ id, until: new Date(Date.now() + DAY_MS).toISOString() })}
                    >
                      {t("indicators.alerts.silence")}
                    </Button>
                  )}
                </span>
              ),
            },
          ]}
        />
      </Panel>
      {edited && <AlertEditPanel rule={edited} name={names.get(edited.indicatorCode) ?? edited.indicatorCode} />}
      {open && (
        <Panel
          title={t("indicators.alerts.historyOf", {
            name: names.get(rules.data?.items.find((r) => r.id === open)?.indicatorCode ?? "") ?? "",
          })}
        >
          {history.error && <ErrorAlert error={history.error} />}
          <Table
            data-testid="alert-history"
            rowKey={(h) => `${h.at}-${h.to}`}
            size="middle"
            pagination={false}
            loading={history.isLoading}
            dataSource={history.data?.items ?? []}
            locale={{ emptyText: t("indicators.alerts.noHistory") }}
            columns={[
              {
                title: t("indicators.alerts.at"),
                dataIndex: "at",
                render: (at: string) => new Date(at).toLocaleString(),
              },
              {
                title: t("indicators.alerts.change"),
                dataIndex: "to",
                render: (to: State, h) =>
                  `${t(`indicators.alerts.states.${h.from}`)} → ${t(`indicators.alerts.states.${to}`)}`,
              },
              { title: t("indicators.alerts.value"), dataIndex: "value", render: (v: number | null) => v ?? "—" },
              {
                title: t("indicators.alerts.ackNote"),
                dataIndex: "note",
                render: (note: string | null, h) => (note ? `${h.actor ?? ""}：${note}` : ""),
              },
            ]}
          />
        </Panel>
      )}
      <Panel title={t("indicators.alerts.create")}>
        {actions.create.error && <ErrorAlert error={actions.create.error} />}
        <Form<RuleForm>
          form={form}
          layout="vertical"
          className="yw-ind-form"
          initialValues={{ comparison: "above", windowDays: 1, pendingMinutes: 10 }}
          onFinish={create}
        >
          <Form.Item name="indicatorCode" label={t("indicators.alerts.indicator")} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(registry.data?.indicators ?? []).map((i) => ({ value: i.code, label: en ? i.nameEn : i.name }))}
            />
          </Form.Item>
          <Form.Item name="comparison" label={t("indicators.alerts.comparison")}>
            <Select
              options={[
                { value: "above", label: t("indicators.alerts.whenAbove") },
                { value: "below", label: t("indicators.alerts.whenBelow") },
              ]}
            />
          </Form.Item>
          <Form.Item name="threshold" label={t("indicators.alerts.threshold")} rules={[{ required: true }]}>
            <InputNumber style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="windowDays" label={t("indicators.alerts.windowDays")}>
            <InputNumber min={1} max={366} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="pendingMinutes" label={t("indicators.alerts.pendingMinutes")}>
            <InputNumber min={0} max={10080} style={{ width: "100%" }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={actions.create.isPending}>
            {t("indicators.alerts.save")}
          </Button>
        </Form>
      </Panel>
    </div>
  );
}
