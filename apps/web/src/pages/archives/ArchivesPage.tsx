import type {
  ArchiveCheckCode,
  ArchiveDisposal,
  ArchiveLoan,
  ArchivePackageSummary,
  RetentionClass,
} from "@yiwang/contracts";
import { RETENTION_CLASS_TERMS } from "@yiwang/contracts/vocabularies";
import { Button, Descriptions, Drawer, Form, Input, InputNumber, message, Select, Space, Table, Tabs, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { hasRole, RequireLogin, useMe } from "../../shared/session";
import { useArchiveActions, useDisposals, useLoans, usePackage, usePackages } from "./api";

const PAGE_SIZE = 20;

function PackageDrawer({ id, onClose, archivist }: { id: string | null; onClose: () => void; archivist: boolean }) {
  const { t } = useTranslation();
  const pkg = usePackage(id);
  const actions = useArchiveActions();
  const [borrowForm] = Form.useForm();
  const [disposeForm] = Form.useForm();
  const d = pkg.data;
  const latest = d?.checks[0];
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width="min(720px, 100vw)"
      title={d?.archiveNo ?? t("archives.package")}
    >
      {pkg.error && <ErrorAlert error={pkg.error} />}
      {d && (
        <Space direction="vertical" size="middle" style={{ width: "100%" }}>
          <Descriptions
            column={1}
            size="small"
            bordered
            labelStyle={{ whiteSpace: "nowrap" }}
            contentStyle={{ wordBreak: "break-all" }}
          >
            <Descriptions.Item label={t("archives.archiveNo")}>
              <span className="yw-mono">{d.archiveNo}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("archives.title")}>{d.title}</Descriptions.Item>
            <Descriptions.Item label={t("archives.responsible")}>{d.metadata.responsible}</Descriptions.Item>
            <Descriptions.Item label={t("archives.date")}>{d.metadata.date}</Descriptions.Item>
            <Descriptions.Item label={t("archives.retention")}>
              {t(`archives.retentionClass.${d.retention}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("archives.status")}>{t(`archives.statusOf.${d.status}`)}</Descriptions.Item>
            <Descriptions.Item label="SHA-256">
              <span className="yw-mono" style={{ wordBreak: "break-all" }}>
                {d.packageSha256 ?? "—"}
              </span>
            </Descriptions.Item>
          </Descriptions>
          <h3>{t("archives.contents")}</h3>
          <Table
            size="small"
            rowKey="path"
            pagination={false}
            dataSource={d.files}
            columns={[
              {
                title: t("archives.file"),
                dataIndex: "path",
                render: (p: string) =>
                  d.status === "archived" ? (
                    <a
                      href={`/api/archives/packages/${d.id}/file?path=${encodeURIComponent(p)}`}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {p}
                      {!archivist && p.endsWith(".pdf") && (
                        <Tag color="volcano" style={{ marginInlineStart: 8 }} title={t("archives.watermarkedHint")}>
                          {t("archives.watermarked")}
                        </Tag>
                      )}
                    </a>
                  ) : (
                    p
                  ),
              },
              { title: t("archives.size"), dataIndex: "size", responsive: ["md"] },
            ]}
          />
          <h3>{t("archives.checks")}</h3>
          {latest ? (
            <>
              <div>
                <Tag color={latest.passed ? "green" : "red"}>
                  {t(latest.passed ? "archives.passed" : "archives.failed")}
                </Tag>
                {t(`archives.trigger.${latest.trigger}`)} · {new Date(latest.at).toLocaleString()}
              </div>
              <Table
                size="small"
                rowKey="code"
                pagination={false}
                dataSource={latest.results}
                columns={[
                  {
                    title: t("archives.item"),
                    dataIndex: "code",
                    render: (c: string) => <span className="yw-mono">{c}</span>,
                  },
                  {
                    title: t("archives.itemName"),
                    dataIndex: "code",
                    key: "name",
                    render: (c: ArchiveCheckCode) => t(`archives.checkItem.${c}`),
                  },
                  {
                    title: t("archives.outcome"),
                    dataIndex: "outcome",
                    render: (o: "pass" | "fail" | "skipped", r) => (
                      <>
                        <Tag color={o === "pass" ? "green" : o === "fail" ? "red" : "default"}>
                          {t(`archives.outcomeOf.${o}`)}
                        </Tag>
                        {r.details.length > 0 && <div className="yw-cell-sub">{r.details.join("；")}</div>}
                      </>
                    ),
                  },
                ]}
              />
            </>
          ) : (
            <span>{t("archives.noChecks")}</span>
          )}
          {d.status === "archived" && archivist && (
            <Space wrap>
              <Button
                loading={actions.check.isPending}
                onClick={async () => {
                  const r = await actions.check.mutateAsync(d.id);
                  message[r.passed ? "success" : "error"](t(r.passed ? "archives.passed" : "archives.failed"));
                }}
              >
                {t("archives.checkNow")}
              </Button>
            </Space>
          )}
          {d.status === "archived" && !archivist && (
            <Form
              form={borrowForm}
              layout="inline"
              onFinish={async (v) => {
                await actions.borrow.mutateAsync({ packageId: d.id, purpose: v.purpose, days: v.days });
                message.success(t("archives.borrowRequested"));
                borrowForm.resetFields();
              }}
            >
              <Form.Item name="purpose" rules={[{ required: true, message: t("archives.purposeRequired") }]}>
                <Input placeholder={t("archives.purpose")} />
              </Form.Item>
              <Form.Item name="days" initialValue={7} rules={[{ required: true }]}>
                <InputNumber min={1} max={30} addonAfter={t("archives.days")} />
              </Form.Item>
              <Button htmlType="submit" type="primary" loading={actions.borrow.isPending}>
                {t("archives.borrow")}
              </Button>
            </Form>
          )}
          {actions.borrow.error && <ErrorAlert error={actions.borrow.error} />}
          {d.status === "archived" && archivist && d.retention !== "permanent" && (
            <Form
              form={disposeForm}
              layout="inline"
              onFinish={async (v) => {
                await actions.propose.mutateAsync({ packageId: d.id, reason: v.reason });
                message.success(t("archives.proposed"));
                disposeForm.resetFields();
              }}
            >
              <Form.Item name="reason" rules={[{ required: true, message: t("archives.reasonRequired") }]}>
                <Input placeholder={t("archives.reason")} />
              </Form.Item>
              <Button danger htmlType="submit" loading={actions.propose.isPending}>
                {t("archives.propose")}
              </Button>
            </Form>
          )}
          {actions.propose.error && <ErrorAlert error={actions.propose.error} />}
        </Space>
      )}
    </Drawer>
  );
}

function Search({ archivist }: { archivist: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [retention, setRetention] = useState<RetentionClass | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const list = usePackages(q, retention, (page - 1) * PAGE_SIZE, PAGE_SIZE);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t("archives.searchPlaceholder")}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 280, maxWidth: "100%" }}
        />
        <Select
          allowClear
          placeholder={t("archives.retention")}
          value={retention}
          onChange={(v) => setRetention(v)}
          style={{ width: 140 }}
          options={RETENTION_CLASS_TERMS.map((r) => ({ value: r.code, label: t(`archives.retentionClass.${r.code}`) }))}
        />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<ArchivePackageSummary>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: "pointer" } })}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
        locale={{ emptyText: t("archives.empty") }}
        columns={[
          {
            title: t("archives.archiveNo"),
            dataIndex: "archiveNo",
            render: (v: string, r) => (
              <div>
                <span className="yw-mono">{v}</span>
                <div className="yw-cell-sub">{r.title}</div>
              </div>
            ),
          },
          {
            title: t("archives.retention"),
            dataIndex: "retention",
            render: (v: RetentionClass) => t(`archives.retentionClass.${v}`),
          },
          {
            title: t("archives.status"),
            dataIndex: "status",
            responsive: ["md"],
            render: (v: ArchivePackageSummary["status"]) => t(`archives.statusOf.${v}`),
          },
          {
            title: t("archives.checks"),
            dataIndex: "lastCheckPassed",
            render: (v: boolean | null) =>
              v === null ? "—" : <Tag color={v ? "green" : "red"}>{t(v ? "archives.passed" : "archives.failed")}</Tag>,
          },
        ]}
      />
      <PackageDrawer id={open} onClose={() => setOpen(null)} archivist={archivist} />
    </>
  );
}

function Disposals({ archivist, supervisor }: { archivist: boolean; supervisor: boolean }) {
  const { t } = useTranslation();
  const list = useDisposals(archivist || supervisor);
  const actions = useArchiveActions();
  const approve = async (d: ArchiveDisposal, as: "archivist" | "supervisor") => {
    const r = await (as === "archivist" ? actions.approveArchivist : actions.approveSupervisor).mutateAsync(d.id);
    message.success(t(r.status === "destroyed" ? "archives.destroyed" : "archives.approved"));
  };
  return (
    <>
      {(actions.approveArchivist.error || actions.approveSupervisor.error) && (
        <ErrorAlert error={actions.approveArchivist.error ?? actions.approveSupervisor.error} />
      )}
      <Table<ArchiveDisposal>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t("archives.noDisposals") }}
        columns={[
          {
            title: t("archives.archiveNo"),
            dataIndex: "archiveNo",
            render: (v: string, r) => (
              <div>
                <span className="yw-mono">{v}</span>
                <div className="yw-cell-sub">{r.reason}</div>
              </div>
            ),
          },
          {
            title: t("archives.status"),
            dataIndex: "status",
            render: (v: ArchiveDisposal["status"]) => t(`archives.disposalStatus.${v}`),
          },
          {
            title: t("archives.approvals"),
            key: "approvals",
            render: (_: unknown, r) => (
              <Space direction="vertical" size={2}>
                <span>
                  {t("archives.archivistApproval")}：{r.archivistApprovedBy ? "✓" : "—"}
                </span>
                <span>
                  {t("archives.supervisorApproval")}：{r.supervisorApprovedBy ? "✓" : "—"}
                </span>
                {r.status === "proposed" && archivist && !r.archivistApprovedBy && (
                  <Button size="small" onClick={() => approve(r, "archivist")}>
                    {t("archives.approveAsArchivist")}
                  </Button>
                )}
                {r.status === "proposed" && supervisor && !r.supervisorApprovedBy && (
                  <Button size="small" onClick={() => approve(r, "supervisor")}>
                    {t("archives.approveAsSupervisor")}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

function Loans({ archivist }: { archivist: boolean }) {
  const { t } = useTranslation();
  const list = useLoans();
  const actions = useArchiveActions();
  return (
    <Table<ArchiveLoan>
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: t("archives.noLoans") }}
      columns={[
        {
          title: t("archives.archiveNo"),
          dataIndex: "archiveNo",
          render: (v: string, r) => (
            <div>
              <span className="yw-mono">{v}</span>
              <div className="yw-cell-sub">
                {r.borrower} · {r.purpose} · {r.days} {t("archives.days")}
              </div>
            </div>
          ),
        },
        {
          title: t("archives.status"),
          dataIndex: "status",
          render: (v: ArchiveLoan["status"], r) => (
            <Space direction="vertical" size={2}>
              <Tag>{t(`archives.loanStatus.${v}`)}</Tag>
              {r.dueAt && (
                <span className="yw-cell-sub">
                  {t("archives.dueAt", { date: new Date(r.dueAt).toLocaleDateString() })}
                </span>
              )}
              {archivist && r.status === "requested" && (
                <Space>
                  <Button size="small" type="primary" onClick={() => actions.approveLoan.mutate(r.id)}>
                    {t("archives.approve")}
                  </Button>
                  <Button size="small" onClick={() => actions.rejectLoan.mutate(r.id)}>
                    {t("archives.reject")}
                  </Button>
                </Space>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** /workbench/archives: 电子档案 — search, a package's contents and checks, disposals, borrowing. */
export function ArchivesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const archivist = hasRole(me.data, "archivist");
  const supervisor = hasRole(me.data, "supervisor");
  return (
    <RequireLogin kind="staff">
      <PageHeading title={t("archives.pageTitle")} subtitle={t("archives.subtitle")} />
      <Tabs
        items={[
          { key: "search", label: t("archives.tabSearch"), children: <Search archivist={archivist} /> },
          {
            key: "disposals",
            label: t("archives.tabDisposals"),
            children: <Disposals archivist={archivist} supervisor={supervisor} />,
          },
          { key: "loans", label: t("archives.tabLoans"), children: <Loans archivist={archivist} /> },
        ]}
      />
    </RequireLogin>
  );
}
