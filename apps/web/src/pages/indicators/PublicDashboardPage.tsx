import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { usePublicFigures } from "./api";
import { BarList, PngButton } from "./charts";
import "./indicators.css";

/**
 * /dashboard — 政务服务公开看板: the city's service figures of the last 30 days by department, aggregates
 * only (no case rows exist on this API). With `?embed=<token>` it shows what a signed embed allows, until
 * the embed expires. Large type: many readers are older citizens. Each chart saves as a PNG picture.
 */
export function PublicDashboardPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const [params] = useSearchParams();
  const figures = usePublicFigures(params.get("embed"));
  const data = figures.data;
  return (
    <div className="yw-ind-public">
      <PageHeading title={t("indicators.public.title")} subtitle={data ? `${data.from} — ${data.to}` : undefined} />
      {figures.error && <ErrorAlert error={figures.error} />}
      {data && (
        <>
          <div className="yw-ind-cards" data-testid="public-totals">
            {data.indicators.map((i) => (
              <div key={i.code} className="yw-ind-card">
                <div className="yw-ind-card-value">
                  {data.totals[i.code] === null || data.totals[i.code] === undefined
                    ? "—"
                    : `${Math.round((data.totals[i.code] as number) * 10) / 10}${i.unit === "%" ? "%" : ""}`}
                </div>
                <div className="yw-ind-card-label">{en ? i.nameEn : i.name}</div>
              </div>
            ))}
          </div>
          {data.by &&
            data.indicators.map((i) => {
              const bars = data.groups.map((g) => ({ key: g.key, label: g.label, value: g.values[i.code] ?? null }));
              const unit = i.unit === "%" ? "%" : "";
              const max = i.unit === "%" ? 100 : undefined;
              return (
                <Panel
                  key={i.code}
                  title={en ? i.nameEn : i.name}
                  extra={
                    <PngButton
                      data={bars}
                      unit={unit}
                      max={max}
                      title={`${en ? i.nameEn : i.name} · ${data.from} — ${data.to}`}
                      fileName={`${i.code}-${data.to}`}
                      label={t("indicators.ops.png")}
                      testId={`public-png-${i.code}`}
                    />
                  }
                >
                  <BarList unit={unit} max={max} data={bars} />
                </Panel>
              );
            })}
        </>
      )}
    </div>
  );
}
