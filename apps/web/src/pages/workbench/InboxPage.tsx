import { ReloadOutlined } from "@ant-design/icons";
import type { DeadlineLight, InboxEntry, TaskStage } from "@yiwang/contracts";
import { Alert, Button, Grid, Input, Segmented, Select, Table, type TableProps, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { type InboxFilter, useInbox } from "../cases/api";
import { DeadlineCell, StatusTag } from "../cases/CaseTags";
import { STAGES } from "../cases/vocab";
import "../cases/cases.css";

const PAGE_SIZE = 20;
type Scope = InboxFilter["scope"];

function Inbox() {
  const { t } = useTranslation();
  const me = useMe();
  const compact = !Grid.useBreakpoint().md;
  const staff = me.data?.kind === "staff";
  const [scope, setScope] = useState<Scope>("open");
  const [stage, setStage] = useState<TaskStage | undefined>(undefined);
  const [light, setLight] = useState<DeadlineLight | undefined>(undefined);
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const inbox = useInbox(
    { scope, stage, light, q: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
    staff,
  );
  if (me.data && !staff) return <Alert type="warning" showIcon message={t("cases.inbox.staffOnly")} />;

  const counts = inbox.data?.counts;
  const lightButton = (l: "red" | "yellow" | "green") => (
    <Tag.CheckableTag
      key={l}
      checked={light === l}
      onChange={(on) => {
        setLight(on ? l : undefined);
        setPage(1);
      }}
      className={`yw-inbox-count yw-inbox-count-${l}`}
      data-testid={`inbox-count-${l}`}
    >
      <span className={`yw-light-dot yw-light-${l}`} aria-hidden="true" />
      {t(`cases.light.${l}`)} <strong>{counts?.[l] ?? "–"}</strong>
    </Tag.CheckableTag>
  );

  const columns: TableProps<InboxEntry>["columns"] = [
    {
      title: t("cases.fields.case"),
      key: "case",
      render: (_: unknown, e) => (
        <div>
          <Link to={`/workbench/cases/${e.case.id}`} className="yw-cell-strong" data-testid="inbox-case-link">
            {e.case.number ?? t("cases.fields.noNumber")}
          </Link>
          <div className="yw-cell-sub">{e.case.itemName}</div>
          {compact && (
            <>
              <div className="yw-cell-sub">
                {e.case.enterpriseName ?? e.case.applicantName} · {t(`cases.stage.${e.task.stage}`)}
              </div>
              <div className="yw-case-compact">
                <StatusTag status={e.case.status} />
                <DeadlineCell deadline={e.case.deadline} />
              </div>
            </>
          )}
        </div>
      ),
    },
    {
      title: t("cases.fields.applicant"),
      key: "applicant",
      responsive: ["md"],
      render: (_: unknown, e) => (
        <div>
          <div>{e.case.enterpriseName ?? e.case.applicantName}</div>
          {e.case.enterpriseName && <div className="yw-cell-sub">{e.case.applicantName}</div>}
        </div>
      ),
    },
    {
      title: t("cases.fields.stage"),
      key: "stage",
      responsive: ["md"],
      render: (_: unknown, e) => (
        <div>
          <div>{t(`cases.stage.${e.task.stage}`)}</div>
          <div className="yw-cell-sub">{e.task.deptName}</div>
        </div>
      ),
    },
    {
      title: t("cases.fields.status"),
      key: "status",
      responsive: ["lg"],
      render: (_: unknown, e) => <StatusTag status={e.case.status} />,
    },
    {
      title: t("cases.fields.deadline"),
      key: "deadline",
      responsive: ["md"],
      render: (_: unknown, e) => <DeadlineCell deadline={e.case.deadline} />,
    },
    {
      title: t("cases.fields.handler"),
      key: "handler",
      responsive: ["lg"],
      render: (_: unknown, e) =>
        e.task.claimedBy ? (
          e.task.claimedBy.name
        ) : e.task.status === "open" ? (
          <Tag>{t("cases.inbox.unclaimed")}</Tag>
        ) : (
          (e.task.completedBy?.name ?? "—")
        ),
    },
  ];

  return (
    <Panel>
      <div className="yw-inbox-filters">
        <Segmented<Scope>
          value={scope}
          onChange={(v) => {
            setScope(v);
            setPage(1);
          }}
          options={(["open", "mine", "done"] as const).map((s) => ({ value: s, label: t(`cases.inbox.scope.${s}`) }))}
          data-testid="inbox-scope"
        />
        <fieldset className="yw-inbox-counts" aria-label={t("cases.inbox.byLight")}>
          {(["red", "yellow", "green"] as const).map(lightButton)}
        </fieldset>
        <Select
          allowClear
          placeholder={t("cases.inbox.allStages")}
          aria-label={t("cases.fields.stage")}
          value={stage}
          onChange={(v) => {
            setStage(v);
            setPage(1);
          }}
          options={STAGES.map((s) => ({ value: s, label: t(`cases.stage.${s}`) }))}
          className="yw-case-filter"
        />
        <Input.Search
          allowClear
          maxLength={100}
          placeholder={t("cases.inbox.search")}
          aria-label={t("cases.inbox.search")}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          className="yw-search"
        />
        <Button icon={<ReloadOutlined />} onClick={() => void inbox.refetch()} aria-label={t("cases.inbox.refresh")} />
      </div>
      {inbox.isError ? (
        <ErrorAlert error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : (
        <Table<InboxEntry>
          rowKey={(e) => e.task.id}
          size={compact ? "small" : "middle"}
          loading={inbox.isFetching}
          columns={columns}
          dataSource={inbox.data?.items ?? []}
          data-testid="inbox-table"
          rowClassName={(e) => `yw-inbox-row-${e.case.deadline.light}`}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: inbox.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (total) => t("cases.inbox.total", { count: total }),
          }}
        />
      )}
    </Panel>
  );
}

/** /workbench/inbox — 待办: the department's queue by the staff member's roles, with deadline lights. */
export function InboxPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("cases.inbox.title")}
        subtitle={t("cases.inbox.subtitle")}
        trail={[{ title: t("workbench.title"), to: "/workbench" }]}
      />
      <RequireLogin kind="staff">
        <Inbox />
      </RequireLogin>
    </div>
  );
}
