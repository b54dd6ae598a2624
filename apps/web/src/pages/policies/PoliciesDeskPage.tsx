import type { Benefit } from "@yiwang/contracts";
import { Alert, Button, Checkbox, DatePicker, Empty, Input, InputNumber, List, message, Select, Tag } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import {
  useBenefits,
  useCreateBenefit,
  useDecide,
  useEditRules,
  useEntitlements,
  usePublish,
  useRunMatch,
} from "./api";
import { ExplanationList } from "./ExplanationList";
import { ObjectionsPanel } from "./ObjectionsPanel";
import { type RuleDraft, RuleEditor, toRuleEdit } from "./RuleEditor";
import { StatsPanel } from "./StatsPanel";
import "./policies.css";

/** /workbench/policies — the department's policy library, rule editor with test panel, matching and batch review. */
export function PoliciesDeskPage() {
  return (
    <RequireLogin kind="staff">
      <Desk />
    </RequireLogin>
  );
}

const EMPTY_RULE: RuleDraft = {
  combinator: "all",
  conditions: [{ fact: "registeredCapital", operator: "gte", value: "100", label: "" }],
  amountFormula: "10000",
};

/** The rule of a saved benefit back in the form (flat all / any of facts; anything else starts afresh). */
function draftOf(b: Benefit): RuleDraft {
  const c = b.rules.conditions as Record<string, unknown>;
  const combinator = "any" in c ? "any" : "all";
  const list = (c[combinator] ?? []) as { fact?: string; operator?: string; value?: unknown; label?: string }[];
  if (!Array.isArray(list) || list.some((l) => !l.fact)) return { ...EMPTY_RULE, amountFormula: b.amountFormula };
  return {
    combinator,
    conditions: list.map((l) => ({
      fact: l.fact as string,
      operator: l.operator ?? "eq",
      value: Array.isArray(l.value) ? l.value.join(",") : String(l.value ?? ""),
      label: l.label ?? "",
    })),
    amountFormula: b.amountFormula,
  };
}

function Desk() {
  const { t } = useTranslation();
  const benefits = useBenefits();
  const run = useRunMatch();
  const publish = usePublish();
  const errorText = useErrorText();
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; draft: RuleDraft } | null>(null);
  const edit = useEditRules();
  const fail = (e: unknown) => message.error(errorText(e));
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("policies.desk.title")}
        subtitle={t("policies.desk.subtitle")}
        extra={
          <Button
            loading={run.isPending}
            data-testid="policies-run"
            onClick={async () => {
              try {
                const r = await run.mutateAsync();
                message.success(t("policies.desk.ran", { matched: r.matched, created: r.entitlementsCreated }));
              } catch (e) {
                fail(e);
              }
            }}
          >
            {t("policies.desk.run")}
          </Button>
        }
      />
      <Panel title={t("policies.desk.library")}>
        <List
          loading={benefits.isPending}
          dataSource={benefits.data?.items ?? []}
          locale={{ emptyText: <Empty description={t("policies.desk.none")} /> }}
          renderItem={(b) => (
            <List.Item data-testid="policies-benefit" data-title={b.title}>
              <div style={{ width: "100%" }}>
                <div className="yw-policies-row">
                  <strong>{b.title}</strong>
                  <Tag>{t(`policies.channel.${b.channel}`)}</Tag>
                  <Tag color={b.status === "published" ? "green" : "default"}>
                    {t(`policies.benefitStatus.${b.status}`)}
                  </Tag>
                  <span>{t("policies.desk.version", { version: b.currentVersion })}</span>
                  <span data-testid="policies-budget">
                    {t("policies.desk.budget", {
                      committed: b.budgetCommitted.toLocaleString(),
                      total: b.budget.toLocaleString(),
                    })}
                  </span>
                </div>
                <p>
                  {b.documentTitle} · {b.target} · {b.periodStart} – {b.periodEnd}
                </p>
                <div className="yw-policies-row">
                  {b.status === "draft" && (
                    <Button
                      type="primary"
                      data-testid="policies-publish"
                      loading={publish.isPending}
                      onClick={async () => {
                        try {
                          await publish.mutateAsync(b.id);
                          message.success(t("policies.desk.published"));
                        } catch (e) {
                          fail(e);
                        }
                      }}
                    >
                      {t("policies.desk.publish")}
                    </Button>
                  )}
                  <Button onClick={() => setEditing({ id: b.id, draft: draftOf(b) })}>
                    {t("policies.desk.editRules")}
                  </Button>
                  {b.itemCode && (
                    <Tag data-testid="policies-item-code">
                      {t("policies.desk.item", { code: b.itemCode, days: b.decisionDays })}
                    </Tag>
                  )}
                  {b.channel !== "on_application" && (
                    <Button data-testid="policies-review" onClick={() => setReviewing(b.id)}>
                      {t(b.channel === "quick_application" ? "policies.desk.reviewQuick" : "policies.desk.review")}
                    </Button>
                  )}
                </div>
                {editing?.id === b.id && (
                  <div style={{ marginTop: 12 }}>
                    <RuleEditor value={editing.draft} onChange={(draft) => setEditing({ id: b.id, draft })} />
                    <Button
                      type="primary"
                      style={{ marginTop: 8 }}
                      loading={edit.isPending}
                      onClick={async () => {
                        try {
                          const r = await edit.mutateAsync({ id: b.id, edit: toRuleEdit(editing.draft) });
                          message.success(t("policies.desk.versioned", { version: r.currentVersion }));
                          setEditing(null);
                        } catch (e) {
                          fail(e);
                        }
                      }}
                    >
                      {t("policies.desk.saveVersion")}
                    </Button>
                  </div>
                )}
                {reviewing === b.id && <Review benefitId={b.id} />}
              </div>
            </List.Item>
          )}
        />
      </Panel>
      <Panel title={t("policies.objections.title")}>
        <ObjectionsPanel />
      </Panel>
      <Panel title={t("policies.stats.title")}>
        <StatsPanel />
      </Panel>
      <Panel title={t("policies.desk.create")}>
        <CreateBenefit />
      </Panel>
    </div>
  );
}

