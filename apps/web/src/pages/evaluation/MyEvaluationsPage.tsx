import { Empty, List, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { useMyEvaluations } from "./api";
import "./evaluation.css";
import { levelKey } from "./vocab";

const PAGE_SIZE = 20;
const STATUS_COLOR = { open: "blue", evaluated: "green", expired: "default" } as const;

function Mine() {
  const { t } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState(1);
  const list = useMyEvaluations((page - 1) * PAGE_SIZE, PAGE_SIZE, me.data?.kind === "citizen");
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Panel>
      <List
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t("evaluation.mine.empty")} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
          showTotal: (total) => t("evaluation.mine.total", { total }),
        }}
        renderItem={(inv) => (
          <List.Item
            actions={[
              <Link key="go" to={`/evaluate/${inv.id}`} data-testid="my-evaluation-link">
                {inv.status === "open" ? t("evaluation.mine.go") : t("evaluation.mine.view")}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={inv.itemName}
              description={
                <>
                  <div className="yw-cell-sub">
                    {inv.departmentName} · {inv.subject.label} · {formatPlatformDateTime(inv.createdAt)}
                  </div>
                  <Tag color={STATUS_COLOR[inv.status]}>{t(`evaluation.mine.status.${inv.status}`)}</Tag>
                  {inv.evaluation && <Tag>{t(levelKey(inv.evaluation.level))}</Tag>}
                  {inv.rectification && <Tag>{t(`evaluation.rectificationStatus.${inv.rectification.status}`)}</Tag>}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Panel>
  );
}

/** /evaluations — 我的评价. */
export function MyEvaluationsPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("evaluation.mine.title")} subtitle={t("evaluation.mine.subtitle")} />
      <RequireLogin>
        <Mine />
      </RequireLogin>
    </div>
  );
}
