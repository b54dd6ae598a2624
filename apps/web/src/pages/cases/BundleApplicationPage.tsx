import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  EditOutlined,
  ExclamationCircleOutlined,
  LoadingOutlined,
  NodeIndexOutlined,
  SendOutlined,
} from "@ant-design/icons";
import type { RJSFSchema } from "@rjsf/utils";
import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import type { BundleApplication, CaseDetail, ServiceItem } from "@yiwang/contracts";
import { Alert, Button, Descriptions, Result, Skeleton, Tag } from "antd";
import { useCallback, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { formValidator } from "../../forms/validator";
import { ApiError } from "../../shared/api";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { LinkButton } from "../../shared/LinkButton";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { guideQuery } from "../catalog/queries";
import {
  bundleAppKey,
  CASES_KEY,
  caseKey,
  caseQuery,
  formIssues,
  isVersionConflict,
  missingMaterials,
  submitBundleApplication,
  useBundleApplication,
} from "./api";
import { BundleFormPanel } from "./BundleForm";
import { DeadlineCell, StatusTag } from "./CaseTags";
import "./cases.css";

type BundleCase = BundleApplication["cases"][number];

/** How far a draft is from being submittable: the form's rule violations and the required materials missing. */
interface Completeness {
  formErrors: number;
  missing: string[];
}

const isComplete = (k: Completeness | undefined) => k !== undefined && k.formErrors === 0 && k.missing.length === 0;

function completenessOf(detail: CaseDetail, item: ServiceItem): Completeness {
  const { errors } = formValidator.validateFormData(detail.formData, detail.form.schema as RJSFSchema);
  const attached = new Set(detail.materials.map((m) => m.material));
  return {
    formErrors: errors.length,
    missing: item.materials.filter((m) => m.required && !attached.has(m.name)).map((m) => m.name),
  };
}

/**
 * The drafts' completeness, checked in the browser by the rules the server applies on submit (the form's JSON
 * Schema, the item version's required materials). Only a hint: the server's answer is what counts.
 */
function useCompleteness(app: BundleApplication | undefined): Map<string, Completeness> {
  const drafts = (app?.cases ?? []).filter((c) => c.status === "draft");
  const details = useQueries({ queries: drafts.map((c) => caseQuery(c.id)) });
  const items = useQueries({ queries: drafts.map((c) => guideQuery(c.itemCode, c.itemVersion)) });
  const stamp = [...details, ...items].map((q) => q.dataUpdatedAt).join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query results change identity on every render; their update times say when the data changed
  return useMemo(() => {
    const out = new Map<string, Completeness>();
    drafts.forEach((c, i) => {
      const detail = details[i]?.data;
      const item = items[i]?.data;
      if (detail && item && detail.status === "draft") out.set(c.id, completenessOf(detail, item));
    });
    return out;
  }, [stamp]);
}

/**
 * Which case a 422 of the bundle submission is about. The server answers for the first incomplete case in
 * the bundle's order without naming it, so it is matched against the browser's own check: the first draft
 * with form problems (CASE_FORM_INVALID is checked first) or missing exactly those materials.
 */
function culpritOf(error: unknown, app: BundleApplication, done: Map<string, Completeness>): BundleCase | undefined {
  const issues = formIssues(error);
  const missing = missingMaterials(error);
  if (issues.length === 0 && missing.length === 0) return undefined;
  const drafts = app.cases.filter((c) => c.status === "draft");
  const same = (k: Completeness) => k.missing.length === missing.length && missing.every((m) => k.missing.includes(m));
  const match = issues.length
    ? drafts.find((c) => (done.get(c.id)?.formErrors ?? 0) > 0)
    : (drafts.find((c) => {
        const k = done.get(c.id);
        return k && k.formErrors === 0 && same(k);
      }) ??
      drafts.find((c) => {
        const k = done.get(c.id);
        return k && k.formErrors === 0 && missing.every((m) => k.missing.includes(m));
      }));
  return match ?? drafts.find((c) => !isComplete(done.get(c.id)));
}

const BUNDLE_STATUS_COLOR: Record<BundleApplication["status"], string> = {
  draft: "default",
  submitted: "processing",
  completed: "success",
  failed: "error",
};

function BundleStatusTag({ status }: { status: BundleApplication["status"] }) {
  const { t } = useTranslation();
  return (
    <Tag color={BUNDLE_STATUS_COLOR[status]} data-testid="bundle-status" data-status={status}>
      {t(`cases.bundle.status.${status}`)}
    </Tag>
  );
}

/** A draft's completeness, in words. */
function CompletenessHint({ k }: { k: Completeness | undefined }) {
  const { t } = useTranslation();
  if (!k)
    return (
      <span className="yw-cell-sub" data-testid="bundle-case-check" data-complete="unknown">
        <LoadingOutlined /> {t("cases.bundle.checking")}
      </span>
    );
  if (isComplete(k))
    return (
      <span className="yw-bundle-case-ok" data-testid="bundle-case-check" data-complete="yes">
        <CheckCircleOutlined /> {t("cases.bundle.complete")}
      </span>
    );
  return (
    <ul className="yw-bundle-case-todo" data-testid="bundle-case-check" data-complete="no">
      {k.formErrors > 0 && (
        <li>
          <ExclamationCircleOutlined /> {t("cases.bundle.formIncomplete")}
        </li>
      )}
      {k.missing.length > 0 && (
        <li>
          <ExclamationCircleOutlined /> {t("cases.bundle.missing", { count: k.missing.length })}
        </li>
      )}
    </ul>
  );
}

function CaseCard({ c, k, flagged }: { c: BundleCase; k: Completeness | undefined; flagged: boolean }) {
  const { t } = useTranslation();
  const draft = c.status === "draft";
  return (
    <li
      className={flagged ? "yw-bundle-case yw-bundle-case-flagged" : "yw-bundle-case"}
      data-testid="bundle-case"
      data-item={c.itemCode}
      data-status={c.status}
    >
      <div className="yw-bundle-case-head">
        <Link to={`/cases/${c.id}`} className="yw-cell-strong">
          {c.itemName}
        </Link>
        <StatusTag status={c.status} />
      </div>
      <div className="yw-cell-sub yw-mono">{c.number ?? t("cases.fields.noNumber")}</div>
      {draft && <CompletenessHint k={k} />}
      {c.status === "queued" && (
        <p className="yw-cell-sub yw-bundle-case-note">
          <ClockCircleOutlined /> {t("cases.bundle.queued")}
        </p>
      )}
      {c.status === "cancelled" && <p className="yw-cell-sub yw-bundle-case-note">{t("cases.bundle.cancelled")}</p>}
      {c.deadline.light !== "none" && <DeadlineCell deadline={c.deadline} />}
      <LinkButton
        to={`/cases/${c.id}`}
        size="small"
        type={draft && !isComplete(k) ? "primary" : "default"}
        icon={draft ? <EditOutlined /> : undefined}
        className="yw-bundle-case-open"
        data-testid="bundle-case-open"
      >
        {draft ? t("cases.bundle.fill") : t("cases.bundle.view")}
      </LinkButton>
    </li>
  );
}

/** The title of the form field a JSON Pointer names (e.g. /contact/phone), or the pointer when it has none. */
function fieldLabel(schema: Record<string, unknown> | undefined, pointer: string): string {
  let node: unknown = schema;
  for (const segment of pointer.split("/").slice(1)) {
    const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
    node = props?.[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  const title = (node as { title?: unknown } | undefined)?.title;
  return typeof title === "string" && title ? title : pointer;
}

/** What stopped the submission: which case is incomplete and how, a version conflict, or the server's word. */
function SubmitError({ error, culprit }: { error: unknown; culprit: BundleCase | undefined }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const schema = culprit ? qc.getQueryData<CaseDetail>(caseKey(culprit.id))?.form.schema : undefined;
  if (isVersionConflict(error))
    return (
      <Alert type="warning" showIcon role="alert" data-testid="version-conflict" message={t("cases.bundle.conflict")} />
    );
  const issues = formIssues(error);
  const missing = missingMaterials(error);
  if (issues.length || missing.length)
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid="submit-problems"
        message={
          culprit
            ? t("cases.bundle.caseProblem", { name: culprit.itemName, problem: errorText(error) })
            : errorText(error)
        }
        description={
          <>
            <ul className="yw-case-problems">
              {issues.map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  {i.path ? <strong>{fieldLabel(schema, i.path)}</strong> : null} {i.message}
                </li>
              ))}
              {missing.map((m) => (
                <li key={m}>{t("cases.materials.missingOne", { name: m })}</li>
              ))}
            </ul>
            {culprit && (
              <Link to={`/cases/${culprit.id}`} data-testid="submit-problems-open">
                {t("cases.bundle.openCase", { name: culprit.itemName })}
              </Link>
            )}
          </>
        }
      />
    );
  return (
    <div role="alert">
      <ErrorAlert error={error} />
    </div>
  );
}

