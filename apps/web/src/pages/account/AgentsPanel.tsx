import { PlusOutlined, TeamOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Agent, AgentScope } from "@yiwang/contracts";
import { Alert, Button, Checkbox, DatePicker, Form, Grid, Input, Popconfirm, Table, type TableProps, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { formatPlatformDateTime, platformNow, toPlatformInstant } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/useErrorText";
import { agentsKey, useAgents } from "./enterprises";
import { normalizePhone, phoneRules } from "./rules";

const SCOPES: AgentScope[] = ["case.apply", "case.view", "license.use"];

interface Values {
  phone: string;
  scopes: AgentScope[];
  expiresAt: Dayjs;
}

const STATUS_COLOR = { active: "green", expired: "default", revoked: "red" } as const;

/** The legal representative authorises agents (经办人) by mobile number, for chosen scopes, until a date. */
export function AgentsPanel({ enterpriseId }: { enterpriseId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const compact = !Grid.useBreakpoint().sm;
  const agents = useAgents(enterpriseId);
  const [form] = Form.useForm<Values>();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const today = platformNow().startOf("day");

  const add = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST("/api/identity/enterprises/{id}/agents", {
          params: { path: { id: enterpriseId } },
          body: {
            phone: normalizePhone(v.phone),
            scopes: v.scopes,
            expiresAt: toPlatformInstant(v.expiresAt.endOf("day").millisecond(0)),
          },
        }),
      ),
    onSuccess: () => {
      form.resetFields();
      setAdding(false);
      void qc.invalidateQueries({ queryKey: agentsKey(enterpriseId) });
    },
    onError: (e) => setError(errorText(e)),
  });
  const revoke = useMutation({
    mutationFn: (agentId: string) =>
      unwrap(
        api.DELETE("/api/identity/enterprises/{id}/agents/{agentId}", {
          params: { path: { id: enterpriseId, agentId } },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: agentsKey(enterpriseId) }),
  });

  const scopeTags = (scopes: readonly string[]) =>
    scopes.map((s) => (
      <Tag key={s}>{SCOPES.includes(s as AgentScope) ? t(`account.scopes.${s as AgentScope}`) : s}</Tag>
    ));

  const columns: TableProps<Agent>["columns"] = [
    {
      title: t("account.agents.colAgent"),
      key: "agent",
      render: (_: unknown, a) => (
        <div>
          <div className="yw-cell-strong">{a.nameMasked ?? a.displayName}</div>
          <div className="yw-cell-sub yw-mono">{a.phoneMasked ?? "—"}</div>
          {compact && <div>{scopeTags(a.scopes)}</div>}
        </div>
      ),
    },
    {
      title: t("account.agents.colScopes"),
      key: "scopes",
      responsive: ["sm"],
      render: (_: unknown, a) => scopeTags(a.scopes),
    },
    {
      title: t("account.agents.colExpires"),
      dataIndex: "expiresAt",
      responsive: ["md"],
      render: (v: string) => <span className="yw-mono">{formatPlatformDateTime(v).slice(0, 10)}</span>,
    },
    {
      title: t("account.agents.colStatus"),
      dataIndex: "status",
      render: (s: Agent["status"]) => <Tag color={STATUS_COLOR[s]}>{t(`account.agents.status.${s}`)}</Tag>,
    },
    {
      title: "",
      key: "actions",
      align: "right",
      render: (_: unknown, a) =>
        a.status === "active" ? (
          <Popconfirm
            title={t("account.agents.revokeConfirm")}
            okText={t("account.agents.revoke")}
            cancelText={t("account.common.cancel")}
            onConfirm={() => revoke.mutateAsync(a.id)}
          >
            <Button size="small" danger>
              {t("account.agents.revoke")}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <div className="yw-note" data-testid={`agents-${enterpriseId}`}>
      <h3 className="yw-subheading">
        <TeamOutlined /> {t("account.agents.title")}
      </h3>
      {revoke.isError && <ErrorAlert error={revoke.error} />}
      {agents.isError ? (
        <ErrorAlert error={agents.error} onRetry={() => void agents.refetch()} />
      ) : (
        <Table<Agent>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={agents.data?.items}
          loading={agents.isFetching}
          pagination={false}
          locale={{ emptyText: t("account.agents.empty") }}
        />
      )}
      {adding ? (
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          className="yw-note"
          initialValues={{ scopes: ["case.apply", "case.view"], expiresAt: today.add(90, "day") }}
          onFinish={(v) => {
            setError(null);
            add.mutate(v);
          }}
        >
          {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
          <Form.Item
            name="phone"
            label={t("account.agents.phone")}
            rules={phoneRules(t)}
            extra={t("account.agents.phoneHint")}
          >
            <Input inputMode="tel" maxLength={20} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t("account.agents.colScopes")}
            rules={[{ required: true, type: "array", min: 1, message: t("account.agents.scopesRequired") }]}
          >
            <Checkbox.Group options={SCOPES.map((s) => ({ value: s, label: t(`account.scopes.${s}`) }))} />
          </Form.Item>
          <Form.Item
            name="expiresAt"
            label={t("account.agents.colExpires")}
            rules={[{ required: true, message: t("account.agents.expiresRequired") }]}
            extra={t("account.agents.expiresHint")}
          >
            <DatePicker
              disabledDate={(d) =>
                d.isBefore(today.add(1, "day")) || d.isAfter(today.add(1, "year").subtract(1, "day"))
              }
              allowClear={false}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending}>
            {t("account.agents.submit")}
          </Button>{" "}
          <Button onClick={() => setAdding(false)}>{t("account.common.cancel")}</Button>
        </Form>
      ) : (
        <Button className="yw-note" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t("account.agents.add")}
        </Button>
      )}
    </div>
  );
}
