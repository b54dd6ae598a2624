import type { LicenseStatus, LicenseSummary } from "@yiwang/contracts";
import { Alert, Button, Select, Space, Table, type TableProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useDepartments } from "../../shared/queries";
import { useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { ReasonModal } from "../cases/ReasonModal";
import { useIssuedLicenses, useLicenseStatusChange } from "./api";
import { LicenseFilters } from "./LicenseFilters";
import { HolderText, LicenseStatusTag, useTypeName, ValidityText } from "./LicenseTags";
import { LICENSE_STATUSES, licenseAbilities } from "./util";
import "./licenses.css";

const PAGE_SIZE = 20;

type Change = { license: LicenseSummary; status: "valid" | "suspended" | "revoked" };

export function IssuedTab() {
  const { t } = useTranslation();
  const me = useMe();
  const can = licenseAbilities(me.data);
  const typeName = useTypeName();
  const errorText = useErrorText();
  const [typeCode, setTypeCode] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<LicenseStatus | undefined>(undefined);
  const [departmentId, setDepartmentId] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [change, setChange] = useState<Change | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const list = useIssuedLicenses({
    typeCode,
    status,
    departmentId,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const departments = useDepartments({ limit: 500, offset: 0 });
  const statusChange = useLicenseStatusChange();

  const actionLabel = {
    valid: t("licenses.manage.restore"),
    suspended: t("licenses.manage.suspend"),
    revoked: t("licenses.manage.revoke"),
  };
  const columns: TableProps<LicenseSummary>["columns"] = [
    {
      title: t("licenses.fields.type"),
      key: "type",
      render: (_: unknown, l) => (
        <div>
          <Link to={`/licenses/${l.id}`} className="yw-cell-strong" data-testid="issued-license-link">
            {typeName(l)}
          </Link>
          <div className="yw-cell-sub yw-mono yw-license-wrap">{l.identifier}</div>
        </div>
      ),
    },
    {
      title: t("licenses.fields.holder"),
      key: "holder",
      responsive: ["md"],
      render: (_: unknown, l) => <HolderText holder={l.holder} />,
    },
    {
      title: t("licenses.fields.issuer"),
      key: "issuer",
      responsive: ["xl"],
      render: (_: unknown, l) => l.issuer.name,
    },
    {
      title: t("licenses.fields.validity"),
      key: "validity",
      responsive: ["lg"],
      render: (_: unknown, l) => <ValidityText license={l} />,
    },
    {
      title: t("licenses.fields.status"),
      key: "status",
      render: (_: unknown, l) => (
        <div>
          <LicenseStatusTag status={l.status} />
          {l.statusReason && <div className="yw-cell-sub">{l.statusReason}</div>}
        </div>
      ),
    },
    ...(can.manage
      ? [
          {
            title: t("licenses.manage.actions"),
            key: "actions",
            render: (_: unknown, l: LicenseSummary) =>
              l.status !== "revoked" && (
                <Space wrap size="small" data-testid="issued-license-actions">
                  {l.status === "suspended" ? (
                    <Button size="small" onClick={() => setChange({ license: l, status: "valid" })}>
                      {actionLabel.valid}
                    </Button>
                  ) : (
                    l.status === "valid" && (
                      <Button size="small" onClick={() => setChange({ license: l, status: "suspended" })}>
                        {actionLabel.suspended}
                      </Button>
                    )
                  )}
                  <Button
                    size="small"
                    danger
                    onClick={() => setChange({ license: l, status: "revoked" })}
                    data-testid="license-revoke"
                  >
                    {actionLabel.revoked}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      {notice && (
        <Alert
          type={notice.ok ? "success" : "error"}
          showIcon
          closable
          message={notice.text}
          onClose={() => setNotice(null)}
          className="yw-case-banner"
          role={notice.ok ? "status" : "alert"}
        />
      )}
      <div className="yw-toolbar yw-license-toolbar">
        {can.platformAdmin && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t("licenses.manage.allDepartments")}
            aria-label={t("licenses.manage.department")}
            value={departmentId}
            onChange={(v) => {
              setDepartmentId(v);
              setPage(1);
            }}
            options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            className="yw-license-filter"
          />
        )}
        <LicenseFilters
          typeCode={typeCode}
          status={status}
          statuses={LICENSE_STATUSES.filter((s) => s !== "expired")}
          onTypeCode={(v) => {
            setTypeCode(v);
            setPage(1);
          }}
          onStatus={(v) => {
            setStatus(v);
            setPage(1);
          }}
        />
      </div>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<LicenseSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          data-testid="issued-licenses"
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (total) => t("licenses.wallet.total", { total }),
          }}
        />
      )}
      <ReasonModal
        open={change !== null}
        title={change ? `${actionLabel[change.status]} · ${change.license.identifier}` : ""}
        label={
          change?.status === "revoked"
            ? `${t("licenses.manage.reason")}（${t("licenses.manage.revokeWarn")}）`
            : t("licenses.manage.reason")
        }
        okText={change ? actionLabel[change.status] : ""}
        required
        danger={change?.status === "revoked"}
        busy={statusChange.isPending}
        onCancel={() => setChange(null)}
        onSubmit={(reason) => {
          if (!change) return;
          if (reason.length < 2) {
            setNotice({ ok: false, text: t("licenses.manage.reasonMin") });
            return;
          }
          statusChange.mutate(
            { id: change.license.id, status: change.status, reason },
            {
              onSuccess: () => setNotice({ ok: true, text: t("licenses.manage.changed") }),
              onError: (e) => setNotice({ ok: false, text: errorText(e) }),
              onSettled: () => setChange(null),
            },
          );
        }}
      />
    </>
  );
}
