import type { OpendataApplication } from "@yiwang/contracts";
import { Button, Empty, Input, message, Space, Spin, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { useDecide, useDepartmentApplications, useRevoke } from "./api";
import "./opendata.css";

const STATUS_COLOR = { pending: "gold", approved: "green", refused: "red", revoked: "default" } as const;

/** One application with the publisher's decision: approve (agreement, validity), refuse, or revoke an approval. */
function Review({ a }: { a: OpendataApplication }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const decide = useDecide();
  const revoke = useRevoke();
  const [agreement, setAgreement] = useState("");
  const [until, setUntil] = useState("");
  const [reason, setReason] = useState("");
  const run = async (p: Promise<unknown>) => {
    try {
      await p;
      message.success(t("opendata.publisher.done"));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <div className="yw-od-result" data-testid="opendata-review">
      <h3>
        <Link to={`/opendata/${a.datasetName}`}>{a.datasetName}</Link>{" "}
        <Tag color={STATUS_COLOR[a.status]}>{t(`opendata.my.status.${a.status}`)}</Tag>
      </h3>
      <p className="yw-muted">{formatPlatformDateTime(a.createdAt)}</p>
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
      {a.status === "pending" && (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Input
            size="large"
            value={agreement}
            onChange={(e) => setAgreement(e.target.value)}
            placeholder={t("opendata.publisher.agreement")}
            aria-label={t("opendata.publisher.agreement")}
          />
          {/* The browser's own date field: a phone shows its native picker, and typing works everywhere. */}
          <Input
            type="date"
            size="large"
            value={until}
            onChange={(e) => setUntil(e.target.value)}
            aria-label={t("opendata.my.validUntil")}
            style={{ maxWidth: 240 }}
          />
          <Space wrap>
            <Button
              type="primary"
              size="large"
              disabled={!agreement.trim() || !until}
              loading={decide.isPending}
              onClick={() =>
                run(
                  decide.mutateAsync({
                    id: a.id,
                    approve: true,
                    agreement: agreement.trim(),
                    validUntil: until,
                  }),
                )
              }
            >
              {t("opendata.publisher.approve")}
            </Button>
          </Space>
        </Space>
      )}
      {(a.status === "pending" || a.status === "approved") && (
        <Space wrap style={{ marginTop: 8 }}>
          <Input
            size="large"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t("opendata.publisher.reason")}
            aria-label={t("opendata.publisher.reason")}
            style={{ minWidth: 260 }}
          />
          {a.status === "pending" ? (
            <Button
              size="large"
              danger
              disabled={!reason.trim()}
              onClick={() => run(decide.mutateAsync({ id: a.id, approve: false, reason: reason.trim() }))}
            >
              {t("opendata.publisher.refuse")}
            </Button>
          ) : (
            <Button
              size="large"
              danger
              disabled={!reason.trim()}
              onClick={() => run(revoke.mutateAsync({ id: a.id, reason: reason.trim() }))}
            >
              {t("opendata.publisher.revoke")}
            </Button>
          )}
        </Space>
      )}
    </div>
  );
}

function Applications() {
  const { t } = useTranslation();
  const list = useDepartmentApplications();
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <Spin />;
  if (list.data.items.length === 0) return <Empty description={t("opendata.publisher.empty")} />;
  return (
    <Panel title={t("opendata.publisher.applications")}>
      {list.data.items.map((a) => (
        <Review key={a.id} a={a} />
      ))}
    </Panel>
  );
}

/** /workbench/opendata — the publishing department's 有条件开放 applications: approve, refuse, revoke. */
export function PublisherPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page yw-od-page">
      <PageHeading
        title={t("opendata.publisher.title")}
        subtitle={t("opendata.publisher.subtitle")}
        trail={[{ title: t("nav.workbench"), to: "/workbench" }]}
      />
      <RequireLogin kind="staff">
        <Applications />
      </RequireLogin>
      <p>
        <Link to="/opendata/stats">{t("opendata.stats.title")}</Link>
      </p>
    </div>
  );
}
