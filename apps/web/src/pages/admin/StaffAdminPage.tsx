import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { StaffAccount } from "@yiwang/contracts";
import { Alert, Button, Grid, Input, Popconfirm, Select, Space, Table, type TableProps, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useDepartments } from "../../shared/queries";
import { hasRole, RequireLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { PasswordResetModal } from "./staff/PasswordResetModal";
import { StaffFormModal } from "./staff/StaffFormModal";
import { DEPARTMENT_GRANTABLE, ROLES, STAFF_KEY, useStaffList } from "./staff/staffApi";
import "../account/account.css";

const PAGE_SIZE = 20;

function StaffAdmin() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const compact = !Grid.useBreakpoint().sm;
  const platformAdmin = hasRole(me.data, "platform_admin");
  const deptAdmin = hasRole(me.data, "dept_admin");
  const securityAdmin = hasRole(me.data, "security_admin");
  // Accounts and passwords: platform and department admins. Unlocks and authenticators: security admins and
  // department admins (for their clerks and approvers) — never the platform admin (三员分立).
  const manages = platformAdmin || deptAdmin;
  const secures = securityAdmin || deptAdmin;
  const allowed = manages || secures;
  const [q, setQ] = useState("");
  const [departmentId, setDepartmentId] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<StaffAccount | null | undefined>(undefined);
  const [resetting, setResetting] = useState<StaffAccount | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const departments = useDepartments({ limit: 500, offset: 0 });
  const deptName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const list = useStaffList(
    { q: q || undefined, departmentId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
    allowed,
  );
  const refresh = () => qc.invalidateQueries({ queryKey: STAFF_KEY });

  const action = useMutation({
    mutationFn: ({ id, what }: { id: string; what: "mfa/reset" | "unlock" }) =>
      unwrap(
        what === "unlock"
          ? api.POST("/api/identity/staff/{id}/unlock", { params: { path: { id } } })
          : api.POST("/api/identity/staff/{id}/mfa/reset", { params: { path: { id } } }),
      ),
    onSuccess: (_, { what }) => {
      setNotice(what === "unlock" ? t("adminStaff.unlocked") : t("adminStaff.mfaResetDone"));
      void refresh();
    },
    onError: (e) => {
      setNotice(null);
      setActionError(errorText(e));
    },
  });

  if (!me.data) return null;
  if (!allowed) return <Alert type="warning" showIcon message={t("adminStaff.notAllowed")} />;

  const locked = (s: StaffAccount) => s.lockedUntil !== null && new Date(s.lockedUntil).getTime() > Date.now();
  const statusTags = (s: StaffAccount) => (
    <>
      <Tag color={s.status === "active" ? "green" : "default"}>
        {s.status === "active" ? t("adminStaff.statusActive") : t("adminStaff.statusDisabled")}
      </Tag>
      {s.mfaEnabled ? (
        <Tag color="blue">{t("adminStaff.mfaOn")}</Tag>
      ) : (
        <Tag color="warning">{t("adminStaff.mfaPending")}</Tag>
      )}
      {locked(s) && <Tag color="red">{t("adminStaff.locked")}</Tag>}
    </>
  );

  const actions = (s: StaffAccount) => (
    <Space wrap size={4} className="yw-staff-actions">
      {manages && (
        <Button size="small" onClick={() => setEditing(s)}>
          {t("adminStaff.edit")}
        </Button>
      )}
      {manages && (
        <Button size="small" onClick={() => setResetting(s)}>
          {t("adminStaff.resetPassword")}
        </Button>
      )}
      {secures && s.mfaEnabled && (
        <Popconfirm
          title={t("adminStaff.mfaResetConfirm")}
          okText={t("adminStaff.mfaReset")}
          cancelText={t("account.common.cancel")}
          onConfirm={() => action.mutateAsync({ id: s.id, what: "mfa/reset" })}
        >
          <Button size="small">{t("adminStaff.mfaReset")}</Button>
        </Popconfirm>
      )}
      {secures && locked(s) && (
        <Button size="small" onClick={() => action.mutate({ id: s.id, what: "unlock" })}>
          {t("adminStaff.unlock")}
        </Button>
      )}
    </Space>
  );

  const columns: TableProps<StaffAccount>["columns"] = [
    {
      title: t("adminStaff.colStaff"),
      key: "staff",
      render: (_: unknown, s) => (
        <div>
          <div className="yw-cell-strong">{s.displayName}</div>
          <div className="yw-cell-sub yw-mono">{s.username}</div>
          {compact && (
            <>
              <div className="yw-cell-sub">{deptName.get(s.departmentId) ?? "—"}</div>
              <div>
                {s.roles.map((r) => (
                  <Tag key={r}>{t(`account.roles.${r}`)}</Tag>
                ))}
              </div>
              <div>{statusTags(s)}</div>
              <div className="yw-note-sm">{actions(s)}</div>
            </>
          )}
        </div>
      ),
    },
    {
      title: t("adminStaff.department"),
      key: "department",
      responsive: ["md"],
      render: (_: unknown, s) => deptName.get(s.departmentId) ?? "—",
    },
    {
      title: t("adminStaff.roles"),
      key: "roles",
      responsive: ["sm"],
      render: (_: unknown, s) => s.roles.map((r) => <Tag key={r}>{t(`account.roles.${r}`)}</Tag>),
    },
    { title: t("adminStaff.status"), key: "status", responsive: ["sm"], render: (_: unknown, s) => statusTags(s) },
    {
      title: "",
      key: "actions",
      align: "right",
      responsive: ["sm"],
      render: (_: unknown, s) => actions(s),
    },
  ];

  const fixedDepartmentId = platformAdmin ? undefined : (me.data.department?.id ?? undefined);
  const grantable = platformAdmin ? ROLES : DEPARTMENT_GRANTABLE;

  return (
    <Panel>
      {notice && (
        <Alert
          type="success"
          showIcon
          closable
          message={notice}
          className="yw-dev-hint"
          onClose={() => setNotice(null)}
        />
      )}
      {actionError && (
        <Alert
          type="error"
          showIcon
          closable
          message={actionError}
          className="yw-dev-hint"
          onClose={() => setActionError(null)}
        />
      )}
      <div className="yw-toolbar yw-staff-toolbar">
        <Input.Search
          allowClear
          maxLength={40}
          placeholder={t("adminStaff.filter")}
          aria-label={t("adminStaff.filter")}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          className="yw-search"
        />
        {(platformAdmin || securityAdmin) && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t("adminStaff.allDepartments")}
            aria-label={t("adminStaff.department")}
            value={departmentId}
            onChange={(v) => {
              setDepartmentId(v);
              setPage(1);
            }}
            options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            className="yw-staff-dept"
          />
        )}
        {manages && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="staff-create">
            {t("adminStaff.create")}
          </Button>
        )}
      </div>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<StaffAccount>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={compact ? undefined : { x: "max-content" }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t("adminStaff.total", { total }),
            onChange: setPage,
          }}
        />
      )}
      <StaffFormModal
        open={editing !== undefined}
        staff={editing ?? null}
        departments={departments.data?.items ?? []}
        fixedDepartmentId={fixedDepartmentId}
        grantable={grantable}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setNotice(editing ? t("adminStaff.saved") : t("adminStaff.created"));
          setEditing(undefined);
          void refresh();
        }}
      />
      <PasswordResetModal
        staff={resetting}
        onClose={() => setResetting(null)}
        onDone={() => {
          setNotice(t("adminStaff.passwordResetDone"));
          setResetting(null);
        }}
      />
    </Panel>
  );
}

/**
 * Staff accounts (工作人员账号): platform administrators manage all; a department administrator their own;
 * security administrators unlock accounts and reset authenticators.
 */
export function StaffAdminPage() {
  const { t } = useTranslation();
  const trail = [{ title: t("admin.title"), to: "/admin" }];
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("adminStaff.title")} subtitle={t("adminStaff.desc")} trail={trail} />
      <RequireLogin kind="staff">
        <StaffAdmin />
      </RequireLogin>
    </div>
  );
}
