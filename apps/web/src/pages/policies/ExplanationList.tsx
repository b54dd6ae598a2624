import { CheckCircleFilled, CloseCircleFilled } from "@ant-design/icons";
import type { Explanation } from "@yiwang/contracts";
import { FACT_CATALOGUE } from "@yiwang/contracts/vocabularies";
import { useTranslation } from "react-i18next";

const FACTS = new Map(FACT_CATALOGUE.map((f) => [f.name, f]));

/** "Why (not)": every condition with the enterprise's value, held or not — for staff and for the enterprise. */
export function ExplanationList({ explanation }: { explanation: Explanation }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const show = (v: unknown) =>
    v === null || v === undefined ? t("policies.unknown") : Array.isArray(v) ? v.join(" / ") : String(v);
  return (
    <ul className="yw-policies-explanation" data-testid="policies-explanation">
      {explanation.conditions.map((c) => {
        const fact = FACTS.get(c.fact);
        const name = fact ? (en ? fact.label.en : fact.label.zh) : c.fact;
        const unit = fact?.unit ? (en ? fact.unit.en : fact.unit.zh) : "";
        const held = c.negated ? !c.passed : c.passed;
        return (
          <li key={c.path} data-testid="policies-condition" data-held={held}>
            {held ? (
              <CheckCircleFilled style={{ color: "#389e0d" }} aria-label={t("policies.held")} />
            ) : (
              <CloseCircleFilled style={{ color: "#cf1322" }} aria-label={t("policies.notHeld")} />
            )}{" "}
            <strong>
              {c.label ??
                `${name} ${t(`policies.operator.${c.operator as "eq"}`)}${c.negated ? t("policies.negated") : ""} ${show(c.value)}${unit}`}
            </strong>
            <span className="yw-policies-actual">
              {t("policies.actual", { name, value: `${show(c.actual)}${c.actual === null ? "" : unit}` })}
            </span>
          </li>
        );
      })}
      {explanation.eligible && explanation.amount !== null && (
        <li className="yw-policies-amount">{t("policies.amount", { amount: explanation.amount.toLocaleString() })}</li>
      )}
      {explanation.amountError && <li>{t("policies.amountError", { error: explanation.amountError })}</li>}
    </ul>
  );
}
