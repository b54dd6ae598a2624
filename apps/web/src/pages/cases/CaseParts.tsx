import type { CaseDetail, CaseMaterial, CaseSummary as CaseSummaryType } from "@yiwang/contracts";
import { Alert, Descriptions, Result } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../shared/api";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/useErrorText";
import { formIssues, isVersionConflict, missingMaterials } from "./api";
import { DeadlineText, LightTag, StatusTag } from "./CaseTags";

const dt = (v: string | null) => (v ? formatPlatformDateTime(v) : "—");

/** The facts of a case: number, item, applicant, dates, time limit and deadline. */
export function CaseFacts({ detail }: { detail: CaseSummaryType & Partial<Pick<CaseDetail, "tasks">> }) {
  const { t } = useTranslation();
  const d = detail.deadline;
  return (
    <Descriptions
      column={1}
      size="small"
      className="yw-case-facts"
      data-testid="case-facts"
      items={[
        {
          key: "number",
          label: t("cases.fields.number"),
          children: (
            <span className="yw-mono" data-testid="case-number">
              {detail.number ?? t("cases.fields.noNumber")}
            </span>
          ),
        },
        { key: "status", label: t("cases.fields.status"), children: <StatusTag status={detail.status} /> },
        {
          key: "item",
          label: t("cases.fields.item"),
          children: (
            <>
              <Link to={`/services/items/${detail.itemCode}/versions/${detail.itemVersion}`}>{detail.itemName}</Link>{" "}
              <span className="yw-cell-sub">
                {detail.itemCode} · {t("cases.fields.itemVersion", { version: detail.itemVersion })}
              </span>
            </>
          ),
        },
        { key: "applicant", label: t("cases.fields.applicant"), children: detail.applicantName },
        ...(detail.enterpriseName
          ? [{ key: "enterprise", label: t("cases.fields.enterprise"), children: detail.enterpriseName }]
          : []),
        ...(detail.stage
          ? [{ key: "stage", label: t("cases.fields.stage"), children: t(`cases.stage.${detail.stage}`) }]
          : []),
        { key: "submittedAt", label: t("cases.fields.submittedAt"), children: dt(detail.submittedAt) },
        ...(detail.acceptedAt
          ? [{ key: "acceptedAt", label: t("cases.fields.acceptedAt"), children: dt(detail.acceptedAt) }]
          : []),
        ...(detail.decidedAt
          ? [{ key: "decidedAt", label: t("cases.fields.decidedAt"), children: dt(detail.decidedAt) }]
          : []),
        {
          key: "promise",
          label: t("cases.fields.promiseDays"),
          children: t("cases.deadline.days", { count: d.promiseDays }),
        },
        {
          key: "deadline",
          label: t("cases.fields.deadline"),
          children: (
            <span className="yw-case-deadline">
              <LightTag light={d.light} />
              <DeadlineText deadline={d} />
            </span>
          ),
        },
        ...(d.pausedWorkingDays > 0
          ? [
              {
                key: "paused",
                label: t("cases.fields.pausedDays"),
                children: t("cases.deadline.days", { count: d.pausedWorkingDays }),
              },
            ]
          : []),
        ...(d.escalationLevel > 0
          ? [
              {
                key: "escalation",
                label: t("cases.fields.escalation"),
                children: t("cases.deadline.escalation", { level: d.escalationLevel }),
              },
            ]
          : []),
      ]}
    />
  );
}

/** The decision (审批结果), stated plainly; also a refusal (不予受理) or withdrawal with its reason. */
export function DecisionAlert({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const decision = detail.decision;
  if (decision) {
    const approved = decision.outcome === "approved";
    return (
      <Alert
        type={approved ? "success" : "error"}
        showIcon
        className="yw-case-decision"
        data-testid="case-decision"
        message={approved ? t("cases.decision.approved") : t("cases.decision.denied")}
        description={
          <>
            {decision.reason && (
              <div>
                {approved ? t("cases.decision.comment") : t("cases.decision.reason")}：{decision.reason}
              </div>
            )}
            <div className="yw-cell-sub">
              {t("cases.decision.by", { by: decision.by, at: formatPlatformDateTime(decision.at) })}
            </div>
          </>
        }
      />
    );
  }
  const last = (type: string) => [...detail.history].reverse().find((a) => a.type === type);
  if (detail.status === "refused") {
    const a = last("refused");
    return (
      <Alert
        type="error"
        showIcon
        className="yw-case-decision"
        data-testid="case-decision"
        message={t("cases.decision.refused")}
        description={a?.comment ? `${t("cases.decision.reason")}：${a.comment}` : undefined}
      />
    );
  }
  if (detail.status === "withdrawn" || detail.status === "cancelled") {
    const a = last(detail.status);
    return (
      <Alert
        type="info"
        showIcon
        className="yw-case-decision"
        message={t(`cases.status.${detail.status}`)}
        description={a?.comment ?? undefined}
      />
    );
  }
  return null;
}

/**
 * What went wrong with a command: the version conflict (someone else changed the case; it was reloaded),
 * the form issues and missing materials of a refused submission, or the server's message. A material
 * reported missing drops off the list once something is attached for it (`materials`, the case's now).
 */
export function CommandError({ error, materials }: { error: unknown; materials?: readonly CaseMaterial[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (!error) return null;
  if (isVersionConflict(error))
    return <Alert type="warning" showIcon role="alert" data-testid="version-conflict" message={t("cases.conflict")} />;
  const issues = formIssues(error);
  const reported = missingMaterials(error);
  const missing = reported.filter((name) => !materials?.some((m) => m.material === name));
  if (reported.length && !issues.length && !missing.length) return null;
  if (issues.length || missing.length)
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid="submit-problems"
        message={errorText(error)}
        description={
          <ul className="yw-case-problems">
            {issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                {i.path ? <span className="yw-mono">{i.path}</span> : null} {i.message}
              </li>
            ))}
            {missing.map((m) => (
              <li key={m}>{t("cases.materials.missingOne", { name: m })}</li>
            ))}
          </ul>
        }
      />
    );
  return (
    <div role="alert">
      <ErrorAlert error={error} />
    </div>
  );
}

/** A case that cannot be shown: not found (or not this person's), or a load failure with a retry. */
export function CaseLoadError({ error, onRetry, back }: { error: unknown; onRetry: () => void; back: string }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && (error.status === 404 || error.status === 403))
    return (
      <Result
        status={error.status === 403 ? "403" : "404"}
        title={t("cases.notFound")}
        extra={<Link to={back}>{t("cases.back")}</Link>}
      />
    );
  return <ErrorAlert error={error} onRetry={onRetry} />;
}
