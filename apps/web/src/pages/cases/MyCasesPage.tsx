import { AppstoreOutlined, FileSearchOutlined } from "@ant-design/icons";
import type { CaseStatus, CaseSummary } from "@yiwang/contracts";
import { Empty, Grid, Select, Table, type TableProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { LinkButton } from "../../shared/LinkButton";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { useMyCases } from "./api";
import { DeadlineCell, StatusTag } from "./CaseTags";
import "./cases.css";
import { STATUSES } from "./vocab";

const PAGE_SIZE = 20;

function MyCases() {
  const { t } = useTranslation();
  const me = useMe();
  const compact = !Grid.useBreakpoint().md;
  const [status, setStatus] = useState<CaseStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const list = useMyCases({ status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, me.data?.kind === "citizen");
  if (me.data && me.data.kind !== "citizen") return <Empty description={t("cases.mine.citizenOnly")} />;

  const columns: TableProps<CaseSummary>["columns"] = [
    {
      title: t("cases.fields.item"),
      key: "item",
      render: (_: unknown, c) => (
        <div>
          <Link to={`/cases/${c.id}`} className="yw-cell-strong" data-testid="my-case-link">
            {c.itemName}
          </Link>
          <div className="yw-cell-sub yw-mono">{c.number ?? t("cases.fields.noNumber")}</div>
          {c.enterpriseName && <div className="yw-cell-sub">{c.enterpriseName}</div>}
          {c.bundleApplicationId && (
            <div className="yw-cell-sub">
              <Link
                to={`/cases/bundles/${c.bundleApplicationId}`}
                data-testid="my-case-bundle"
                title={t("cases.bundle.open")}
              >
                <AppstoreOutlined /> {t("cases.bundle.partOf")}
              </Link>
            </div>
          )}
          {compact && (
            <div className="yw-case-compact">
              <StatusTag status={c.status} />
              <DeadlineCell deadline={c.deadline} />
            </div>
          )}
        </div>
      ),
    },
    {
      title: t("cases.fields.status"),
      key: "status",
      responsive: ["md"],
      render: (_: unknown, c) => <StatusTag status={c.status} />,
    },
    {
      title: t("cases.fields.deadline"),
      key: "deadline",
      responsive: ["md"],
      render: (_: unknown, c) => <DeadlineCell deadline={c.deadline} />,
    },
    {
      title: t("cases.fields.updatedAt"),
      key: "updatedAt",
      responsive: ["lg"],
      render: (_: unknown, c) => <span className="yw-cell-sub">{formatPlatformDateTime(c.updatedAt)}</span>,
    },
  ];

  return (
    <Panel>
      <div className="yw-toolbar yw-case-toolbar">
        <Select
          allowClear
          placeholder={t("cases.mine.allStatuses")}
          aria-label={t("cases.fields.status")}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))}
          className="yw-case-filter"
        />
      </div>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          size={compact ? "small" : "middle"}
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          data-testid="my-cases"
          locale={{
            emptyText: (
              <Empty description={t("cases.mine.empty")}>
                <LinkButton to="/services" type="primary" icon={<FileSearchOutlined />}>
                  {t("cases.mine.findService")}
                </LinkButton>
              </Empty>
            ),
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            hideOnSinglePage: true,
          }}
        />
      )}
    </Panel>
  );
}

/** /cases — 我的办件: the signed-in person's applications (or the enterprise's, when acting for one). */
export function MyCasesPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("cases.mine.title")} subtitle={t("cases.mine.subtitle")} />
      <RequireLogin>
        <MyCases />
      </RequireLogin>
    </div>
  );
}
