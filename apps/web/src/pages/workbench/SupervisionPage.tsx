import type { CaseSummary, DeadlineLight } from "@yiwang/contracts";
import { Alert, Grid, Select, Table, type TableProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { departmentName } from "../../shared/departmentName";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useDepartments } from "../../shared/queries";
import { hasRole, RequireLogin, useMe } from "../../shared/session";
import { useSupervision } from "../cases/api";
import { DeadlineCell, StatusTag } from "../cases/CaseTags";
import { LIGHTS } from "../cases/vocab";
import "../cases/cases.css";

const PAGE_SIZE = 50;

function Supervision() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const compact = !Grid.useBreakpoint().md;
  const supervisor = hasRole(me.data, "supervisor");
  const allowed = supervisor || hasRole(me.data, "dept_admin");
  const [light, setLight] = useState<DeadlineLight | undefined>(undefined);
  const [dept, setDept] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const departments = useDepartments({ limit: 500, offset: 0 });
  const list = useSupervision({ light, dept, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, allowed);
  if (me.data && !allowed) return <Alert type="warning" showIcon message={t("cases.supervision.notAllowed")} />;

  const columns: TableProps<CaseSummary>["columns"] = [
    {
      title: t("cases.fields.case"),
      key: "case",
      render: (_: unknown, c) => (
        <div>
          <Link to={`/workbench/cases/${c.id}`} className="yw-cell-strong">
            {c.number ?? t("cases.fields.noNumber")}
          </Link>
          <div className="yw-cell-sub">{c.itemName}</div>
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
      title: t("cases.fields.applicant"),
      key: "applicant",
      responsive: ["lg"],
      render: (_: unknown, c) => c.enterpriseName ?? c.applicantName,
    },
    {
      title: t("cases.fields.stage"),
      key: "stage",
      responsive: ["md"],
      render: (_: unknown, c) => (
        <>
          <StatusTag status={c.status} />
          {c.stage && <div className="yw-cell-sub">{t(`cases.stage.${c.stage}`)}</div>}
        </>
      ),
    },
    {
      title: t("cases.fields.deadline"),
      key: "deadline",
      responsive: ["md"],
      render: (_: unknown, c) => <DeadlineCell deadline={c.deadline} />,
    },
    {
      title: t("cases.fields.escalation"),
      key: "escalation",
      responsive: ["lg"],
      render: (_: unknown, c) =>
        c.deadline.escalationLevel > 0 ? t("cases.deadline.escalation", { level: c.deadline.escalationLevel }) : "—",
    },
  ];

  return (
    <Panel>
      <div className="yw-inbox-filters">
        <Select
          allowClear
          placeholder={t("cases.supervision.allLights")}
          aria-label={t("cases.fields.deadline")}
          value={light}
          onChange={(v) => {
            setLight(v);
            setPage(1);
          }}
          options={LIGHTS.map((l) => ({ value: l, label: t(`cases.light.${l}`) }))}
          className="yw-case-filter"
        />
        {supervisor && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t("cases.supervision.allDepts")}
            aria-label={t("cases.supervision.dept")}
            value={dept}
            onChange={(v) => {
              setDept(v);
              setPage(1);
            }}
            options={(departments.data?.items ?? []).map((d) => ({
              value: d.key,
              label: departmentName(d, i18n.resolvedLanguage),
            }))}
            className="yw-supervision-dept"
          />
        )}
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
          data-testid="supervision-table"
          rowClassName={(c) => `yw-inbox-row-${c.deadline.light}`}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (total) => t("cases.inbox.total", { count: total }),
          }}
        />
      )}
    </Panel>
  );
}

/** /workbench/supervision — 督办: open cases by deadline light, the department's (dept admin) or all (supervisor). */
export function SupervisionPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("cases.supervision.title")}
        subtitle={t("cases.supervision.subtitle")}
        trail={[{ title: t("workbench.title"), to: "/workbench" }]}
      />
      <RequireLogin kind="staff">
        <Supervision />
      </RequireLogin>
    </div>
  );
}
