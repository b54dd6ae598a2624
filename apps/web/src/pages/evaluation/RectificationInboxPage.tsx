import type { EvaluationStatsDimension, Rectification, RectificationStatus } from "@yiwang/contracts";
import {
  EVALUATION_STATS_DIMENSION_TERMS,
  RECTIFICATION_HANDLING_TERMS,
  RECTIFICATION_STATUS_TERMS,
} from "@yiwang/contracts/vocabularies";
import { App, Button, Form, Input, Modal, Select, Space, Table, type TableProps, Tabs, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { hasRole, RequireLogin, useMe } from "../../shared/session";
import { evaluationPhotoUrl, useRectificationActions, useRectifications, useStats } from "./api";
import "./evaluation.css";
import { CsvLink } from "./CsvLink";
import { StatsTable } from "./StatsTable";
import { levelKey } from "./vocab";

const PAGE_SIZE = 20;
type Dialog = { kind: "verify" | "reply" | "appeal"; ticket: Rectification } | null;

function Tickets() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [status, setStatus] = useState<RectificationStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const list = useRectifications(status, (page - 1) * PAGE_SIZE, PAGE_SIZE);
  const actions = useRectificationActions();
  const rectifies = hasRole(me.data, "window_clerk") || hasRole(me.data, "dept_admin");
  const appeals = hasRole(me.data, "dept_admin");
  const mutation = dialog ? actions[dialog.kind] : null;

  const submit = async () => {
    if (!dialog) return;
    const v = await form.validateFields();
    const { ticket } = dialog;
    if (dialog.kind === "verify")
      await actions.verify.mutateAsync({
        id: ticket.id,
        version: ticket.version,
        handling: v.handling,
        finding: v.text,
      });
    if (dialog.kind === "reply")
      await actions.reply.mutateAsync({ id: ticket.id, version: ticket.version, reply: v.text });
    if (dialog.kind === "appeal")
      await actions.appeal.mutateAsync({ evaluationId: ticket.evaluation.id, reason: v.text });
    message.success(t("evaluation.inbox.done"));
    setDialog(null);
    form.resetFields();
  };

  const columns: TableProps<Rectification>["columns"] = [
    {
      title: t("evaluation.inbox.subject"),
      key: "subject",
      render: (_: unknown, r) => (
        <div>
          <strong>{r.itemName}</strong>
          <div className="yw-cell-sub yw-mono">{r.subject.label}</div>
          <div className="yw-cell-sub">
            {t("evaluation.inbox.applicant")}：{r.applicant || "—"}
            {r.staffName && ` · ${t("evaluation.evaluate.handledBy", { name: r.staffName })}`}
          </div>
        </div>
      ),
    },
    {
      title: t("evaluation.inbox.review"),
      key: "review",
      render: (_: unknown, r) => (
        <div>
          <Tag color="red">{t(levelKey(r.evaluation.level))}</Tag>
          <div>{r.evaluation.text}</div>
          {r.evaluation.hasPhoto && (
            // Opening it is a logged personal-data read (the photo may show people), so it is a link, not a thumbnail.
            <a href={evaluationPhotoUrl(r.evaluation.id)} target="_blank" rel="noreferrer" className="yw-cell-sub">
              {t("evaluation.inbox.photo")}
            </a>
          )}
          {r.finding && (
            <div className="yw-cell-sub">
              {t("evaluation.inbox.finding")}：{r.finding}
            </div>
          )}
          {r.reply && (
            <div className="yw-cell-sub">
              {t("evaluation.inbox.replyText")}：{r.reply}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t("evaluation.inbox.status"),
      key: "status",
      render: (_: unknown, r) => (
        <Space direction="vertical" size={2}>
          <Tag>{t(`evaluation.rectificationStatus.${r.status}`)}</Tag>
          {r.handling && <span className="yw-cell-sub">{t(`evaluation.handling.${r.handling}`)}</span>}
          {r.repliedOnTime !== null && (
            <span className="yw-cell-sub">
              {t(r.repliedOnTime ? "evaluation.inbox.onTime" : "evaluation.inbox.late")}
            </span>
          )}
          {r.appeal && (
            <span className="yw-cell-sub">
              {t("evaluation.inbox.appealed", { status: t(`evaluation.appealStatus.${r.appeal.status}`) })}
            </span>
          )}
        </Space>
      ),
    },
    {
      title: t("evaluation.inbox.deadline"),
      key: "deadline",
      responsive: ["md"],
      render: (_: unknown, r) => (
        <Space direction="vertical" size={2}>
          <span>{r.deadlineDate}</span>
          {r.overdue && <Tag color="red">{t("evaluation.inbox.overdue")}</Tag>}
          {r.escalationLevel > 0 && (
            <Tag color="orange">{t("evaluation.inbox.escalated", { level: r.escalationLevel })}</Tag>
          )}
        </Space>
      ),
    },
    {
      title: t("evaluation.inbox.actions"),
      key: "actions",
      render: (_: unknown, r) => (
        <Space wrap>
          {rectifies && r.status === "verifying" && (
            <Button size="small" type="primary" onClick={() => setDialog({ kind: "verify", ticket: r })}>
              {t("evaluation.inbox.verify")}
            </Button>
          )}
          {rectifies && r.status === "rectifying" && (
            <Button size="small" type="primary" onClick={() => setDialog({ kind: "reply", ticket: r })}>
              {t("evaluation.inbox.reply")}
            </Button>
          )}
          {appeals && !r.appeal && r.status !== "void" && (
            <Button size="small" onClick={() => setDialog({ kind: "appeal", ticket: r })}>
              {t("evaluation.inbox.appeal")}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <span>{t("evaluation.inbox.status")}</span>
        <Select<RectificationStatus | "">
          style={{ minWidth: 180 }}
          value={status ?? ""}
          onChange={(v) => {
            setStatus(v || undefined);
            setPage(1);
          }}
          options={[
            { value: "", label: t("evaluation.inbox.all") },
            ...RECTIFICATION_STATUS_TERMS.map((s) => ({
              value: s.code,
              label: t(`evaluation.rectificationStatus.${s.code}`),
            })),
          ]}
        />
      </Space>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Rectification>
        rowKey="id"
        data-testid="rectification-table"
        loading={list.isPending}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t("evaluation.inbox.empty") }}
        scroll={{ x: true }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
          showTotal: (total) => t("evaluation.inbox.total", { total }),
        }}
      />
      <Modal
        open={dialog !== null}
        title={dialog ? t(`evaluation.inbox.${dialog.kind}`) : ""}
        onOk={() => void submit().catch(() => {})}
        confirmLoading={mutation?.isPending}
        onCancel={() => {
          setDialog(null);
          form.resetFields();
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" lang={i18n.resolvedLanguage}>
          {dialog?.kind === "verify" && (
            <Form.Item
              name="handling"
              label={t("evaluation.inbox.handlingLabel")}
              rules={[{ required: true, message: t("evaluation.inbox.required") }]}
            >
              <Select
                options={RECTIFICATION_HANDLING_TERMS.map((h) => ({
                  value: h.code,
                  label: t(`evaluation.handling.${h.code}`),
                }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="text"
            label={t(
              dialog?.kind === "verify"
                ? "evaluation.inbox.finding"
                : dialog?.kind === "reply"
                  ? "evaluation.inbox.replyText"
                  : "evaluation.inbox.appealReason",
            )}
            rules={[{ required: true, whitespace: true, max: 2000, message: t("evaluation.inbox.required") }]}
          >
            <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} />
          </Form.Item>
          {Boolean(mutation?.error) && <ErrorAlert error={mutation?.error} />}
        </Form>
      </Modal>
    </>
  );
}

function Stats() {
  const { t, i18n } = useTranslation();
  const [by, setBy] = useState<EvaluationStatsDimension>("department");
  const stats = useStats(by);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <span>{t("evaluation.stats.by")}</span>
        <Select<EvaluationStatsDimension>
          style={{ minWidth: 140 }}
          value={by}
          onChange={setBy}
          options={EVALUATION_STATS_DIMENSION_TERMS.map((d) => ({
            value: d.code,
            label: t(`evaluation.dimensions.${d.code}`),
          }))}
        />
        <CsvLink href={`/api/evaluation/stats.csv?by=${by}&lang=${i18n.language === "en" ? "en" : "zh-CN"}`} />
      </Space>
      {stats.isError && <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />}
      <StatsTable
        rows={stats.data?.rows ?? []}
        loading={stats.isPending}
        labelTitle={t(`evaluation.dimensions.${by}`)}
        label={(r) => r.label || "—"}
        rowKey={(r) => r.key}
      />
      {stats.data?.defaultGood != null && (
        <p className="yw-eval-meta">{t("evaluation.stats.defaultGood", { count: stats.data.defaultGood })}</p>
      )}
    </>
  );
}

/** /workbench/evaluation — the department's 差评 tickets and its statistics (supervisors: all departments). */
export function RectificationInboxPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("evaluation.inbox.title")}
        subtitle={t("evaluation.inbox.subtitle")}
        trail={[{ title: t("workbench.title"), to: "/workbench" }]}
        extra={
          hasRole(me.data, "supervisor") && (
            <Link to="/workbench/evaluation/appeals">{t("evaluation.inbox.appeals")}</Link>
          )
        }
      />
      <RequireLogin kind="staff">
        <Panel>
          <Tabs
            items={[
              { key: "tickets", label: t("evaluation.inbox.tickets"), children: <Tickets /> },
              { key: "stats", label: t("evaluation.inbox.stats"), children: <Stats /> },
            ]}
          />
        </Panel>
      </RequireLogin>
    </div>
  );
}
