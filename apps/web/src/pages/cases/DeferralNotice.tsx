import type { CaseDetail } from "@yiwang/contracts";
import { Alert } from "antd";
import { useTranslation } from "react-i18next";

/** Deferred materials not yet handed in (容缺受理): the applicant may upload them while the case runs. */
export function outstandingDeferred(detail: CaseDetail): string[] {
  const d = detail.deferral;
  if (!d || d.clearedAt) return [];
  return d.materials.filter((m) => !m.submitted).map((m) => m.name);
}

/** 容缺受理: "材料 X 待补交，截止 YYYY-MM-DD" with the commitment, or that everything was handed in. */
export function DeferralNotice({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const d = detail.deferral;
  if (!d) return null;
  const open = outstandingDeferred(detail);
  return (
    <Alert
      className="yw-case-banner"
      type={open.length ? "warning" : "success"}
      showIcon
      data-testid="deferral-notice"
      message={
        open.length
          ? t("supervision.deferral.pending", { materials: open.join("、"), date: d.dueDate })
          : t("supervision.deferral.cleared")
      }
      description={t("supervision.deferral.commitment", { text: d.commitment })}
    />
  );
}
