import { ArrowRightOutlined } from "@ant-design/icons";
import type { Stage, Step } from "@yiwang/contracts";
import { useTranslation } from "react-i18next";
import { useDeptName } from "./labels";

/**
 * The handling steps as a flow: one box per stage (受理 → 审查 → 决定) naming the department; a parallel
 * review group is one column of boxes under "并联审查", with a note of what a veto does (denies, or the lead
 * department decides). Left to right on wide screens, top to bottom on phones.
 */
export function FlowDiagram({ steps }: { steps: Step[] }) {
  const { t } = useTranslation();
  const deptName = useDeptName();
  const box = (s: Stage, key: string | number) => (
    <div key={key} className={`yw-flow-stage yw-flow-${s.stage}`}>
      <div className="yw-flow-stage-kind">{t(`catalog.guide.stage.${s.stage}`)}</div>
      <div className="yw-flow-stage-dept">{deptName(s.dept)}</div>
    </div>
  );
  return (
    <ol className="yw-flow" data-testid="flow" aria-label={t("catalog.guide.flow")}>
      {steps.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: steps are an ordered list without ids
        <li key={i} className="yw-flow-step">
          {i > 0 && <ArrowRightOutlined className="yw-flow-arrow" aria-hidden="true" />}
          {"parallel" in s ? (
            <div className="yw-flow-parallel">
              <div className="yw-flow-parallel-label">{t("catalog.guide.parallel")}</div>
              {s.parallel.map((b, j) => box(b, j))}
              <div className="yw-flow-parallel-note" data-testid="flow-veto">
                {t(`catalog.guide.veto.${s.onVeto ?? "deny"}`)}
              </div>
            </div>
          ) : (
            box(s, "one")
          )}
        </li>
      ))}
    </ol>
  );
}