function Review({ benefitId }: { benefitId: string }) {
  const { t } = useTranslation();
  const list = useEntitlements(benefitId);
  const decide = useDecide(benefitId);
  const errorText = useErrorText();
  const [selected, setSelected] = useState<string[]>([]);
  const [reason, setReason] = useState("");
  // A 快申快享 application pending in its case is decided there (on the cases desk), not here.
  const pending = (list.data?.items ?? []).filter((e) => e.status === "pending" && !e.caseId);
  const submit = async (body: { confirm: string[]; exclude: { id: string; reason: string }[] }) => {
    try {
      const r = await decide.mutateAsync(body);
      message.success(t("policies.desk.decided", { paid: r.paid.length, excluded: r.excluded.length }));
      if (r.overBudget.length > 0) message.warning(t("policies.desk.overBudget", { count: r.overBudget.length }));
      setSelected([]);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <div data-testid="policies-review-panel" style={{ marginTop: 12 }}>
      <List
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t("policies.desk.noEntitlements")} /> }}
        renderItem={(e) => (
          <List.Item data-testid="policies-review-item">
            <div style={{ width: "100%" }}>
              <div className="yw-policies-row">
                {e.status === "pending" && !e.caseId && (
                  <Checkbox
                    aria-label={e.enterpriseName}
                    checked={selected.includes(e.id)}
                    onChange={(ev) =>
                      setSelected(ev.target.checked ? [...selected, e.id] : selected.filter((x) => x !== e.id))
                    }
                  />
                )}
                <strong>{e.enterpriseName}</strong>
                <span>{t("policies.amount", { amount: e.amount.toLocaleString() })}</span>
                <Tag>{t(`policies.status.${e.status}`)}</Tag>
                <span>{t("policies.desk.version", { version: e.ruleVersion })}</span>
                {e.caseNumber && <span>{t("policies.desk.case", { number: e.caseNumber })}</span>}
                {e.dueOn && e.status === "pending" && <span>{t("policies.portal.due", { date: e.dueOn })}</span>}
              </div>
              {e.reason && <p>{t("policies.reason", { reason: e.reason })}</p>}
              <ExplanationList explanation={e.explanation} />
              {e.objection && <Alert type="warning" message={t("policies.portal.objected", { text: e.objection })} />}
            </div>
          </List.Item>
        )}
      />
      {pending.length > 0 && (
        <div className="yw-policies-row">
          <Button onClick={() => setSelected(pending.map((e) => e.id))}>{t("policies.desk.selectAll")}</Button>
          <Button
            type="primary"
            disabled={selected.length === 0}
            loading={decide.isPending}
            data-testid="policies-confirm"
            onClick={() => submit({ confirm: selected, exclude: [] })}
          >
            {t("policies.desk.confirm", { count: selected.length })}
          </Button>
          <Input
            aria-label={t("policies.desk.reason")}
            placeholder={t("policies.desk.reason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            style={{ flex: "1 1 180px" }}
          />
          <Button
            danger
            disabled={selected.length === 0 || !reason.trim()}
            onClick={() => submit({ confirm: [], exclude: selected.map((id) => ({ id, reason: reason.trim() })) })}
          >
            {t("policies.desk.exclude")}
          </Button>
        </div>
      )}
    </div>
  );
}

