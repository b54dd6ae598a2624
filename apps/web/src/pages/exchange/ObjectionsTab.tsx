import type { ExchangeObjection } from "@yiwang/contracts";
import { App, Button, Input, Modal, Radio, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/useErrorText";
import { useAnswerObjection, useObjections } from "./api";

/** 数据异议: objections the department raised or must answer; the provider answers with a result. */
export function ObjectionsTab({ departmentId, canAnswer }: { departmentId: string | null; canAnswer: boolean }) {
  const { t } = useTranslation();
  const list = useObjections(undefined);
  const [answering, setAnswering] = useState<ExchangeObjection | null>(null);
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <Table<ExchangeObjection>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        data-testid="exchange-objections"
        pagination={false}
        columns={[
          {
            title: t("exchange.applications.resource"),
            key: "resource",
            render: (_: unknown, o) => (
              <div>
                <div className="yw-cell-strong">{o.resourceCode}</div>
                <div className="yw-cell-sub">{o.description}</div>
              </div>
            ),
          },
          { title: t("exchange.resource.fields"), key: "fields", render: (_: unknown, o) => o.fields.join(", ") },
          {
            title: t("exchange.objections.due"),
            key: "due",
            render: (_: unknown, o) => (
              <>
                {o.dueDate} {o.overdue && <Tag color="red">{t("exchange.objections.overdue")}</Tag>}
                {o.escalatedAt && <Tag color="volcano">{t("exchange.objections.escalated")}</Tag>}
              </>
            ),
          },
          {
            title: t("exchange.applications.status"),
            key: "status",
            render: (_: unknown, o) =>
              o.status === "open" ? (
                <Tag color="blue">{t("exchange.objections.open")}</Tag>
              ) : (
                <div>
                  <Tag color="green">{t(`exchange.objections.result.${o.result ?? "confirmed"}`)}</Tag>
                  <div className="yw-cell-sub">{o.answer}</div>
                </div>
              ),
          },
          {
            title: "",
            key: "answer",
            render: (_: unknown, o) =>
              canAnswer && o.status === "open" && o.providerDepartmentId === departmentId ? (
                <Button size="small" type="primary" onClick={() => setAnswering(o)}>
                  {t("exchange.objections.answer")}
                </Button>
              ) : null,
          },
        ]}
      />
      {answering && <AnswerModal objection={answering} onClose={() => setAnswering(null)} />}
    </>
  );
}

function AnswerModal({ objection, onClose }: { objection: ExchangeObjection; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const answer = useAnswerObjection();
  const [result, setResult] = useState<"corrected" | "confirmed">("corrected");
  const [text, setText] = useState("");
  return (
    <Modal
      open
      title={t("exchange.objections.answerTitle", { resource: objection.resourceCode })}
      onCancel={onClose}
      okButtonProps={{ disabled: text.trim() === "" }}
      confirmLoading={answer.isPending}
      onOk={async () => {
        try {
          await answer.mutateAsync({ id: objection.id, result, answer: text.trim() });
          message.success(t("exchange.objections.answered"));
          onClose();
        } catch (e) {
          message.error(errorText(e));
        }
      }}
    >
      <p>{objection.description}</p>
      <Radio.Group value={result} onChange={(e) => setResult(e.target.value)} style={{ marginBottom: 12 }}>
        <Radio value="corrected">{t("exchange.objections.result.corrected")}</Radio>
        <Radio value="confirmed">{t("exchange.objections.result.confirmed")}</Radio>
      </Radio.Group>
      <Input.TextArea
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label={t("exchange.objections.answerText")}
        placeholder={t("exchange.objections.answerText")}
      />
    </Modal>
  );
}
