import { SafetyOutlined } from "@ant-design/icons";
import type { CaseDetail, CreditSummary } from "@yiwang/contracts";
import { Alert, Skeleton, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { useCaseCredit } from "./api";
import "./supervision.css";

const GRADE_COLOR = { A: "green", B: "blue", C: "orange", D: "red" } as const;

/**
 * 信用 in case handling (issue 23): the applicant enterprise's grade, its red/black list entries with their
 * legal basis and publication period, the counts of adverse inspections, penalties and complaints, and how the
 * item's joint-punishment and 容缺受理 rules apply to it. Shown to the clerk and approver beside the case.
 */
export function CaseCreditPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const credit = useCaseCredit(detail.id);
  if (!detail.enterpriseName) return null;
  return (
    <Panel title={t("supervision.caseCredit.title")} icon={<SafetyOutlined />}>
      <div data-testid="case-credit">
        {credit.isPending ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : credit.isError ? (
          <ErrorAlert error={credit.error} onRetry={() => void credit.refetch()} />
        ) : credit.data.summary ? (
          <Summary s={credit.data.summary} />
        ) : (
          <p className="yw-cell-sub">{t("supervision.caseCredit.personal")}</p>
        )}
      </div>
    </Panel>
  );
}

function Summary({ s }: { s: CreditSummary }) {
  const { t } = useTranslation();
  const d = s.deferral;
  return (
    <div className="yw-case-credit">
      <div className="yw-case-credit-grade">
        <Tag color={GRADE_COLOR[s.grade]} className="yw-case-credit-tag">
          {t("supervision.caseCredit.grade", { grade: s.grade })}
        </Tag>
        <span className="yw-cell-sub">{t("supervision.caseCredit.rules", { version: s.rulesVersion })}</span>
      </div>
      {s.punishment && (
        <Alert
          type={s.punishment.measure === "block" ? "error" : "warning"}
          showIcon
          message={t(`supervision.caseCredit.punishment.${s.punishment.measure}`)}
          description={t("supervision.caseCredit.basis", { basis: s.punishment.legalBasis })}
        />
      )}
      <dl className="yw-case-credit-counts">
        <div>
          <dt>{t("supervision.caseCredit.inspections")}</dt>
          <dd>{s.inspections}</dd>
        </div>
        <div>
          <dt>{t("supervision.caseCredit.penalties")}</dt>
          <dd>{s.penalties}</dd>
        </div>
        <div>
          <dt>{t("supervision.caseCredit.complaints")}</dt>
          <dd>{s.complaints ?? t("supervision.caseCredit.notAvailable")}</dd>
        </div>
      </dl>
      <h4>{t("supervision.caseCredit.lists")}</h4>
      {s.lists.length === 0 ? (
        <p className="yw-cell-sub">{t("supervision.caseCredit.noLists")}</p>
      ) : (
        <ul className="yw-case-problems">
          {s.lists.map((l) => (
            <li key={`${l.kind}-${l.title}-${l.decidedOn}`}>
              <Tag color={l.kind === "blacklist" ? "red" : "green"}>{t(`supervision.credit.kind.${l.kind}`)}</Tag>
              <strong>{l.title}</strong>
              <div className="yw-cell-sub">
                {t("supervision.caseCredit.basis", { basis: l.legalBasis })} · {l.decidedOn} ·{" "}
                {l.publishUntil
                  ? t("supervision.caseCredit.until", { date: l.publishUntil })
                  : t("supervision.caseCredit.untilOpen")}
              </div>
            </li>
          ))}
        </ul>
      )}
      {d &&
        (d.qualifies ? (
          <Alert
            type="success"
            showIcon
            message={t("supervision.caseCredit.deferralYes", {
              materials: d.materials.length ? d.materials.join("、") : t("supervision.caseCredit.deferralAny"),
              days: d.workingDays,
            })}
          />
        ) : (
          <Alert
            type="info"
            showIcon
            message={t("supervision.caseCredit.deferralNo", { grades: d.grades.join("/") })}
          />
        ))}
    </div>
  );
}
