import type { EvaluationInvitation } from "@yiwang/contracts";
import { Alert, Button, Input, Result, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { PageLoading } from "../../shared/Placeholders";
import { RequireLogin } from "../../shared/session";
import { evaluationPhotoUrl, uploadEvaluationPhoto, useInvitation, useInvitationActions } from "./api";
import { EvaluationForm } from "./EvaluationForm";
import "./evaluation.css";
import { levelKey } from "./vocab";

/** Narrow screens are phones: the evaluation says so (渠道 移动端), wider ones the web portal. */
const channel = () => (window.matchMedia("(max-width: 767px)").matches ? "mobile" : "pc");

function Evaluate({ id }: { id: string }) {
  const { t } = useTranslation();
  const invitation = useInvitation(id);
  const actions = useInvitationActions(id);
  if (invitation.isPending) return <PageLoading />;
  if (invitation.isError) return <ErrorAlert error={invitation.error} onRetry={() => void invitation.refetch()} />;
  const inv = invitation.data;
  return (
    <div className="yw-eval">
      <PageHeading
        title={t("evaluation.evaluate.title")}
        subtitle={`${inv.departmentName} · ${inv.itemName}`}
        trail={[{ title: t("evaluation.mine.title"), to: "/evaluations" }]}
      />
      <p className="yw-eval-meta">
        {inv.subject.kind === "case" && t("evaluation.evaluate.subject", { label: inv.subject.label })}
        {inv.staffName && <> · {t("evaluation.evaluate.handledBy", { name: inv.staffName })}</>}
      </p>
      {inv.status === "open" && (
        <Panel>
          <EvaluationForm
            set={inv.indicatorSet}
            pending={actions.evaluate.isPending}
            error={actions.evaluate.error}
            onSubmit={(body) => actions.evaluate.mutate({ ...body, channel: channel() })}
            uploadPhoto={(file) => uploadEvaluationPhoto(inv.id, file)}
          />
        </Panel>
      )}
      {inv.status === "expired" && (
        <Alert
          type="warning"
          showIcon
          message={t("evaluation.evaluate.expired", { at: formatPlatformDateTime(inv.expiresAt) })}
        />
      )}
      {inv.evaluation && <Given inv={inv} />}
    </div>
  );
}

function Given({ inv }: { inv: EvaluationInvitation }) {
  const { t, i18n } = useTranslation();
  const en = i18n.resolvedLanguage === "en";
  const actions = useInvitationActions(inv.id);
  const [followUp, setFollowUp] = useState("");
  const e = inv.evaluation;
  if (!e) return null;
  const tagLabel = (code: string) => {
    const r = inv.indicatorSet.reasons.find((x) => x.code === code);
    return r ? (en ? r.en : r.zh) : code;
  };
  const r = inv.rectification;
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Result status="success" title={t("evaluation.evaluate.submitted")} style={{ padding: "16px 0" }} />
      <Panel title={t("evaluation.evaluate.yours")}>
        <p data-testid="given-level" style={{ fontSize: 20, fontWeight: 600 }}>
          {t(levelKey(e.level))}
        </p>
        {e.tags.length > 0 && <p>{e.tags.map(tagLabel).join("、")}</p>}
        {e.text && <p>{e.text}</p>}
        {e.hasPhoto && (
          <div className="yw-eval-photo">
            <img src={evaluationPhotoUrl(e.id)} alt={t("evaluation.evaluate.photoGiven")} data-testid="given-photo" />
          </div>
        )}
        <p className="yw-eval-meta">{formatPlatformDateTime(e.createdAt)}</p>
        {e.excluded && (
          <Alert type="info" showIcon message={t("evaluation.evaluate.excluded", { reason: e.excluded.reason })} />
        )}
        {inv.followUp && (
          <div className="yw-eval-section">
            <strong>{t("evaluation.evaluate.followUpDone")}</strong>
            <p>{inv.followUp.text}</p>
          </div>
        )}
        {inv.followUpUntil && (
          <div className="yw-eval-section">
            <div className="yw-eval-meta">
              {t("evaluation.evaluate.followUpUntil", { at: formatPlatformDateTime(inv.followUpUntil) })}
            </div>
            <Input.TextArea
              value={followUp}
              onChange={(x) => setFollowUp(x.target.value)}
              maxLength={500}
              autoSize={{ minRows: 2 }}
              placeholder={t("evaluation.evaluate.followUpPlaceholder")}
              aria-label={t("evaluation.evaluate.followUp")}
            />
            {Boolean(actions.followUp.error) && <ErrorAlert error={actions.followUp.error} />}
            <Button
              className="yw-eval-submit"
              disabled={!followUp.trim()}
              loading={actions.followUp.isPending}
              onClick={() => actions.followUp.mutate({ text: followUp.trim() })}
            >
              {t("evaluation.evaluate.followUpSubmit")}
            </Button>
          </div>
        )}
      </Panel>
      {r && (
        <Panel title={t("evaluation.evaluate.rectification")}>
          {r.status === "void" && <p>{t("evaluation.evaluate.void")}</p>}
          {!r.reply && r.status !== "void" && (
            <p>{t("evaluation.evaluate.waiting", { department: inv.departmentName })}</p>
          )}
          {r.reply && (
            <>
              <strong>{t("evaluation.evaluate.reply")}</strong>
              <p data-testid="rectification-reply">{r.reply}</p>
            </>
          )}
          {r.status === "replied" && (
            <div className="yw-eval-section">
              <p>{t("evaluation.evaluate.callbackQuestion")}</p>
              {Boolean(actions.callback.error) && <ErrorAlert error={actions.callback.error} />}
              <Space wrap>
                {([true, false] as const).map((satisfied) => (
                  <Button
                    key={String(satisfied)}
                    size="large"
                    type={satisfied ? "primary" : "default"}
                    loading={actions.callback.isPending}
                    onClick={() => actions.callback.mutate({ rectificationId: r.id, satisfied })}
                  >
                    {t(satisfied ? "evaluation.evaluate.satisfied" : "evaluation.evaluate.unsatisfied")}
                  </Button>
                ))}
              </Space>
            </div>
          )}
          {r.callback && (
            <p>
              {t("evaluation.evaluate.callbackDone", {
                answer: t(r.callback.satisfied ? "evaluation.evaluate.satisfied" : "evaluation.evaluate.unsatisfied"),
              })}
            </p>
          )}
        </Panel>
      )}
    </Space>
  );
}

/** /evaluate/:id — where the "please evaluate" notification (and the reply's) lead. */
export function EvaluatePage() {
  const { id = "" } = useParams();
  return (
    <div className="yw-container yw-page">
      <RequireLogin>
        <Evaluate id={id} />
      </RequireLogin>
    </div>
  );
}
