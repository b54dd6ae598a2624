import {
  ApartmentOutlined,
  ClockCircleOutlined,
  FileTextOutlined,
  PaperClipOutlined,
  ProfileOutlined,
  ThunderboltOutlined,
  WarningOutlined,
} from "@ant-design/icons";
import type { CaseDetail, CaseTask } from "@yiwang/contracts";
import { Skeleton, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { formatPlatformDateTime } from "../../shared/dates";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useCase } from "../cases/api";
import { CaseDocuments } from "../cases/CaseDocuments";
import { CaseForm } from "../cases/CaseForm";
import { CaseFacts, CaseLoadError, DecisionAlert } from "../cases/CaseParts";
import { LightTag, StatusTag } from "../cases/CaseTags";
import { CaseTimeline } from "../cases/CaseTimeline";
import { DeferralNotice } from "../cases/DeferralNotice";
import { MaterialsList } from "../cases/MaterialsList";
import { CaseLicenseUses } from "../licenses/CaseLicenseUses";
import { CaseThreadPanel } from "../messaging/CaseThreadPanel";
import { PaymentPanel } from "../payments/PaymentPanel";
import { CaseCreditPanel } from "../supervision/CaseCreditPanel";
import { CaseActions } from "./CaseActions";
import "../cases/cases.css";

const OUTCOMES: readonly string[] = ["accepted", "refused", "passed", "vetoed", "approved", "denied"];
type Outcome = "accepted" | "refused" | "passed" | "vetoed" | "approved" | "denied";
const TASK_COLOR = { open: "processing", done: "success", cancelled: "default" } as const;

function TaskCard({ task, mine }: { task: CaseTask; mine: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={mine ? "yw-case-task yw-case-task-mine" : "yw-case-task"} data-testid="case-task">
      <div className="yw-case-task-head">
        <strong>{t(`cases.stage.${task.stage}`)}</strong> · {task.deptName}{" "}
        <Tag color={TASK_COLOR[task.status]}>{t(`cases.taskStatus.${task.status}`)}</Tag>
        {mine && <Tag color="blue">{t("cases.detail.myTask")}</Tag>}
      </div>
      {task.status === "open" && (
        <div className="yw-cell-sub">
          {task.claimedBy ? t("cases.detail.claimedBy", { name: task.claimedBy.name }) : t("cases.inbox.unclaimed")}
        </div>
      )}
      {task.status !== "open" && task.completedBy && (
        <div className="yw-cell-sub">
          {task.completedBy.name}
          {task.completedAt && ` · ${formatPlatformDateTime(task.completedAt)}`}
          {task.outcome &&
            ` · ${OUTCOMES.includes(task.outcome) ? t(`cases.outcome.${task.outcome as Outcome}`) : task.outcome}`}
        </div>
      )}
      {task.comment && <div className="yw-case-action-comment">{task.comment}</div>}
    </div>
  );
}

