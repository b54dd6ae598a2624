import type { EvaluationFigures } from "@yiwang/contracts";
import { Table, type TableProps } from "antd";
import { useTranslation } from "react-i18next";

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(2)}%`);

/** Figures per group (department, item, channel, staff member or month) with the rates as percentages. */
export function StatsTable<T extends EvaluationFigures>({
  rows,
  label,
  rowKey,
  loading,
  labelTitle,
}: {
  rows: T[];
  label: (r: T) => string;
  rowKey: (r: T) => string;
  loading?: boolean;
  labelTitle: string;
}) {
  const { t } = useTranslation();
  const columns: TableProps<T>["columns"] = [
    { title: labelTitle, key: "label", render: (_: unknown, r) => label(r) },
    { title: t("evaluation.stats.total"), dataIndex: "total", align: "right" },
    {
      title: t("evaluation.stats.satisfactionRate"),
      key: "s",
      align: "right",
      render: (_: unknown, r) => pct(r.satisfactionRate),
    },
    { title: t("evaluation.stats.badRate"), key: "b", align: "right", render: (_: unknown, r) => pct(r.badRate) },
    {
      title: t("evaluation.stats.rectificationRate"),
      key: "r",
      align: "right",
      responsive: ["sm"],
      render: (_: unknown, r) => pct(r.rectificationRate),
    },
    {
      title: t("evaluation.stats.onTimeRate"),
      key: "o",
      align: "right",
      responsive: ["sm"],
      render: (_: unknown, r) => pct(r.onTimeRate),
    },
  ];
  return (
    <Table<T>
      size="middle"
      rowKey={rowKey}
      loading={loading}
      columns={columns}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: t("evaluation.stats.empty") }}
      scroll={{ x: true }}
    />
  );
}
