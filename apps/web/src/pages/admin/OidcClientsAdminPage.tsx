import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { OidcClientWithSecret } from "@yiwang/contracts";
import { Alert, Button, Popconfirm, Space, Table, type TableProps, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useDepartments } from "../../shared/queries";
import { hasRole, RequireLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { ClientFormModal } from "./oidc/ClientFormModal";
import { OIDC_CLIENTS_KEY, type OidcClient, useOidcClients } from "./oidc/oidcApi";
import { SecretModal } from "./oidc/SecretModal";

function OidcClientsAdmin() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const allowed = hasRole(me.data, "platform_admin");
  const list = useOidcClients(allowed);
  const departments = useDepartments({ limit: 500, offset: 0 });
  const deptName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const [editing, setEditing] = useState<OidcClient | null | undefined>(undefined);
  const [secret, setSecret] = useState<OidcClientWithSecret | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: OIDC_CLIENTS_KEY });

  const action = useMutation({
    mutationFn: async ({ clientId, what }: { clientId: string; what: "revoke" | "secret" }) => {
      const params = { path: { clientId } };
      if (what === "revoke") {
        await unwrap(api.POST("/api/identity/oidc/clients/{clientId}/revoke", { params }));
        return null;
      }
      return unwrap(api.POST("/api/identity/oidc/clients/{clientId}/secret", { params }));
    },
    onSuccess: (withSecret) => {
      setActionError(null);
      if (withSecret) setSecret(withSecret);
      void refresh();
    },
    onError: (e) => setActionError(errorText(e)),
  });

  if (!me.data) return null;
  if (!allowed) return <Alert type="warning" showIcon message={t("oidc.admin.notAllowed")} />;

  const columns: TableProps<OidcClient>["columns"] = [
    {
      title: t("oidc.admin.colName"),
      dataIndex: "name",
      render: (name: string, c) => (
        <div>
          <div className="yw-cell-strong">{name}</div>
          <Typography.Text code copyable className="yw-cell-sub">
            {c.clientId}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t("oidc.admin.colKind"),
      dataIndex: "kind",
      responsive: ["md"],
      render: (k: string) => (k === "web" ? t("oidc.admin.kindWeb") : t("oidc.admin.kindMachine")),
    },
    {
      title: t("oidc.admin.colDepartment"),
      dataIndex: "departmentId",
      responsive: ["lg"],
      render: (id: string) => deptName.get(id) ?? id,
    },
    {
      title: t("oidc.admin.colRedirects"),
      dataIndex: "redirectUris",
      responsive: ["lg"],
      render: (uris: string[]) =>
        uris.map((u) => (
          <div key={u} className="yw-mono yw-cell-sub">
            {u}
          </div>
        )),
    },
    {
      title: t("oidc.admin.colScopes"),
      dataIndex: "scopes",
      responsive: ["md"],
      render: (scopes: string[]) => scopes.map((s) => <Tag key={s}>{s}</Tag>),
    },
    {
      title: t("oidc.admin.colStatus"),
      dataIndex: "status",
      render: (s: string) =>
        s === "active" ? (
          <Tag color="green">{t("oidc.admin.active")}</Tag>
        ) : (
          <Tag color="red">{t("oidc.admin.revoked")}</Tag>
        ),
    },
    {
      title: t("oidc.admin.colActions"),
      key: "actions",
      render: (_: unknown, c) =>
        c.status === "active" && (
          <Space wrap size="small">
            <Button size="small" onClick={() => setEditing(c)}>
              {t("oidc.admin.edit")}
            </Button>
            <Popconfirm
              title={t("oidc.admin.rotateConfirm")}
              onConfirm={() => action.mutate({ clientId: c.clientId, what: "secret" })}
            >
              <Button size="small">{t("oidc.admin.rotate")}</Button>
            </Popconfirm>
            <Popconfirm
              title={t("oidc.admin.revokeConfirm")}
              okButtonProps={{ danger: true }}
              onConfirm={() => action.mutate({ clientId: c.clientId, what: "revoke" })}
            >
              <Button size="small" danger>
                {t("oidc.admin.revoke")}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Panel>
      {actionError && (
        <Alert type="error" showIcon closable message={actionError} onClose={() => setActionError(null)} />
      )}
      <div className="yw-toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="oidc-register">
          {t("oidc.admin.register")}
        </Button>
      </div>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<OidcClient>
          rowKey="clientId"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          pagination={{ pageSize: 20, showTotal: (total) => t("oidc.admin.total", { total }) }}
        />
      )}
      <ClientFormModal
        editing={editing}
        onClose={() => setEditing(undefined)}
        onSaved={(created) => {
          setEditing(undefined);
          if (created) setSecret(created);
          void refresh();
        }}
      />
      <SecretModal client={secret} onClose={() => setSecret(null)} />
    </Panel>
  );
}

/** Relying parties of the platform's single sign-on (接入应用): platform administrators register them. */
export function OidcClientsAdminPage() {
  const { t } = useTranslation();
  const trail = [{ title: t("admin.title"), to: "/admin" }];
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("oidc.admin.title")} subtitle={t("oidc.admin.desc")} trail={trail} />
      <RequireLogin kind="staff">
        <OidcClientsAdmin />
      </RequireLogin>
    </div>
  );
}
