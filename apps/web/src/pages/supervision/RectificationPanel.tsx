import type { SupervisionRectification } from "@yiwang/contracts";
import { Button, Input, Radio, Tag } from "antd";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useRectificationActions } from "./api";

/**
 * 责令整改 follow-up of one visit: its deadline (overdue flagged), the report with evidence (by the enterprise, or
 * an inspector on its behalf) while it is open, and — for an inspector — the re-check once it is reported.
 */
export function RectificationPanel({ rect, canRecheck }: { rect: SupervisionRectification; canRecheck: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="yw-sv-rect" data-testid="rectification" aria-label={t("supervision.rect.title")}>
      <h4>
        {t("supervision.rect.title")} <Tag>{t(`supervision.rect.status.${rect.status}`)}</Tag>
        {rect.overdue && rect.status === "open" && <Tag color="red">{t("supervision.rect.overdue")}</Tag>}
      </h4>
      <p>{t("supervision.rect.deadline", { date: rect.deadlineDate, round: rect.round })}</p>
      {rect.report && (
        <div className="yw-sv-rect-report">
          <p>{rect.report}</p>
          <ul>
            {rect.evidence.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: evidence items have no id and never reorder
              <li key={i}>
                <strong>{e.title}</strong>：{e.description}
              </li>
            ))}
          </ul>
        </div>
      )}
      {rect.recheckNote && (
        <p className="yw-sv-muted">{t("supervision.rect.recheckNote", { note: rect.recheckNote })}</p>
      )}
      {rect.status === "open" && <ReportForm id={rect.id} />}
      {rect.status === "reported" && canRecheck && <RecheckForm id={rect.id} />}
    </section>
  );
}

function ReportForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const { report } = useRectificationActions();
  const uid = useId();
  const [text, setText] = useState("");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const ready = text.trim() && title.trim() && description.trim();
  return (
    <form
      className="yw-sv-rect-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) report.mutate({ id, report: text, evidence: [{ title, description }] });
      }}
    >
      {report.error && <ErrorAlert error={report.error} />}
      <label htmlFor={`${uid}-report`}>{t("supervision.rect.report")}</label>
      <Input.TextArea
        id={`${uid}-report`}
        data-testid="rect-report"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={3}
      />

      <label htmlFor={`${uid}-etitle`}>{t("supervision.rect.evidenceTitle")}</label>
      <Input
        id={`${uid}-etitle`}
        data-testid="rect-evidence-title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />

      <label htmlFor={`${uid}-edesc`}>{t("supervision.rect.evidenceDescription")}</label>
      <Input.TextArea
        id={`${uid}-edesc`}
        data-testid="rect-evidence-description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        rows={2}
      />

      <p className="yw-sv-muted">{t("supervision.rect.evidenceHint")}</p>
      <Button
        type="primary"
        size="large"
        block
        htmlType="submit"
        disabled={!ready}
        loading={report.isPending}
        data-testid="rect-submit"
      >
        {t("supervision.rect.submit")}
      </Button>
    </form>
  );
}

function RecheckForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const { recheck } = useRectificationActions();
  const uid = useId();
  const [outcome, setOutcome] = useState<"passed" | "deadline" | "case">();
  const [note, setNote] = useState("");
  const [deadline, setDeadline] = useState("");
  const ready = outcome && note.trim() && (outcome !== "deadline" || deadline);
  return (
    <form
      className="yw-sv-rect-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        recheck.mutate(
          outcome === "passed"
            ? { id, passed: true, note }
            : { id, passed: false, note, next: outcome, deadlineDate: outcome === "deadline" ? deadline : undefined },
        );
      }}
    >
      {recheck.error && <ErrorAlert error={recheck.error} />}
      <Radio.Group
        size="large"
        value={outcome}
        onChange={(e) => setOutcome(e.target.value)}
        data-testid="rect-outcome"
        options={(["passed", "deadline", "case"] as const).map((o) => ({
          value: o,
          label: t(`supervision.rect.outcome.${o}`),
        }))}
      />
      {outcome === "deadline" && (
        <>
          <label htmlFor={`${uid}-deadline`}>{t("supervision.rect.newDeadline")}</label>
          <Input
            id={`${uid}-deadline`}
            type="date"
            data-testid="rect-deadline"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
          />
        </>
      )}
      <label htmlFor={`${uid}-note`}>{t("supervision.rect.note")}</label>
      <Input.TextArea
        id={`${uid}-note`}
        data-testid="rect-note"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        rows={2}
      />

      <Button
        type="primary"
        size="large"
        block
        htmlType="submit"
        disabled={!ready}
        loading={recheck.isPending}
        data-testid="rect-recheck"
      >
        {t("supervision.rect.recheck")}
      </Button>
    </form>
  );
}