/** The workflow by step; a step with several branches is a parallel review (并联审批), shown side by side. */
function Tasks({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  if (detail.tasks.length === 0) return <p className="yw-muted">{t("cases.detail.noTasks")}</p>;
  const steps = [...new Set(detail.tasks.map((x) => x.step))].sort((a, b) => a - b);
  return (
    <ol className="yw-case-steps" data-testid="case-tasks">
      {steps.map((step, index) => {
        const tasks = detail.tasks.filter((x) => x.step === step).sort((a, b) => a.branch - b.branch);
        const parallel = new Set(tasks.map((x) => x.branch)).size > 1;
        return (
          <li key={step} className="yw-case-step">
            <div className="yw-cell-sub">
              {t("cases.detail.step", { step: index + 1 })}
              {parallel && (
                <Tag color="purple" className="yw-case-parallel">
                  {t("cases.detail.parallel")}
                </Tag>
              )}
            </div>
            <div className={parallel ? "yw-case-branches" : undefined}>
              {tasks.map((x) => (
                <TaskCard key={x.id} task={x} mine={x.id === detail.myTaskId} />
              ))}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function StaffCase({ id }: { id: string }) {
  const { t } = useTranslation();
  const c = useCase(id);
  if (c.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (c.isError) return <CaseLoadError error={c.error} onRetry={() => void c.refetch()} back="/workbench/inbox" />;
  const detail = c.data;
  const s = detail.supplement;
  return (
    <>
      <PageHeading
        title={detail.number ?? detail.itemName}
        subtitle={
          <>
            <StatusTag status={detail.status} /> <LightTag light={detail.deadline.light} /> {detail.itemName} ·{" "}
            {detail.enterpriseName ?? detail.applicantName}
          </>
        }
        trail={[
          { title: t("workbench.title"), to: "/workbench" },
          { title: t("cases.inbox.title"), to: "/workbench/inbox" },
        ]}
      />
      <div className="yw-case-grid">
        <div className="yw-case-main">
          <Panel title={t("cases.detail.actions")} icon={<ThunderboltOutlined />}>
            <CaseActions detail={detail} />
          </Panel>
          <DecisionAlert detail={detail} />
          <DeferralNotice detail={detail} />
          {s && (
            <Panel title={t("cases.supplement.requestTitle")} icon={<WarningOutlined />}>
              <ol className="yw-case-problems" data-testid="supplement-items">
                {s.items.map((i) => (
                  <li key={`${i.material ?? ""}-${i.note}`}>
                    {i.material && <strong>{i.material}：</strong>}
                    {i.note}
                  </li>
                ))}
              </ol>
              {s.comment && <p>{s.comment}</p>}
              <p className="yw-cell-sub">
                {s.requestedBy} · {formatPlatformDateTime(s.requestedAt)}
                {s.answeredAt
                  ? ` · ${t("cases.supplement.answeredAt", { at: formatPlatformDateTime(s.answeredAt) })}`
                  : ` · ${t("cases.supplement.waiting")}`}
              </p>
            </Panel>
          )}
          <Panel title={t("cases.apply.form")} icon={<FileTextOutlined />}>
            <CaseForm
              form={detail.form}
              formData={detail.formData}
              readOnly
              prefilled={{ from: detail.prefilledFrom, values: detail.formData }}
            />
          </Panel>
          <Panel title={t("cases.apply.materials")} icon={<PaperClipOutlined />}>
            <MaterialsList detail={detail} mode="view" />
          </Panel>
          <CaseLicenseUses detail={detail} />
          <CaseDocuments detail={detail} applicant={false} />
        </div>
        <aside className="yw-case-side">
          <Panel title={t("cases.detail.facts")} icon={<ProfileOutlined />}>
            <CaseFacts detail={detail} />
          </Panel>
          <CaseCreditPanel detail={detail} />
          <PaymentPanel caseId={detail.id} staff />
          <Panel title={t("cases.detail.tasks")} icon={<ApartmentOutlined />}>
            <Tasks detail={detail} />
          </Panel>
          <CaseThreadPanel caseId={detail.id} />
          {detail.specialProcedures.length > 0 && (
            <Panel title={t("cases.detail.procedures")}>
              <ul className="yw-case-problems">
                {detail.specialProcedures.map((p) => (
                  <li key={p.startedAt}>
                    <strong>{t(`cases.procedure.${p.kind}`)}</strong>：{p.reason}
                    <div className="yw-cell-sub">
                      {formatPlatformDateTime(p.startedAt)}
                      {p.endedAt && ` – ${formatPlatformDateTime(p.endedAt)}`}
                      {p.workingDays !== null && ` · ${t("cases.deadline.days", { count: p.workingDays })}`}
                    </div>
                    {p.result && <div>{p.result}</div>}
                  </li>
                ))}
              </ul>
            </Panel>
          )}
          <Panel title={t("cases.timeline.title")} icon={<ClockCircleOutlined />}>
            <CaseTimeline history={detail.history} />
          </Panel>
        </aside>
      </div>
    </>
  );
}

/** /workbench/cases/:id — a case for staff: what they may do now, the form, materials, workflow and history. */
export function StaffCasePage() {
  const { id = "" } = useParams();
  return (
    <div className="yw-container yw-page yw-case">
      <RequireLogin kind="staff">
        <StaffCase id={id} />
      </RequireLogin>
    </div>
  );
}
