import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { Explanation, RuleEdit } from "@yiwang/contracts";
import { CONDITION_OPERATORS, FACT_CATALOGUE } from "@yiwang/contracts/vocabularies";
import { Alert, Button, Input, Radio, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "../../shared/useErrorText";
import { useTestRule } from "./api";
import { ExplanationList } from "./ExplanationList";

/** One row of the form-based editor: a fact, an operator, a value (a list for in / not in, comma-separated). */
export interface ConditionRow {
  fact: string;
  operator: string;
  value: string;
  label: string;
}

export interface RuleDraft {
  combinator: "all" | "any";
  conditions: ConditionRow[];
  amountFormula: string;
}

const FACTS = new Map(FACT_CATALOGUE.map((f) => [f.name, f]));

/** The draft as the rules the server validates (it names the rule and path of any problem). */
export function toRuleEdit(d: RuleDraft): RuleEdit {
  const leaf = (c: ConditionRow) => {
    const number = FACTS.get(c.fact)?.type === "number";
    const one = (v: string) => (number && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v.trim());
    const list = c.operator === "in" || c.operator === "notIn";
    return {
      fact: c.fact,
      operator: c.operator,
      value: list ? c.value.split(/[,，、]/).map(one) : one(c.value),
      ...(c.label.trim() ? { label: c.label.trim() } : {}),
    };
  };
  return { rules: { conditions: { [d.combinator]: d.conditions.map(leaf) } }, amountFormula: d.amountFormula };
}

export function RuleEditor({ value, onChange }: { value: RuleDraft; onChange: (d: RuleDraft) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const test = useTestRule();
  const errorText = useErrorText();
  const [uscc, setUscc] = useState("");
  const [result, setResult] = useState<Explanation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (i: number, patch: Partial<ConditionRow>) =>
    onChange({ ...value, conditions: value.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  return (
    <div data-testid="policies-rule-editor">
      <Radio.Group
        value={value.combinator}
        onChange={(e) => onChange({ ...value, combinator: e.target.value })}
        options={[
          { value: "all", label: t("policies.editor.all") },
          { value: "any", label: t("policies.editor.any") },
        ]}
        style={{ marginBottom: 8 }}
      />
      {value.conditions.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
        <div className="yw-policies-condition" key={i} data-testid="policies-condition-row">
          <Select
            aria-label={t("policies.editor.fact")}
            value={c.fact}
            onChange={(fact) => set(i, { fact })}
            options={FACT_CATALOGUE.map((f) => ({ value: f.name, label: en ? f.label.en : f.label.zh }))}
          />
          <Select
            aria-label={t("policies.editor.operator")}
            value={c.operator}
            onChange={(operator) => set(i, { operator })}
            options={CONDITION_OPERATORS.map((o) => ({ value: o, label: t(`policies.operator.${o}`) }))}
          />
          <Input
            aria-label={t("policies.editor.value")}
            value={c.value}
            onChange={(e) => set(i, { value: e.target.value })}
            data-testid="policies-condition-value"
          />
          <Button
            aria-label={t("policies.editor.remove")}
            icon={<DeleteOutlined />}
            onClick={() => onChange({ ...value, conditions: value.conditions.filter((_, j) => j !== i) })}
          />
          <Input
            aria-label={t("policies.editor.label")}
            placeholder={t("policies.editor.label")}
            value={c.label}
            onChange={(e) => set(i, { label: e.target.value })}
            style={{ gridColumn: "1 / -1" }}
          />
        </div>
      ))}
      <Button
        icon={<PlusOutlined />}
        onClick={() =>
          onChange({
            ...value,
            conditions: [...value.conditions, { fact: "registeredCapital", operator: "gte", value: "", label: "" }],
          })
        }
      >
        {t("policies.editor.add")}
      </Button>
      <div style={{ marginTop: 12 }}>
        <div>{t("policies.editor.formula")}</div>
        <Input
          aria-label={t("policies.editor.formula")}
          value={value.amountFormula}
          onChange={(e) => onChange({ ...value, amountFormula: e.target.value })}
          data-testid="policies-formula"
        />
      </div>
      <p style={{ color: "rgba(0,0,0,0.6)" }}>{t("policies.editor.formulaHint")}</p>
      <div className="yw-policies-row">
        <Input
          aria-label={t("policies.editor.testUscc")}
          placeholder={t("policies.editor.testUscc")}
          value={uscc}
          onChange={(e) => setUscc(e.target.value)}
          style={{ flex: "1 1 220px" }}
          data-testid="policies-test-uscc"
        />
        <Button
          loading={test.isPending}
          data-testid="policies-test-run"
          onClick={async () => {
            setError(null);
            setResult(null);
            try {
              setResult(await test.mutateAsync({ ...toRuleEdit(value), uscc: uscc.trim() }));
            } catch (e) {
              setError(errorText(e));
            }
          }}
        >
          {t("policies.editor.test")}
        </Button>
      </div>
      {error && (
        <Alert type="error" showIcon message={error} data-testid="policies-rule-error" style={{ marginTop: 8 }} />
      )}
      {result && (
        <div data-testid="policies-test-result">
          <strong>{result.eligible ? t("policies.eligible") : t("policies.notEligible")}</strong>
          <ExplanationList explanation={result} />
        </div>
      )}
    </div>
  );
}
