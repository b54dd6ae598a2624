import {
  AppstoreOutlined,
  ClockCircleOutlined,
  FileTextOutlined,
  FormOutlined,
  PaperClipOutlined,
  ProfileOutlined,
  RollbackOutlined,
  SaveOutlined,
  SendOutlined,
  WarningOutlined,
} from "@ant-design/icons";
import type CoreForm from "@rjsf/core";
import { useQueryClient } from "@tanstack/react-query";
import type { CaseDetail } from "@yiwang/contracts";
import { Alert, Button, Input, Modal, Skeleton } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { formatPlatformDateTime } from "../../shared/dates";
import { LinkButton } from "../../shared/LinkButton";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { PaymentPanel } from "../payments/PaymentPanel";
import { formIssues, isVersionConflict, missingMaterials, reloadCase, useCase, useCaseCommand } from "./api";
import { CaseDocuments } from "./CaseDocuments";
import { CaseForm, type FormData } from "./CaseForm";
import { CaseFacts, CaseLoadError, CommandError, DecisionAlert } from "./CaseParts";
import { StatusTag } from "./CaseTags";
import { CaseTimeline } from "./CaseTimeline";
import { DeferralNotice, outstandingDeferred } from "./DeferralNotice";
import { MaterialsList } from "./MaterialsList";
import { ReasonModal } from "./ReasonModal";
import { type AutosaveStatus, useAutosave } from "./useAutosave";
import "./cases.css";
import { sameFormData } from "../../forms/same-data";

