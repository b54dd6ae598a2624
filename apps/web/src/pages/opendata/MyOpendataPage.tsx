import type { OpendataApiKey } from "@yiwang/contracts";
import { Alert, Button, Empty, Spin, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useMyApplications, useTakeKey } from "./api";
import "./opendata.css";

const STATUS_COLOR = { pending: "gold", approved: "green", refused: "red", revoked: "default" } as const;

function MyApplications() {
  const { t } = useTranslation();
  const mine = useMyApplications();
  const take = useTakeKey();
  // The key is shown once, here, and never again: only its hash is stored.
  const [issued, setIssued] = useState<(OpendataApiKey & { applicationId: string }) | null>(null);
  if (mine.isError) return <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!mine.data) return <Spin />;
  if (mine.data.items.length === 0)
    return (
      <Empty description={t("opendata.my.empty")}>
        <Link to="/opendata?openLevel=conditional">{t("opendata.my.browse")}</Link>
      </Empty>
    );
  return (
    <div data-testid="opendata-my">
      {mine.data.items.map((a) => (
        <Panel key={a.id} title={a.datasetName}>
          <div className="yw-od-result" data-testid="opendata-application">
            <p>
              <Tag color={STATUS_COLOR[a.status]}>{t(`opendata.my.status.${a.status}`)}</Tag>
              <span className="yw-muted">{formatPlatformDateTime(a.createdAt)}</span>
            </p>
            <p>
              {t("opendata.purpose")}：{a.purpose}
            </p>
            <p>
              {t("opendata.scenario")}：{a.scenario}
            </p>
            {a.agreement && (
              <p>
                {t("opendata.my.agreement")}：{a.agreement} · {t("opendata.my.validUntil")} {a.validUntil}
              </p>
            )}
            {a.keyPrefix && (
              <p>
                {t("opendata.my.currentKey")}：<code>{a.keyPrefix}…</code>
              </p>
            )}
            {issued?.applicationId === a.id ? (
              <Alert
                type="warning"
                showIcon
                message={t("opendata.my.keyOnce")}
                description={
                  <code className="yw-od-key" data-testid="opendata-key">
                    {issued.key}
                  </code>
                }
              />
            ) : (
              a.status === "approved" && (
                <Button
                  size="large"
                  loading={take.isPending && take.variables === a.id}
                  onClick={() => take.mutate(a.id, { onSuccess: (key) => setIssued({ ...key, applicationId: a.id }) })}
                >
                  {a.keyPrefix ? t("opendata.my.newKey") : t("opendata.my.takeKey")}
                </Button>
              )
            )}
            {take.isError && take.variables === a.id && <ErrorAlert error={take.error} />}
            <p>
              <Link to={`/opendata/${a.datasetName}`}>{t("opendata.my.openDataset")}</Link>
            </p>
          </div>
        </Panel>
      ))}
    </div>
  );
}

/** /opendata/my — 我的开放申请: each application's state, the agreement and validity, the API key (shown once). */
export function MyOpendataPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page yw-od-page">
      <PageHeading
        title={t("opendata.myApplications")}
        subtitle={t("opendata.my.subtitle")}
        trail={[{ title: t("opendata.title"), to: "/opendata" }]}
      />
      <RequireLogin>
        <MyApplications />
      </RequireLogin>
    </div>
  );
}
