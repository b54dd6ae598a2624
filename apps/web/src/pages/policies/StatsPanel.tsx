import type { PolicyStats } from "@yiwang/contracts";
import { Table } from "antd";
import { useTranslation } from "react-i18next";
import { useStats } from "./api";

type Row = PolicyStats["benefits"][number];

/** 兑现统计: matched, pushed, applied, paid, amounts and days from publication to payment, per benefit and overall. */
export function StatsPanel() {
  const { t } = useTranslation();
  const stats = useStats();
  const days = (v: number | null) => (v === null ? "—" : t("policies.stats.days", { days: v }));
  const overall: Row | null = stats.data
    ? {
        ...stats.data.overall,
        benefitId: "overall",
        title: t("policies.stats.overall"),
        channel: "no_application",
        budget: 0,
      }
    : null;
  return (
    <Table<Row>
      data-testid="policies-stats"
      size="small"
      rowKey="benefitId"
      loading={stats.isPending}
      pagination={false}
      scroll={{ x: true }}
      dataSource={[...(stats.data?.benefits ?? []), ...(overall ? [overall] : [])]}
      columns={[
        { title: t("policies.stats.benefit"), dataIndex: "title" },
        { title: t("policies.stats.matched"), dataIndex: "matched" },
        { title: t("policies.stats.pushed"), dataIndex: "pushed" },
        { title: t("policies.stats.applied"), dataIndex: "applied" },
        { title: t("policies.stats.paid"), dataIndex: "paid" },
        {
          title: t("policies.stats.paidAmount"),
          dataIndex: "paidAmount",
          render: (v: number) => v.toLocaleString(),
        },
        { title: t("policies.stats.objections"), dataIndex: "openObjections" },
        { title: t("policies.stats.median"), dataIndex: "medianDaysToPayment", render: days },
        { title: t("policies.stats.p90"), dataIndex: "p90DaysToPayment", render: days },
      ]}
    />
  );
}
