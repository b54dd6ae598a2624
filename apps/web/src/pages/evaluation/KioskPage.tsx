import { Result } from "antd";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { PageLoading } from "../../shared/Placeholders";
import { useKiosk } from "./api";
import { EvaluationForm } from "./EvaluationForm";
import "./evaluation.css";

/** /kiosk/:token — 评价器: the pad at the window shows the visit's code page; no sign-in, one evaluation. */
export function KioskPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const { invitation, evaluate } = useKiosk(token);
  return (
    <div className="yw-container yw-page yw-eval">
      <PageHeading title={t("evaluation.kiosk.title")} />
      {invitation.isPending && <PageLoading />}
      {invitation.isError && <ErrorAlert error={invitation.error} />}
      {invitation.data && (
        <>
          <p className="yw-eval-meta">
            {invitation.data.departmentName} · {invitation.data.itemName}
            {invitation.data.staffName && (
              <> · {t("evaluation.evaluate.handledBy", { name: invitation.data.staffName })}</>
            )}
          </p>
          {evaluate.isSuccess || invitation.data.status === "evaluated" ? (
            <Result
              status="success"
              title={evaluate.isSuccess ? t("evaluation.kiosk.thanks") : t("evaluation.kiosk.done")}
            />
          ) : (
            <Panel>
              <EvaluationForm
                set={invitation.data.indicatorSet}
                pending={evaluate.isPending}
                error={evaluate.error}
                onSubmit={(body) => evaluate.mutate(body)}
              />
            </Panel>
          )}
        </>
      )}
    </div>
  );
}
