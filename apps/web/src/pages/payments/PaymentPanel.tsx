import { DownloadOutlined, PayCircleOutlined } from "@ant-design/icons";
import type { PaymentOrder } from "@yiwang/contracts";
import { Alert, Button, Descriptions, Skeleton, Tag } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { LinkButton } from "../../shared/LinkButton";
import { Panel } from "../../shared/Panel";
import { receiptHref, useCasePayment, yuan } from "./api";
import "./payments.css";

/**
 * 缴费 on the case page (issue 15): the payment order (缴款通知书) raised with the approval — 缴款码, amount,
 * due date, the fee lines with their basis and 减免 — with 去支付 for the applicant while unpaid, the overdue
 * flag for the clerk, and the sealed receipt (电子缴款凭证) once paid. Nothing when the case charges nothing.
 */
export function PaymentPanel({ caseId, staff = false }: { caseId: string; staff?: boolean }) {
  const { t } = useTranslation();
  const q = useCasePayment(caseId);
  if (q.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const order = q.data.order;
  if (!order) return null;
  return (
    <Panel title={t("payments.title")} icon={<PayCircleOutlined />} extra={<StatusTag order={order} />}>
      <div data-testid="payment-panel" className="yw-payment">
        {order.status === "unpaid" && (
          <Alert
            type={order.overdue ? "warning" : "info"}
            showIcon
            message={
              order.overdue
                ? t(staff ? "payments.overdueStaff" : "payments.overdueNote")
                : t(staff ? "payments.unpaidStaff" : "payments.unpaidNote")
            }
          />
        )}
        <Facts order={order} />
        <ul className="yw-payment-lines">
          {order.lines.map((l) => (
            <li key={l.name}>
              <strong>{l.name}</strong> {t("payments.yuan", { amount: yuan(l.amountFen) })}
              <div className="yw-cell-sub">{l.basis}</div>
              {l.exemption && <div className="yw-cell-sub">{t("payments.exemption", { text: l.exemption })}</div>}
            </li>
          ))}
        </ul>
        {order.status === "unpaid" && !staff && (
          <LinkButton type="primary" block to={`/pay/${order.id}`} data-testid="pay-button">
            {t("payments.pay")}
          </LinkButton>
        )}
        {order.status === "paid" && (
          <Button block icon={<DownloadOutlined />} href={receiptHref(order.id)} data-testid="receipt-link">
            {t("payments.receipt")}
          </Button>
        )}
      </div>
    </Panel>
  );
}

function StatusTag({ order }: { order: PaymentOrder }) {
  const { t } = useTranslation();
  return (
    <span>
      <Tag color={order.status === "paid" ? "green" : "gold"}>{t(`payments.status.${order.status}`)}</Tag>
      {order.overdue && <Tag color="red">{t("payments.overdue")}</Tag>}
    </span>
  );
}

function Facts({ order }: { order: PaymentOrder }) {
  const { t } = useTranslation();
  const rows: { key: string; label: string; children: ReactNode }[] = [
    { key: "code", label: t("payments.code"), children: <span className="yw-mono">{order.code}</span> },
    { key: "amount", label: t("payments.amount"), children: t("payments.yuan", { amount: yuan(order.amountFen) }) },
    { key: "due", label: t("payments.dueDate"), children: order.dueDate },
    { key: "dept", label: t("payments.department"), children: order.departmentName },
  ];
  if (order.receiptNumber)
    rows.push({
      key: "receipt",
      label: t("payments.receiptNumber"),
      children: <span className="yw-mono">{order.receiptNumber}</span>,
    });
  return <Descriptions column={1} size="small" items={rows} />;
}