function CreateBenefit() {
  const { t } = useTranslation();
  const create = useCreateBenefit();
  const errorText = useErrorText();
  const [doc, setDoc] = useState({ title: "", issuer: "", legalBasis: "", fullText: "" });
  const [issuedOn, setIssuedOn] = useState<Dayjs | null>(dayjs());
  const [benefit, setBenefit] = useState({
    title: "",
    target: "",
    channel: "no_application",
    budget: 1_000_000,
    decisionDays: 5,
  });
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().startOf("year"), dayjs().endOf("year")]);
  const [rule, setRule] = useState<RuleDraft>(EMPTY_RULE);
  const [error, setError] = useState<string | null>(null);
  return (
    <div data-testid="policies-create">
      <div className="yw-policies-row">
        <Input
          placeholder={t("policies.desk.docTitle")}
          aria-label={t("policies.desk.docTitle")}
          value={doc.title}
          onChange={(e) => setDoc({ ...doc, title: e.target.value })}
          style={{ flex: "2 1 240px" }}
        />
        <Input
          placeholder={t("policies.desk.issuer")}
          aria-label={t("policies.desk.issuer")}
          value={doc.issuer}
          onChange={(e) => setDoc({ ...doc, issuer: e.target.value })}
          style={{ flex: "1 1 160px" }}
        />
        <DatePicker value={issuedOn} onChange={setIssuedOn} aria-label={t("policies.desk.issuedOn")} />
      </div>
      <Input
        placeholder={t("policies.desk.legalBasis")}
        aria-label={t("policies.desk.legalBasis")}
        value={doc.legalBasis}
        onChange={(e) => setDoc({ ...doc, legalBasis: e.target.value })}
        style={{ marginTop: 8 }}
      />
      <Input.TextArea
        placeholder={t("policies.desk.fullText")}
        aria-label={t("policies.desk.fullText")}
        value={doc.fullText}
        onChange={(e) => setDoc({ ...doc, fullText: e.target.value })}
        style={{ marginTop: 8 }}
        rows={3}
      />
      <div className="yw-policies-row" style={{ marginTop: 8 }}>
        <Input
          placeholder={t("policies.desk.benefitTitle")}
          aria-label={t("policies.desk.benefitTitle")}
          value={benefit.title}
          onChange={(e) => setBenefit({ ...benefit, title: e.target.value })}
          style={{ flex: "2 1 240px" }}
        />
        <Input
          placeholder={t("policies.desk.target")}
          aria-label={t("policies.desk.target")}
          value={benefit.target}
          onChange={(e) => setBenefit({ ...benefit, target: e.target.value })}
          style={{ flex: "1 1 160px" }}
        />
        <Select
          aria-label={t("policies.desk.channel")}
          value={benefit.channel}
          onChange={(channel) => setBenefit({ ...benefit, channel })}
          options={(["no_application", "quick_application", "on_application"] as const).map((c) => ({
            value: c,
            label: t(`policies.channel.${c}`),
          }))}
          style={{ minWidth: 140 }}
        />
        <InputNumber
          aria-label={t("policies.desk.budgetLabel")}
          value={benefit.budget}
          min={0}
          onChange={(v) => setBenefit({ ...benefit, budget: Number(v ?? 0) })}
          addonAfter={t("policies.yuan")}
        />
        {benefit.channel === "quick_application" && (
          <InputNumber
            aria-label={t("policies.desk.decisionDays")}
            value={benefit.decisionDays}
            min={1}
            max={60}
            onChange={(v) => setBenefit({ ...benefit, decisionDays: Number(v ?? 5) })}
            addonAfter={t("policies.desk.workingDays")}
          />
        )}
        <DatePicker.RangePicker
          value={period}
          onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
          aria-label={t("policies.desk.period")}
        />
      </div>
      <div style={{ marginTop: 12 }}>
        <RuleEditor value={rule} onChange={setRule} />
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        loading={create.isPending}
        onClick={async () => {
          setError(null);
          try {
            await create.mutateAsync({
              document: { ...doc, issuedOn: (issuedOn ?? dayjs()).format("YYYY-MM-DD") },
              benefit: {
                ...benefit,
                channel: benefit.channel as Benefit["channel"],
                periodStart: period[0].format("YYYY-MM-DD"),
                periodEnd: period[1].format("YYYY-MM-DD"),
                ...toRuleEdit(rule),
              },
            });
            message.success(t("policies.desk.created"));
          } catch (e) {
            setError(errorText(e));
          }
        }}
      >
        {t("policies.desk.createButton")}
      </Button>
    </div>
  );
}
