import { Button, Empty, Spin, Tag } from "antd";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useDrawRecord, usePlanActions, usePlans } from "./api";
import "./supervision.css";

// The dashboard carries ECharts: a chunk of its own, loaded with this (already lazy) page's first render.
const DashboardSection = lazy(() => import("./DashboardSection"));

/** The public record of a draw with its verification recipe. */
function DrawPanel({ id }: { id: string }) {
  const { t } = useTranslation();
  const record = useDrawRecord(id);
  if (record.error) return <ErrorAlert error={record.error} />;
  if (!record.data) return <Spin />;
  const d = record.data;
  return (
    <div className="yw-sv-draw" data-testid="draw-record">
      <dl>
        <dt>{t("supervision.plans.algorithm")}</dt>
        <dd>{d.algorithm}</dd>
        <dt>{t("supervision.plans.rosterHash")}</dt>
        <dd className="yw-sv-hash">{d.rosterHash}</dd>
        <dt>{t("supervision.plans.beacon")}</dt>
        <dd>{d.beaconTreeSize ?? "—"}</dd>
        <dt>{t("supervision.plans.seed")}</dt>
        <dd className="yw-sv-hash">{d.seed ?? t("supervision.plans.seedPending")}</dd>
        <dt>{t("supervision.plans.rosters")}</dt>
        <dd>{t("supervision.plans.rosterSizes", { targets: d.targets.length, inspectors: d.inspectors.length })}</dd>
      </dl>
      {d.result && <p>{t("supervision.plans.drawn", { count: d.result.targets.length })}</p>}
      <h4>{t("supervision.plans.recipe")}</h4>
      <p className="yw-sv-recipe">{d.recipe}</p>
      <a href={`/api/supervision/draws/${d.id}`} target="_blank" rel="noreferrer">
        {t("supervision.plans.download")}
      </a>
    </div>
  );
}

/** /workbench/supervision/plans — 双随机 plans: commit the rosters, draw once the seed exists, the public record. */
export function PlansPage() {
  return (
    <RequireLogin kind="staff">
      <Plans />
    </RequireLogin>
  );
}

function Plans() {
  const { t } = useTranslation();
  const plans = usePlans();
  const actions = usePlanActions();
  const [open, setOpen] = useState<string | null>(null);
  const error = actions.commit.error ?? actions.draw.error;
  return (
    <div className="yw-container yw-page yw-sv-page">
      <PageHeading title={t("supervision.plans.title")} subtitle={t("supervision.plans.subtitle")} />
      {plans.error && <ErrorAlert error={plans.error} onRetry={() => plans.refetch()} />}
      {error && <ErrorAlert error={error} />}
      {plans.isLoading ? (
        <Spin />
      ) : plans.data?.items.length ? (
        <ul className="yw-sv-plans">
          {plans.data.items.map((p) => (
            <li key={p.id} data-testid="plan">
              <Panel title={p.name}>
                <p>
                  <Tag>{t(`supervision.plans.status.${p.status}`)}</Tag>
                  {p.departmentIds.length > 1 && <Tag color="purple">{t("supervision.plans.joint")}</Tag>}
                </p>
                {p.status === "draft" && (
                  <Button size="large" data-testid="plan-commit" onClick={() => actions.commit.mutate(p.id)}>
                    {t("supervision.plans.commit")}
                  </Button>
                )}
                {p.status === "committed" && (
                  <Button type="primary" size="large" data-testid="plan-draw" onClick={() => actions.draw.mutate(p.id)}>
                    {t("supervision.plans.draw")}
                  </Button>
                )}
                {p.drawId && (
                  <Button type="link" onClick={() => setOpen(open === p.drawId ? null : p.drawId)}>
                    {t("supervision.plans.record")}
                  </Button>
                )}
                {p.drawId && open === p.drawId && <DrawPanel id={p.drawId} />}
              </Panel>
            </li>
          ))}
        </ul>
      ) : (
        <Empty description={t("supervision.plans.none")} />
      )}
      <Suspense fallback={<Spin />}>
        <DashboardSection />
      </Suspense>
    </div>
  );
}
