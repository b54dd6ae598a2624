import type { CaseAction, CaseActionType, SpecialProcedureKind } from "@yiwang/contracts";
import { Empty, Timeline } from "antd";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../shared/dates";
import { DELIVER_METHODS, PROCEDURE_KINDS } from "./vocab";

const GOOD: readonly string[] = [
  "submitted",
  "accepted",
  "review_passed",
  "approved",
  "delivered",
  "supplement_answered",
];
const BAD: readonly string[] = ["refused", "review_vetoed", "denied", "withdrawn", "cancelled", "escalated"];
const WAIT: readonly string[] = ["supplement_requested", "suspended"];
/** Bookkeeping steps the applicant sees less prominently. */
const MINOR: readonly string[] = ["updated", "claimed", "released", "material_added", "material_removed"];

function color(type: CaseActionType): string {
  if (GOOD.includes(type)) return "green";
  if (BAD.includes(type)) return "red";
  if (WAIT.includes(type)) return "orange";
  if (MINOR.includes(type)) return "gray";
  return "blue";
}

/** Supplement items as the server records them in the action payload: [{material?, note}]. */
function payloadItems(payload: Record<string, unknown>): { material: string | null; note: string }[] {
  const items = payload.items;
  if (!Array.isArray(items)) return [];
  return items
    .filter((i): i is { material?: unknown; note: unknown } => typeof i === "object" && i !== null)
    .map((i) => ({
      material: typeof i.material === "string" && i.material ? i.material : null,
      note: typeof i.note === "string" ? i.note : "",
    }));
}

/** The case history (办理进度), oldest first: what happened, who did it, when, and what they wrote. */
export function CaseTimeline({ history, hideMinor = false }: { history: CaseAction[]; hideMinor?: boolean }) {
  const { t } = useTranslation();
  const actions = hideMinor ? history.filter((a) => !MINOR.includes(a.type)) : history;
  if (actions.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const actor = (a: CaseAction) =>
    a.actor.kind === "system" ? t("cases.timeline.system") : a.actor.name || t(`cases.timeline.actor.${a.actor.kind}`);
  return (
    <Timeline
      className="yw-case-timeline"
      data-testid="case-timeline"
      items={[...actions]
        .sort((a, b) => a.seq - b.seq)
        .map((a) => {
          const kind = typeof a.payload.kind === "string" ? a.payload.kind : null;
          const method = typeof a.payload.method === "string" ? a.payload.method : null;
          const items = payloadItems(a.payload);
          const material = typeof a.payload.material === "string" ? a.payload.material : null;
          return {
            key: a.seq,
            color: color(a.type),
            children: (
              <div className="yw-case-action" data-testid={`action-${a.type}`}>
                <div className="yw-case-action-head">
                  <strong>{t(`cases.action.${a.type}`)}</strong>
                  {kind && (PROCEDURE_KINDS as readonly string[]).includes(kind) && (
                    <span> · {t(`cases.procedure.${kind as SpecialProcedureKind}`)}</span>
                  )}
                  {method && (DELIVER_METHODS as readonly string[]).includes(method) && (
                    <span> · {t(`cases.deliverMethod.${method as "online"}`)}</span>
                  )}
                </div>
                <div className="yw-cell-sub">
                  {actor(a)}
                  {a.actingFor && ` · ${t("cases.timeline.forEnterprise")}`} · {formatPlatformDateTime(a.at)}
                </div>
                {material && (a.type === "material_added" || a.type === "material_removed") && (
                  <div className="yw-cell-sub">{material}</div>
                )}
                {a.comment && <div className="yw-case-action-comment">{a.comment}</div>}
                {items.length > 0 && (
                  <ul className="yw-case-action-items">
                    {items.map((i) => (
                      <li key={`${i.material ?? ""}-${i.note}`}>
                        {i.material && <strong>{i.material}：</strong>}
                        {i.note}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ),
          };
        })}
    />
  );
}
