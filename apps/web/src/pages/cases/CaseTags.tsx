import type { CaseStatus, Deadline, DeadlineLight } from "@yiwang/contracts";
import { Tag } from "antd";
import { useTranslation } from "react-i18next";

/** Tag colours of the case states: in progress blue, waiting on the applicant orange, outcomes green/red. */
const STATUS_COLOR: Record<CaseStatus, string> = {
  draft: "default",
  queued: "default",
  submitted: "processing",
  accepted: "processing",
  in_review: "processing",
  supplement_requested: "warning",
  suspended: "purple",
  refused: "error",
  approved: "success",
  denied: "error",
  delivered: "success",
  withdrawn: "default",
  cancelled: "default",
};

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="case-status">
      {t(`cases.status.${status}`)}
    </Tag>
  );
}

const LIGHT_COLOR: Record<DeadlineLight, string> = {
  green: "success",
  yellow: "warning",
  red: "error",
  paused: "default",
  none: "default",
};

/** 红黄灯: green, yellow (little time left), red (overdue), paused (clock stopped); nothing when not timed. */
export function LightTag({ light }: { light: DeadlineLight }) {
  const { t } = useTranslation();
  if (light === "none") return null;
  return (
    <Tag color={LIGHT_COLOR[light]} data-testid="deadline-light" data-light={light}>
      <span className={`yw-light-dot yw-light-${light}`} aria-hidden="true" />
      {t(`cases.light.${light}`)}
    </Tag>
  );
}

/** "截止 2026-03-02（剩 3 个工作日）", "已超期 2 个工作日", "计时暂停", or a dash before acceptance. */
export function DeadlineText({ deadline }: { deadline: Deadline }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (deadline.date) parts.push(t("cases.deadline.until", { date: deadline.date }));
  const left = deadline.remainingWorkingDays;
  if (deadline.light === "paused") parts.push(t("cases.deadline.paused"));
  else if (left !== null && left < 0) parts.push(t("cases.deadline.overdue", { count: -left }));
  else if (left !== null) parts.push(t("cases.deadline.left", { count: left }));
  if (parts.length === 0) return <span className="yw-muted">—</span>;
  return <span data-testid="deadline-text">{parts.join(" · ")}</span>;
}

/** Light and text together, as lists show them. */
export function DeadlineCell({ deadline }: { deadline: Deadline }) {
  return (
    <div className="yw-case-deadline">
      <LightTag light={deadline.light} />
      <DeadlineText deadline={deadline} />
    </div>
  );
}
