import type { SupervisionVisit } from "@yiwang/contracts";
import { Button, Empty, Radio, Spin, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { RequireLogin, useMe } from "../../shared/session";
import { useMyVisits, useVisitActions } from "./api";
import { RectificationPanel } from "./RectificationPanel";
import { SignaturePad } from "./SignaturePad";
import { VisitPhotos } from "./VisitPhotos";
import "./supervision.css";

type Outcome = "pass" | "fail" | "na";
type Result = "qualified" | "rectify" | "case";

function position(): Promise<{ lat: number; lng: number }> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error("no geolocation"));
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      reject,
      { timeout: 10_000, enableHighAccuracy: true },
    );
  });
}

/** One visit on the phone: start on site, the check list, the result and this inspector's confirmation. */
function Visit({ visit, me }: { visit: SupervisionVisit; me: string }) {
  const { t } = useTranslation();
  const actions = useVisitActions();
  const [outcomes, setOutcomes] = useState<Record<number, Outcome>>(() =>
    Object.fromEntries(visit.checklist.flatMap((c, i) => (c.outcome ? [[i, c.outcome]] : []))),
  );
  const [result, setResult] = useState<Result | undefined>(visit.result ?? undefined);
  const [geoError, setGeoError] = useState(false);
  const [signature, setSignature] = useState<string | null>(null);
  const error = actions.start.error ?? actions.checks.error ?? actions.confirm.error;
  const start = async () => {
    setGeoError(false);
    try {
      const p = await position();
      actions.start.mutate({ id: visit.id, ...p });
    } catch {
      setGeoError(true);
    }
  };
  const confirmed = visit.confirmations.includes(me);
  return (
    <li className="yw-sv-visit" data-testid="visit">
      <h3>{visit.targetName}</h3>
      <p className="yw-sv-code">{visit.targetUscc}</p>
      <Tag>{t(`supervision.inspect.status.${visit.status}`)}</Tag>
      {error && <ErrorAlert error={error} />}
      {geoError && <p role="alert">{t("supervision.inspect.noPosition")}</p>}
      {visit.status === "assigned" && (
        <Button
          type="primary"
          size="large"
          block
          data-testid="visit-start"
          onClick={start}
          loading={actions.start.isPending}
        >
          {t("supervision.inspect.start")}
        </Button>
      )}
      {visit.status !== "assigned" && (
        <ol className="yw-sv-checks">
          {visit.checklist.map((c, i) => (
            <li key={`${c.itemId}-${c.key}`} data-testid="visit-check">
              <p>{c.text}</p>
              <Radio.Group
                size="large"
                disabled={visit.status === "finished"}
                value={outcomes[i]}
                onChange={(e) => setOutcomes({ ...outcomes, [i]: e.target.value as Outcome })}
                optionType="button"
                options={(["pass", "fail", "na"] as const).map((o) => ({
                  value: o,
                  label: t(`supervision.inspect.outcome.${o}`),
                }))}
              />
            </li>
          ))}
        </ol>
      )}
      <VisitPhotos visitId={visit.id} open={visit.status !== "finished"} />
      {visit.status === "in_progress" && (
        <div className="yw-sv-confirm">
          <Radio.Group
            size="large"
            value={result}
            onChange={(e) => setResult(e.target.value as Result)}
            options={(["qualified", "rectify", "case"] as const).map((r) => ({
              value: r,
              label: t(`supervision.inspect.result.${r}`),
            }))}
            data-testid="visit-result"
          />
          <Button
            size="large"
            block
            data-testid="visit-save"
            loading={actions.checks.isPending}
            onClick={() =>
              actions.checks.mutate({
                id: visit.id,
                checks: Object.entries(outcomes).map(([index, outcome]) => ({ index: Number(index), outcome })),
              })
            }
          >
            {t("supervision.inspect.save")}
          </Button>
          {!confirmed && <SignaturePad onChange={setSignature} />}
          <Button
            type="primary"
            size="large"
            block
            disabled={!result || !signature || confirmed}
            data-testid="visit-confirm"
            loading={actions.confirm.isPending}
            onClick={() => result && signature && actions.confirm.mutate({ id: visit.id, result, signature })}
          >
            {confirmed ? t("supervision.inspect.confirmed") : t("supervision.inspect.confirm")}
          </Button>
          <p className="yw-sv-muted">{t("supervision.inspect.confirmations", { count: visit.confirmations.length })}</p>
        </div>
      )}
      {visit.status === "finished" && visit.result && (
        <p data-testid="visit-finished">
          {t(`supervision.inspect.result.${visit.result}`)} ·{" "}
          {visit.publishedAt
            ? t("supervision.inspect.published")
            : t("supervision.inspect.publishBy", { date: visit.publishBy })}
        </p>
      )}
      {visit.rectification && <RectificationPanel rect={visit.rectification} canRecheck />}
    </li>
  );
}

/** /inspect — the inspector's phone page: visits drawn for me. */
export function InspectPage() {
  return (
    <RequireLogin kind="staff">
      <InspectVisits />
    </RequireLogin>
  );
}

function InspectVisits() {
  const { t } = useTranslation();
  const me = useMe().data?.id ?? "";
  const visits = useMyVisits();
  return (
    <div className="yw-container yw-page yw-sv-page">
      <PageHeading title={t("supervision.inspect.title")} subtitle={t("supervision.inspect.subtitle")} />
      {visits.error && <ErrorAlert error={visits.error} onRetry={() => visits.refetch()} />}
      {visits.isLoading ? (
        <Spin />
      ) : visits.data?.items.length ? (
        <ul className="yw-sv-visits">
          {visits.data.items.map((v) => (
            <Visit
              key={`${v.id}-${v.status}-${v.confirmations.length}-${v.rectification?.status}-${v.rectification?.round}`}
              visit={v}
              me={me}
            />
          ))}
        </ul>
      ) : (
        <Empty description={t("supervision.inspect.none")} />
      )}
    </div>
  );
}
