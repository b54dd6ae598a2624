import { Button, Empty, Input, List, message, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "../../shared/useErrorText";
import { useAnswerObjection, useObjections } from "./api";

/** 异议: the objections awaiting the department's answer — upheld (an exclusion goes back to review) or not. */
export function ObjectionsPanel() {
  const { t } = useTranslation();
  const list = useObjections();
  const answer = useAnswerObjection();
  const errorText = useErrorText();
  const [text, setText] = useState<Record<string, string>>({});
  const send = async (id: string, upheld: boolean) => {
    try {
      await answer.mutateAsync({ id, upheld, answer: (text[id] ?? "").trim() });
      message.success(t("policies.objections.answered"));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <List
      data-testid="policies-objections"
      loading={list.isPending}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: <Empty description={t("policies.objections.none")} /> }}
      renderItem={(e) => (
        <List.Item data-testid="policies-objection">
          <div style={{ width: "100%" }}>
            <div className="yw-policies-row">
              <strong>{e.enterpriseName}</strong>
              <span>{e.benefitTitle}</span>
              <Tag>{t(`policies.status.${e.status}`)}</Tag>
              <span>{t("policies.amount", { amount: e.amount.toLocaleString() })}</span>
            </div>
            {e.reason && <p>{t("policies.reason", { reason: e.reason })}</p>}
            <p>{t("policies.portal.objected", { text: e.objection })}</p>
            <div className="yw-policies-row">
              <Input
                aria-label={t("policies.objections.answer")}
                placeholder={t("policies.objections.answer")}
                value={text[e.id] ?? ""}
                onChange={(ev) => setText({ ...text, [e.id]: ev.target.value })}
                style={{ flex: "1 1 200px" }}
              />
              <Button disabled={!text[e.id]?.trim()} loading={answer.isPending} onClick={() => send(e.id, true)}>
                {t("policies.objections.uphold")}
              </Button>
              <Button disabled={!text[e.id]?.trim()} loading={answer.isPending} onClick={() => send(e.id, false)}>
                {t("policies.objections.reject")}
              </Button>
            </div>
          </div>
        </List.Item>
      )}
    />
  );
}
