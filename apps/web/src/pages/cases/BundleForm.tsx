import { FormOutlined, SaveOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import type { BundleApplication, BundleApplicationForm } from "@yiwang/contracts";
import { Alert, Button, Skeleton } from "antd";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { sameFormData } from "../../forms/same-data";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { bundleFormKey, caseKey, isVersionConflict, saveBundleForm, useBundleForm } from "./api";
import { CaseForm, type FormData } from "./CaseForm";
import { AUTOSAVE_DELAY_MS } from "./useAutosave";

type Status = "idle" | "saving" | "saved" | "failed" | "conflict";

/** Each field's help says which of the bundle's items it fills in (kept after the item's own help). */
function withFeeds(form: BundleApplicationForm, feedsNote: (names: string) => string): BundleApplicationForm["form"] {
  const ui: Record<string, unknown> = { ...form.form.uiSchema };
  for (const [field, targets] of Object.entries(form.feeds)) {
    const own = (ui[field] ?? {}) as Record<string, unknown>;
    const note = feedsNote(targets.map((x) => x.itemName).join("、"));
    ui[field] = { ...own, "ui:help": typeof own["ui:help"] === "string" ? `${own["ui:help"]} ${note}` : note };
  }
  return { schema: form.form.schema, uiSchema: ui };
}

/**
 * 一表申请: the bundle's drafts filled in through one form. Saved ~1 s after the last change (one save at a
 * time, with the versions the last save answered) and by `flush()` before the bundle is submitted.
 */
function OneForm({
  app,
  initial,
  onFlush,
}: {
  app: BundleApplication;
  initial: BundleApplicationForm;
  onFlush: (flush: () => Promise<void>) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [formData, setFormData] = useState<FormData>(initial.formData);
  const [savedData, setSavedData] = useState<FormData>(initial.formData);
  const [status, setStatus] = useState<Status>("idle");
  const latest = useRef(formData);
  latest.current = formData;
  const saved = useRef(initial.formData);
  const versions = useRef(initial.versions);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const form = useMemo(() => withFeeds(initial, (names) => t("cases.bundle.feeds", { names })), [initial, t]);

  const flush = useCallback((): Promise<void> => {
    const run = chain.current.then(async () => {
      if (!initial.editable || sameFormData(latest.current, saved.current)) return;
      const data = latest.current;
      setStatus("saving");
      try {
        const fresh = await saveBundleForm(app.id, data, versions.current);
        versions.current = fresh.versions;
        saved.current = data;
        setSavedData(data);
        setStatus("saved");
        for (const c of app.cases) void qc.invalidateQueries({ queryKey: caseKey(c.id) });
      } catch (e) {
        if (isVersionConflict(e)) {
          setStatus("conflict");
          void qc.invalidateQueries({ queryKey: bundleFormKey(app.id) });
        } else setStatus("failed");
        throw e;
      }
    });
    chain.current = run.catch(() => {});
    return run;
  }, [app, initial.editable, qc]);

  useEffect(() => onFlush(flush), [flush, onFlush]);
  const dirty = !sameFormData(formData, savedData);
  // biome-ignore lint/correctness/useExhaustiveDependencies: every change restarts the timer (debounce)
  useEffect(() => {
    if (!dirty || !initial.editable) return;
    const timer = setTimeout(() => void flush().catch(() => {}), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [dirty, flush, formData]);

  return (
    <>
      <CaseForm form={form} formData={formData} onChange={setFormData} readOnly={!initial.editable} id="bundle-form" />
      {initial.editable ? (
        <div className="yw-bundle-form-actions">
          <Button
            icon={<SaveOutlined />}
            onClick={() => void flush().catch(() => {})}
            loading={status === "saving"}
            data-testid="bundle-form-save"
          >
            {t("cases.bundle.saveForm")}
          </Button>
          <span className="yw-cell-sub" data-testid="bundle-form-status" data-status={dirty ? "dirty" : status}>
            {status === "conflict"
              ? t("cases.bundle.formConflict")
              : status === "failed"
                ? t("cases.bundle.formSaveFailed")
                : dirty
                  ? t("cases.bundle.formUnsaved")
                  : status === "saved"
                    ? t("cases.bundle.formSaved")
                    : ""}
          </span>
        </div>
      ) : (
        <p className="yw-cell-sub">{t("cases.bundle.formReadOnly")}</p>
      )}
    </>
  );
}

/** The panel: loads the merged form; remounts the form when the server's form data changes (after a conflict). */
export function BundleFormPanel({
  app,
  onFlush,
}: {
  app: BundleApplication;
  onFlush: (flush: () => Promise<void>) => void;
}) {
  const { t } = useTranslation();
  const query = useBundleForm(app.id);
  return (
    <Panel title={t("cases.bundle.oneForm")} icon={<FormOutlined />} className="yw-bundle-form">
      <Alert type="info" showIcon className="yw-bundle-intro" message={t("cases.bundle.oneFormIntro")} />
      {query.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <OneForm key={query.dataUpdatedAt} app={app} initial={query.data} onFlush={onFlush} />
      )}
    </Panel>
  );
}