function BundleView({ app }: { app: BundleApplication }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const done = useCompleteness(app);
  // 一表申请: the one form saves what is still unsaved before the bundle is submitted.
  const flushForm = useRef<() => Promise<void>>(async () => {});
  const onFlush = useCallback((flush: () => Promise<void>) => {
    flushForm.current = flush;
  }, []);
  const submit = useMutation({
    mutationFn: async () => {
      await flushForm.current();
      return submitBundleApplication(qc, app);
    },
    onSuccess: (fresh) => {
      qc.setQueryData(bundleAppKey(app.id), fresh);
      void qc.invalidateQueries({ queryKey: CASES_KEY, predicate: (q) => q.queryKey[1] !== "bundle" });
    },
    onError: () => {
      // The drafts or the application changed meanwhile: show them as they are now.
      void qc.invalidateQueries({ queryKey: bundleAppKey(app.id) });
      for (const c of app.cases) void qc.invalidateQueries({ queryKey: caseKey(c.id) });
    },
  });
  const culprit = submit.isError ? culpritOf(submit.error, app, done) : undefined;
  const steps = [...new Set(app.cases.map((c) => c.step))].sort((a, b) => a - b);
  const drafting = app.status === "draft" && app.cases.every((c) => c.status === "draft");
  const incomplete = app.cases.filter((c) => c.status === "draft" && done.has(c.id) && !isComplete(done.get(c.id)));
  const enterprise = app.cases.find((c) => c.enterpriseName)?.enterpriseName;

  return (
    <>
      <PageHeading
        title={app.bundleName}
        subtitle={
          <>
            <BundleStatusTag status={app.status} /> {t("cases.bundle.subtitle")}
            {enterprise && ` · ${t("cases.apply.forEnterprise", { name: enterprise })}`}
          </>
        }
        trail={[{ title: t("cases.mine.title"), to: "/cases" }]}
      />
      {submit.isSuccess && (
        <Alert
          type="success"
          showIcon
          className="yw-case-banner"
          message={t("cases.bundle.submitted")}
          description={t("cases.bundle.submittedDetail")}
          data-testid="bundle-submitted-banner"
          role="status"
        />
      )}
      <div className="yw-case-grid">
        <div className="yw-case-main">
          {drafting && <BundleFormPanel app={app} onFlush={onFlush} />}
          <Panel
            title={drafting ? t("cases.bundle.materialsStep") : t("cases.bundle.steps")}
            icon={<NodeIndexOutlined />}
          >
            <Alert
              type={app.status === "failed" ? "warning" : "info"}
              showIcon
              className="yw-bundle-intro"
              message={t(`cases.bundle.intro.${app.status}`)}
              data-testid="bundle-intro"
            />
            <ol className="yw-bundle-app-steps" data-testid="bundle-steps">
              {steps.map((step, i) => {
                const cases = app.cases.filter((c) => c.step === step);
                return (
                  <li key={step} className="yw-bundle-app-step" data-testid={`bundle-step-${i + 1}`}>
                    <div className="yw-bundle-app-step-label">
                      {t("cases.bundle.step", { n: i + 1 })}
                      {cases.length > 1 && (
                        <Tag color="blue" className="yw-case-parallel">
                          {t("cases.bundle.together")}
                        </Tag>
                      )}
                    </div>
                    <ul className="yw-bundle-app-cases">
                      {cases.map((c) => (
                        <CaseCard key={c.id} c={c} k={done.get(c.id)} flagged={culprit?.id === c.id} />
                      ))}
                    </ul>
                  </li>
                );
              })}
            </ol>
          </Panel>
        </div>
        <aside className="yw-case-side">
          <Panel
            title={drafting ? t("cases.bundle.submitAll") : t("cases.detail.facts")}
            icon={<SendOutlined />}
            className="yw-case-actions-panel"
          >
            <Descriptions
              column={1}
              size="small"
              className="yw-case-facts"
              items={[
                { key: "status", label: t("cases.fields.status"), children: <BundleStatusTag status={app.status} /> },
                {
                  key: "guide",
                  label: t("cases.bundle.guide"),
                  children: <Link to={`/services/bundles/${app.bundleCode}`}>{app.bundleName}</Link>,
                },
                ...(enterprise
                  ? [{ key: "enterprise", label: t("cases.fields.enterprise"), children: enterprise }]
                  : []),
                {
                  key: "created",
                  label: t("cases.bundle.createdAt"),
                  children: formatPlatformDateTime(app.createdAt),
                },
              ]}
            />
            {drafting && (
              <div className="yw-case-actions yw-bundle-actions" data-testid="bundle-actions">
                {incomplete.length > 0 && !submit.isError && (
                  <Alert
                    type="warning"
                    showIcon
                    message={t("cases.bundle.incompleteCount", { count: incomplete.length })}
                    data-testid="bundle-incomplete"
                  />
                )}
                {submit.isError && <SubmitError error={submit.error} culprit={culprit} />}
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  loading={submit.isPending}
                  onClick={() => submit.mutate()}
                  data-testid="bundle-submit"
                  block
                >
                  {t("cases.bundle.submitAll")}
                </Button>
                <p className="yw-cell-sub">{t("cases.bundle.submitAllHint")}</p>
              </div>
            )}
          </Panel>
        </aside>
      </div>
    </>
  );
}

function BundleLoader({ id }: { id: string }) {
  const { t } = useTranslation();
  const app = useBundleApplication(id);
  if (app.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (app.isError)
    return app.error instanceof ApiError && (app.error.status === 404 || app.error.status === 403) ? (
      <Result status="404" title={t("cases.bundle.notFound")} extra={<Link to="/cases">{t("cases.back")}</Link>} />
    ) : (
      <ErrorAlert error={app.error} onRetry={() => void app.refetch()} />
    );
  return <BundleView app={app.data} />;
}

/** /cases/bundles/:id — 一件事申请: the bundle's cases step by step, filled in one by one, submitted together. */
export function BundleApplicationPage() {
  const { id = "" } = useParams();
  return (
    <div className="yw-container yw-page yw-case">
      <RequireLogin>
        <BundleLoader id={id} />
      </RequireLogin>
    </div>
  );
}