/** 撤回申请: with a reason, while the server allows it. */
function WithdrawButton({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const command = useCaseCommand(detail.id);
  const [open, setOpen] = useState(false);
  if (!detail.allowedActions.includes("withdraw")) return null;
  return (
    <>
      <Button danger icon={<RollbackOutlined />} onClick={() => setOpen(true)} data-testid="case-withdraw" block>
        {detail.status === "draft" ? t("cases.apply.discard") : t("cases.command.withdraw")}
      </Button>
      {command.isError && !open && <CommandError error={command.error} />}
      <ReasonModal
        open={open}
        title={detail.status === "draft" ? t("cases.apply.discard") : t("cases.command.withdraw")}
        label={t("cases.modal.withdrawReason")}
        okText={t("cases.common.confirm")}
        required
        danger
        busy={command.isPending}
        onCancel={() => setOpen(false)}
        onSubmit={(reason) =>
          command.mutate(
            { path: "/withdraw", body: { version: detail.version, reason } },
            { onSettled: () => setOpen(false) },
          )
        }
      />
    </>
  );
}

/** "正在保存… / 已保存 10:42": where the draft's autosave is. */
function AutosaveIndicator({ status, dirty }: { status: AutosaveStatus; dirty: boolean }) {
  const { t } = useTranslation();
  const text =
    status.kind === "saving"
      ? t("cases.apply.autosaving")
      : status.kind === "failed"
        ? t("cases.apply.autosaveFailed")
        : dirty
          ? t("cases.apply.unsaved")
          : status.kind === "saved"
            ? t("cases.apply.autosaved", { time: formatPlatformDateTime(status.at).slice(11, 16) })
            : "";
  return (
    <span
      className={status.kind === "failed" ? "yw-autosave yw-autosave-failed" : "yw-autosave"}
      role="status"
      aria-live="polite"
      data-testid="autosave-status"
    >
      {text}
    </span>
  );
}

/**
 * 填写申请: the draft's form and materials. The form saves itself a second after the last change (useAutosave),
 * and leaving with unsaved changes asks first; "save draft" saves now; "submit" saves, then submits — a submit
 * the form's rules refuse still saves what was typed. The server's checks (form rules, missing materials)
 * come back on the fields and as a list.
 */
function DraftEditor({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const command = useCaseCommand(detail.id);
  const formRef = useRef<CoreForm>(null);
  const [formData, setFormData] = useState<FormData>(detail.formData);
  const autosave = useAutosave(detail, formData);
  const [error, setError] = useState<unknown>(null);
  const [clientInvalid, setClientInvalid] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<"save" | "submit" | "bundle" | null>(null);
  // A case of a bundle application (一件事) is submitted with the others, from the bundle's page.
  const bundleId = detail.bundleApplicationId;

  async function fail(e: unknown) {
    setError(e);
    if (isVersionConflict(e)) {
      const fresh = await reloadCase(qc, detail.id);
      if (fresh) {
        setFormData(fresh.formData);
        autosave.reset(fresh);
      }
    }
  }

  async function run(kind: "save" | "submit" | "bundle") {
    setError(null);
    setNotice(null);
    setClientInvalid(false);
    if (kind === "submit" && formRef.current && !formRef.current.validateForm()) {
      setClientInvalid(true);
      // what was typed stays on the page and is stored, so a reload or another device finds it
      await autosave.flush().catch(fail);
      return;
    }
    setBusy(kind);
    try {
      const version = await autosave.flush();
      if (kind === "save") {
        setNotice(t("cases.apply.saved"));
        return;
      }
      if (kind === "bundle") {
        if (bundleId) navigate(`/cases/bundles/${bundleId}`);
        return;
      }
      autosave.stop(); // a change typed while the submit is under way is not saved into a filed case
      await command.mutateAsync({ path: "/submit", body: { version } });
      navigate(`/cases/${detail.id}?submitted=1`, { replace: true });
      window.scrollTo(0, 0);
    } catch (e) {
      autosave.resume();
      await fail(e);
    } finally {
      setBusy(null);
    }
  }

  const issues = formIssues(error);
  const missing = missingMaterials(error);
  return (
    <>
      <PageHeading
        title={detail.itemName}
        subtitle={
          <>
            <StatusTag status={detail.status} /> {t("cases.apply.subtitle")}
            {detail.enterpriseName && ` · ${t("cases.apply.forEnterprise", { name: detail.enterpriseName })}`}
          </>
        }
        trail={[
          { title: t("cases.mine.title"), to: "/cases" },
          ...(bundleId ? [{ title: t("cases.bundle.partOf"), to: `/cases/bundles/${bundleId}` }] : []),
        ]}
      />
      <div className="yw-case-grid">
        <div className="yw-case-main">
          <Panel
            title={t("cases.apply.form")}
            icon={<FormOutlined />}
            extra={<AutosaveIndicator status={autosave.status} dirty={autosave.dirty} />}
          >
            <CaseForm
              form={detail.form}
              formData={formData}
              onChange={(d) => {
                setFormData(d);
                setNotice(null);
              }}
              issues={issues}
              formRef={formRef}
              prefilled={{ from: detail.prefilledFrom, values: detail.formData }}
            />
          </Panel>
          <Modal
            open={autosave.blocker.state === "blocked"}
            title={t("cases.apply.leaveTitle")}
            okText={t("cases.apply.leave")}
            cancelText={t("cases.apply.stay")}
            okButtonProps={{ danger: true }}
            onOk={() => autosave.blocker.proceed?.()}
            onCancel={() => autosave.blocker.reset?.()}
          >
            {t("cases.apply.leaveBody")}
          </Modal>
          <Panel title={t("cases.apply.materials")} icon={<PaperClipOutlined />}>
            <p className="yw-muted">{t("cases.apply.materialsHint")}</p>
            <MaterialsList detail={detail} mode="edit" missing={missing} />
          </Panel>
        </div>
        <aside className="yw-case-side">
          <Panel title={t("cases.apply.actions")} icon={<SendOutlined />} className="yw-case-actions-panel">
            <div className="yw-case-actions" data-testid="draft-actions">
              {notice && <Alert type="success" showIcon message={notice} role="status" />}
              {clientInvalid && (
                <Alert
                  type="error"
                  showIcon
                  role="alert"
                  message={t("cases.apply.fixForm")}
                  icon={<WarningOutlined />}
                />
              )}
              <CommandError error={error} materials={detail.materials} />
              <Button
                icon={<SaveOutlined />}
                loading={busy === "save"}
                disabled={busy !== null}
                onClick={() => void run("save")}
                data-testid="case-save"
                block
              >
                {t("cases.apply.save")}
              </Button>
              {bundleId ? (
                <>
                  <Button
                    type="primary"
                    icon={<AppstoreOutlined />}
                    loading={busy === "bundle"}
                    disabled={busy !== null}
                    onClick={() => void run("bundle")}
                    data-testid="case-bundle-submit"
                    block
                  >
                    {t("cases.bundle.submitWithBundle")}
                  </Button>
                  <p className="yw-cell-sub">{t("cases.bundle.submitWithBundleHint")}</p>
                </>
              ) : (
                <>
                  <Button
                    type="primary"
                    icon={<SendOutlined />}
                    loading={busy === "submit"}
                    disabled={busy !== null || !detail.allowedActions.includes("submit")}
                    onClick={() => void run("submit")}
                    data-testid="case-submit"
                    block
                  >
                    {t("cases.apply.submit")}
                  </Button>
                  <WithdrawButton detail={detail} />
                  <p className="yw-cell-sub">{t("cases.apply.submitHint")}</p>
                </>
              )}
            </div>
          </Panel>
        </aside>
      </div>
    </>
  );
}

/** 补正: what the department asked for, more files, the corrected form and a note, sent together. */
function SupplementPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const command = useCaseCommand(detail.id);
  const formRef = useRef<CoreForm>(null);
  const [formData, setFormData] = useState<FormData>(detail.formData);
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const s = detail.supplement;
  const answering = detail.allowedActions.includes("answer_supplement");
  if (!s || (!answering && !done)) return null;

  async function answer() {
    setError(null);
    if (formRef.current && !formRef.current.validateForm()) return;
    try {
      await command.mutateAsync({
        path: "/supplement/answer",
        body: {
          version: detail.version,
          ...(sameFormData(formData, detail.formData) ? {} : { formData }),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      });
      setDone(true);
    } catch (e) {
      setError(e);
      if (isVersionConflict(e)) {
        const fresh = await reloadCase(qc, detail.id);
        if (fresh) setFormData(fresh.formData);
      }
    }
  }

  if (done && !answering) return <Alert type="success" showIcon message={t("cases.supplement.sent")} role="status" />;
  const requested = s.items.map((i) => i.material).filter((m): m is string => m !== null);
  return (
    <Panel
      title={t("cases.supplement.title")}
      icon={<WarningOutlined />}
      className="yw-case-supplement"
      extra={<span className="yw-cell-sub">{s.requestedBy}</span>}
    >
      <Alert
        type="warning"
        showIcon
        message={t("cases.supplement.intro")}
        description={
          <>
            <ol className="yw-case-problems" data-testid="supplement-items">
              {s.items.map((i) => (
                <li key={`${i.material ?? ""}-${i.note}`}>
                  {i.material && <strong>{i.material}：</strong>}
                  {i.note}
                </li>
              ))}
            </ol>
            {s.comment && <p>{s.comment}</p>}
          </>
        }
      />
      <h3 className="yw-case-subtitle">{t("cases.supplement.materials")}</h3>
      <MaterialsList detail={detail} mode="supplement" requested={requested} missing={missingMaterials(error)} />
      <h3 className="yw-case-subtitle">{t("cases.supplement.form")}</h3>
      <CaseForm
        form={detail.form}
        formData={formData}
        onChange={setFormData}
        issues={formIssues(error)}
        formRef={formRef}
      />
      <label className="yw-case-subtitle" htmlFor="supplement-note">
        {t("cases.supplement.note")}
      </label>
      <Input.TextArea
        id="supplement-note"
        rows={3}
        maxLength={2000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="yw-case-actions yw-note">
        <CommandError error={error} />
        <Button
          type="primary"
          icon={<SendOutlined />}
          loading={command.isPending}
          onClick={() => void answer()}
          data-testid="supplement-submit"
        >
          {t("cases.supplement.submit")}
        </Button>
      </div>
    </Panel>
  );
}

/** The applicant's view of a filed case: decision, supplement request, progress timeline, form, materials. */
function ApplicantView({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const answering = detail.allowedActions.includes("answer_supplement");
  return (
    <>
      <PageHeading
        title={detail.itemName}
        subtitle={
          <>
            <StatusTag status={detail.status} /> <span className="yw-mono">{detail.number}</span>
          </>
        }
        trail={[
          { title: t("cases.mine.title"), to: "/cases" },
          ...(detail.bundleApplicationId
            ? [{ title: t("cases.bundle.partOf"), to: `/cases/bundles/${detail.bundleApplicationId}` }]
            : []),
        ]}
      />
      {detail.status === "queued" && (
        <Alert
          type="info"
          showIcon
          className="yw-case-banner"
          message={t("cases.bundle.queuedCase")}
          data-testid="queued-banner"
        />
      )}
      {params.get("submitted") && detail.status !== "draft" && (
        <Alert
          type="success"
          showIcon
          className="yw-case-banner"
          message={t("cases.apply.submitted")}
          description={detail.number ? t("cases.apply.submittedNumber", { number: detail.number }) : undefined}
          data-testid="submitted-banner"
        />
      )}
      <div className="yw-case-grid">
        <div className="yw-case-main">
          <DecisionAlert detail={detail} />
          <DeferralNotice detail={detail} />
          <PaymentPanel caseId={detail.id} />
          <SupplementPanel detail={detail} />
          <Panel title={t("cases.timeline.title")} icon={<ClockCircleOutlined />}>
            <CaseTimeline history={detail.history} hideMinor />
          </Panel>
          <CaseDocuments detail={detail} applicant />
          {!answering && (
            <>
              <Panel title={t("cases.apply.form")} icon={<FileTextOutlined />}>
                <CaseForm
                  form={detail.form}
                  formData={detail.formData}
                  readOnly
                  prefilled={{ from: detail.prefilledFrom, values: detail.formData }}
                />
              </Panel>
              <Panel title={t("cases.apply.materials")} icon={<PaperClipOutlined />}>
                <MaterialsList detail={detail} mode="view" later={outstandingDeferred(detail)} />
              </Panel>
            </>
          )}
        </div>
        <aside className="yw-case-side">
          <Panel title={t("cases.detail.facts")} icon={<ProfileOutlined />}>
            <CaseFacts detail={detail} />
            <div className="yw-case-actions">
              {detail.bundleApplicationId && (
                <LinkButton
                  to={`/cases/bundles/${detail.bundleApplicationId}`}
                  icon={<AppstoreOutlined />}
                  data-testid="case-bundle-link"
                  block
                >
                  {t("cases.bundle.open")}
                </LinkButton>
              )}
              <WithdrawButton detail={detail} />
            </div>
          </Panel>
        </aside>
      </div>
    </>
  );
}

function CaseLoader({ id }: { id: string }) {
  const c = useCase(id);
  if (c.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (c.isError) return <CaseLoadError error={c.error} onRetry={() => void c.refetch()} back="/cases" />;
  const detail = c.data;
  return detail.status === "draft" && detail.allowedActions.includes("edit") ? (
    <DraftEditor key={detail.id} detail={detail} />
  ) : (
    <ApplicantView key={detail.id} detail={detail} />
  );
}

/** /cases/:id — the applicant's case: the apply/edit page while it is a draft, the progress page after. */
export function CasePage() {
  const { id = "" } = useParams();
  return (
    <div className="yw-container yw-page yw-case">
      <RequireLogin>
        <CaseLoader id={id} />
      </RequireLogin>
    </div>
  );
}
