import { Alert, Button, Collapse, Empty, Input, List, message, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { platformToday } from "../../shared/dates";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { useCalculator, useMyEntitlements, useObject } from "./api";
import { ExplanationList } from "./ExplanationList";
import { QuickApplyForm } from "./QuickApplyForm";
import "./policies.css";

/** /policies — 惠企政策: for the enterprise acted for, payment notices, its entitlements, and the 政策计算器. */
export function PoliciesPage() {
  return (
    <RequireLogin>
      <Policies />
    </RequireLogin>
  );
}

function Policies() {
  const { t } = useTranslation();
  const me = useMe();
  const acting = me.data?.actingFor ?? null;
  const calculator = useCalculator(acting !== null);
  const mine = useMyEntitlements(acting !== null);
  const object = useObject();
  const errorText = useErrorText();
  const [objection, setObjection] = useState<Record<string, string>>({});
  const entitlements = mine.data?.items ?? [];
  const paid = entitlements.filter((e) => e.status === "paid");
  // A benefit already applied for (or entitled) shows its record above, not the form again.
  const held = new Set(entitlements.filter((e) => e.status !== "withdrawn").map((e) => e.benefitId));
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("policies.portal.title")} subtitle={acting?.name ?? t("policies.portal.subtitle")} />
      {!acting && (
        <Alert
          type="info"
          showIcon
          message={t("policies.portal.needEnterprise")}
          description={<Link to="/account/enterprises">{t("policies.portal.switch")}</Link>}
        />
      )}
      {acting && (
        <>
          <Panel title={t("policies.portal.notices")}>
            {paid.length === 0 ? (
              <Empty description={t("policies.portal.noNotices")} />
            ) : (
              paid.map((e) => (
                <p key={e.id} className="yw-policies-notice" data-testid="policies-payment-notice">
                  {t(e.appliedAt ? "policies.portal.noticeApplied" : "policies.portal.notice", {
                    benefit: e.benefitTitle,
                    amount: e.amount.toLocaleString(),
                    reference: e.paymentRef,
                    date: e.paidAt ? platformToday(new Date(e.paidAt)) : "",
                  })}
                </p>
              ))
            )}
          </Panel>
          <Panel title={t("policies.portal.mine")}>
            <List
              loading={mine.isPending}
              dataSource={entitlements}
              locale={{ emptyText: <Empty description={t("policies.portal.noEntitlements")} /> }}
              renderItem={(e) => (
                <List.Item data-testid="policies-entitlement">
                  <div style={{ width: "100%" }}>
                    <div className="yw-policies-row">
                      <strong>{e.benefitTitle}</strong>
                      <Tag color={e.status === "paid" ? "green" : e.status === "excluded" ? "red" : "blue"}>
                        {t(`policies.status.${e.status}`)}
                      </Tag>
                      <span>{t("policies.amount", { amount: e.amount.toLocaleString() })}</span>
                    </div>
                    {e.reason && <p>{t("policies.reason", { reason: e.reason })}</p>}
                    {e.caseId && e.caseNumber && (
                      <p>
                        <Link to={`/cases/${e.caseId}`}>{t("policies.portal.case", { number: e.caseNumber })}</Link>
                      </p>
                    )}
                    {e.dueOn && e.status === "pending" && <p>{t("policies.portal.due", { date: e.dueOn })}</p>}
                    {e.bankAccount && <p>{t("policies.portal.paidTo", { account: e.bankAccount })}</p>}
                    <Collapse
                      items={[
                        {
                          key: "why",
                          label: t("policies.portal.why"),
                          children: <ExplanationList explanation={e.explanation} />,
                        },
                      ]}
                    />
                    {e.objection ? (
                      <>
                        <p>{t("policies.portal.objected", { text: e.objection })}</p>
                        {e.objectionAnswer && (
                          <p data-testid="policies-objection-answer">
                            {t(e.objectionUpheld ? "policies.portal.upheld" : "policies.portal.notUpheld", {
                              text: e.objectionAnswer,
                            })}
                          </p>
                        )}
                      </>
                    ) : e.status === "pending" ? null : (
                      <div className="yw-policies-row" style={{ marginTop: 8 }}>
                        <Input
                          aria-label={t("policies.portal.objection")}
                          placeholder={t("policies.portal.objection")}
                          value={objection[e.id] ?? ""}
                          onChange={(ev) => setObjection({ ...objection, [e.id]: ev.target.value })}
                          style={{ flex: "1 1 200px" }}
                        />
                        <Button
                          disabled={!objection[e.id]?.trim()}
                          loading={object.isPending}
                          onClick={async () => {
                            try {
                              await object.mutateAsync({ id: e.id, text: objection[e.id] as string });
                              message.success(t("policies.portal.objectionSent"));
                            } catch (err) {
                              message.error(errorText(err));
                            }
                          }}
                        >
                          {t("policies.portal.object")}
                        </Button>
                      </div>
                    )}
                  </div>
                </List.Item>
              )}
            />
          </Panel>
          <Panel title={t("policies.portal.calculator")}>
            <List
              loading={calculator.isPending}
              dataSource={calculator.data?.items ?? []}
              locale={{ emptyText: <Empty description={t("policies.portal.noBenefits")} /> }}
              renderItem={(i) => (
                <List.Item data-testid="policies-calculator-item">
                  <div style={{ width: "100%" }}>
                    <div className="yw-policies-row">
                      <strong>{i.title}</strong>
                      <Tag color={i.explanation.eligible ? "green" : "default"}>
                        {i.explanation.eligible ? t("policies.eligible") : t("policies.notEligible")}
                      </Tag>
                      <Tag>{t(`policies.channel.${i.channel}`)}</Tag>
                    </div>
                    <p>
                      {i.documentTitle} · {i.target}
                    </p>
                    <ExplanationList explanation={i.explanation} />
                    {i.channel === "quick_application" && i.explanation.eligible && !held.has(i.benefitId) && (
                      <QuickApplyForm benefitId={i.benefitId} />
                    )}
                  </div>
                </List.Item>
              )}
            />
          </Panel>
        </>
      )}
    </div>
  );
}
