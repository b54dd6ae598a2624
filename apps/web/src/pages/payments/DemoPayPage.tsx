import { Alert, Button, Descriptions, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { LinkButton } from "../../shared/LinkButton";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useDemoPay, usePaymentOrder, yuan } from "./api";
import "./payments.css";

/**
 * /pay/:id — the demo payment system's page (what a bank or the non-tax system's cashier page would be):
 * the order and one 支付 button; paying returns to the case, which then shows the receipt.
 */
export function DemoPayPage() {
  return (
    <div className="yw-container yw-page yw-pay">
      <RequireLogin>
        <DemoPay id={useParams().id ?? ""} />
      </RequireLogin>
    </div>
  );
}

function DemoPay({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = usePaymentOrder(id);
  const pay = useDemoPay(id);
  if (q.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const order = q.data;
  const back = `/cases/${order.caseId}`;
  return (
    <>
      <PageHeading title={t("payments.demo.title")} trail={[{ title: t("cases.mine.title"), to: "/cases" }]} />
      <Panel title={t("payments.order")}>
        <div data-testid="demo-pay">
          <Alert type="info" showIcon message={t("payments.demo.note")} />
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: "item", label: order.itemName, children: order.caseNumber },
              { key: "code", label: t("payments.code"), children: <span className="yw-mono">{order.code}</span> },
              { key: "payer", label: t("payments.payer"), children: order.payerName },
              {
                key: "amount",
                label: t("payments.amount"),
                children: t("payments.yuan", { amount: yuan(order.amountFen) }),
              },
              { key: "due", label: t("payments.dueDate"), children: order.dueDate },
            ]}
          />
          {pay.isError && <ErrorAlert error={pay.error} />}
          {order.status === "paid" ? (
            <>
              <Alert type="success" showIcon message={t("payments.demo.done")} data-testid="demo-paid" />
              <LinkButton type="primary" block to={back}>
                {t("payments.demo.back")}
              </LinkButton>
            </>
          ) : (
            <Button
              type="primary"
              block
              size="large"
              loading={pay.isPending}
              data-testid="demo-pay-confirm"
              onClick={() => pay.mutate(undefined, { onSuccess: () => navigate(back) })}
            >
              {t("payments.demo.confirm", { amount: yuan(order.amountFen) })}
            </Button>
          )}
        </div>
      </Panel>
    </>
  );
}
