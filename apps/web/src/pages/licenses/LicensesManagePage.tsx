import { EditOutlined, MinusCircleOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import type { LicenseStatus, LicenseSummary, LicenseTypeDetail } from "@yiwang/contracts";
import {
  Alert,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  type TableProps,
  Tabs,
  Tag,
  Upload,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useDepartments } from "../../shared/queries";
import { RequireLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { ReasonModal } from "../cases/ReasonModal";
import {
  importErrors,
  useIssuedLicenses,
  useLicenseImport,
  useLicenseStatusChange,
  useLicenseTypes,
  useUpdateLicenseType,
} from "./api";
import { HolderText, LicenseStatusTag, useTypeName, ValidityText } from "./LicenseTags";
import { LICENSE_STATUSES, licenseAbilities } from "./util";
import "./licenses.css";

const PAGE_SIZE = 20;

type Change = { license: LicenseSummary; status: "valid" | "suspended" | "revoked" };

function IssuedTab() {
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
  const types = useLicenseTypes();
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
        <Select
          allowClear
          placeholder={t("licenses.wallet.allTypes")}
          aria-label={t("licenses.fields.type")}
          value={typeCode}
          onChange={(v) => {
            setTypeCode(v);
            setPage(1);
          }}
          options={(types.data?.items ?? []).map((x) => ({
            value: x.code,
            label: typeName({ typeName: x.name, typeNameEn: x.nameEn }),
          }))}
          className="yw-license-filter"
        />
        <Select
          allowClear
          placeholder={t("licenses.wallet.allStatuses")}
          aria-label={t("licenses.fields.status")}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={LICENSE_STATUSES.filter((s) => s !== "expired").map((s) => ({
            value: s,
            label: t(`licenses.status.${s}`),
          }))}
          className="yw-license-filter"
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

function ImportTab() {
  const { t } = useTranslation();
  const me = useMe();
  const typeName = useTypeName();
  const types = useLicenseTypes();
  const departments = useDepartments({ limit: 500, offset: 0 });
  const run = useLicenseImport();
  const [form] = Form.useForm<{ type?: string; csv?: string }>();
  const chosen = Form.useWatch("type", form);
  const myKey = departments.data?.items.find((d) => d.id === me.data?.department?.id)?.key;
  const mine = (types.data?.items ?? []).filter((x) => !myKey || x.issuer === myKey);
  const type = mine.find((x) => x.code === chosen);
  const header = type ? ["持证主体名称", "证件号码", "有效期起", ...type.fields.map((f) => f.label)].join(",") : "";
  const rowErrors = importErrors(run.error);

  return (
    <>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => run.mutate({ type: v.type ?? "", csv: v.csv ?? "" })}
        data-testid="license-import-form"
      >
        <Form.Item
          name="type"
          label={t("licenses.import.type")}
          rules={[{ required: true, message: t("licenses.import.typeRequired") }]}
        >
          <Select
            options={mine.map((x) => ({ value: x.code, label: typeName({ typeName: x.name, typeNameEn: x.nameEn }) }))}
            className="yw-license-filter"
          />
        </Form.Item>
        <p className="yw-cell-sub">
          {t("licenses.import.hint", { fields: type ? type.fields.map((f) => f.label).join("、") : "…" })}
        </p>
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((text) => form.setFieldValue("csv", text.replace(/^\uFEFF/, "")));
            return Upload.LIST_IGNORE;
          }}
        >
          <Button icon={<UploadOutlined />}>{t("licenses.import.file")}</Button>
        </Upload>
        <Form.Item
          name="csv"
          label={t("licenses.import.csv")}
          className="yw-note"
          rules={[{ required: true, whitespace: true, message: t("licenses.import.csvRequired") }]}
        >
          <Input.TextArea rows={8} placeholder={header} className="yw-mono yw-license-wrap" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={run.isPending} data-testid="license-import-submit">
          {t("licenses.import.submit")}
        </Button>
      </Form>
      {run.isSuccess && (
        <Alert
          type="success"
          showIcon
          className="yw-note"
          role="status"
          message={t("licenses.import.done", { count: run.data.imported })}
          description={run.data.identifiers.join("，")}
        />
      )}
      {run.isError &&
        (rowErrors.length > 0 ? (
          <div className="yw-note" data-testid="license-import-errors">
            <Alert type="error" showIcon message={t("licenses.import.errorsTitle")} role="alert" />
            <Table
              rowKey={(r) => `${r.row}-${r.column ?? ""}-${r.code}`}
              size="small"
              pagination={false}
              dataSource={rowErrors}
              columns={[
                { title: t("licenses.import.row"), dataIndex: "row", width: 70 },
                { title: t("licenses.import.column"), dataIndex: "column", render: (c: string | null) => c ?? "—" },
                { title: t("licenses.import.message"), dataIndex: "message" },
              ]}
            />
          </div>
        ) : (
          <div className="yw-note">
            <ErrorAlert error={run.error} />
          </div>
        ))}
    </>
  );
}

interface TypeFormValues {
  name: string;
  nameEn?: string | null;
  validYears?: number | null;
  fields: { key: string; label: string; labelEn?: string | null; formKey?: string | null }[];
}

function TypeEditor({ type, onClose }: { type: LicenseTypeDetail | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TypeFormValues>();
  const update = useUpdateLicenseType();
  return (
    <Modal
      open={type !== null}
      title={type ? t("licenses.types.editTitle", { name: type.name }) : ""}
      okText={t("licenses.types.save")}
      cancelText={t("cases.common.cancel")}
      okButtonProps={{ htmlType: "submit", form: "yw-license-type-form", loading: update.isPending }}
      onCancel={() => {
        update.reset();
        onClose();
      }}
      destroyOnHidden
      width={720}
    >
      {type && (
        <Form<TypeFormValues>
          id="yw-license-type-form"
          form={form}
          layout="vertical"
          initialValues={{
            name: type.name,
            nameEn: type.nameEn,
            validYears: type.validYears,
            fields: type.fields,
          }}
          onFinish={(v) =>
            update.mutate(
              {
                code: type.code,
                name: v.name,
                nameEn: v.nameEn || null,
                validYears: v.validYears ?? null,
                fields: (v.fields ?? []).map((f) => ({
                  key: f.key,
                  label: f.label,
                  labelEn: f.labelEn || null,
                  formKey: f.formKey || null,
                })),
              },
              { onSuccess: onClose },
            )
          }
        >
          <Form.Item name="name" label={t("licenses.types.name")} rules={[{ required: true, min: 2, max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="nameEn" label={t("licenses.types.nameEn")}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item
            name="validYears"
            label={t("licenses.types.validYears")}
            extra={t("licenses.types.validYearsHint")}
          >
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
          <h3 className="yw-case-subtitle">{t("licenses.types.fields")}</h3>
          <Form.List name="fields">
            {(fields, { add, remove }) => (
              <>
                {fields.map(({ key, name }) => (
                  <Space key={key} wrap align="baseline" className="yw-license-type-field">
                    <Form.Item
                      name={[name, "key"]}
                      rules={[{ required: true, pattern: /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/ }]}
                      aria-label={t("licenses.types.fieldKey")}
                    >
                      <Input placeholder={t("licenses.types.fieldKey")} className="yw-mono yw-license-wrap" />
                    </Form.Item>
                    <Form.Item name={[name, "label"]} rules={[{ required: true, max: 40 }]}>
                      <Input placeholder={t("licenses.types.fieldLabel")} />
                    </Form.Item>
                    <Form.Item name={[name, "labelEn"]}>
                      <Input placeholder={t("licenses.types.fieldLabelEn")} />
                    </Form.Item>
                    <Form.Item name={[name, "formKey"]}>
                      <Input placeholder={t("licenses.types.formKey")} className="yw-mono yw-license-wrap" />
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(name)}
                      aria-label={t("licenses.types.removeField")}
                    />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: "", label: "" })} block>
                  {t("licenses.types.addField")}
                </Button>
              </>
            )}
          </Form.List>
          {update.isError && (
            <div className="yw-note">
              <ErrorAlert error={update.error} />
            </div>
          )}
        </Form>
      )}
    </Modal>
  );
}

function TypesTab() {
  const { t } = useTranslation();
  const me = useMe();
  const can = licenseAbilities(me.data);
  const typeName = useTypeName();
  const types = useLicenseTypes();
  const departments = useDepartments({ limit: 500, offset: 0 });
  const deptName = new Map((departments.data?.items ?? []).map((d) => [d.key, d.name]));
  const [editing, setEditing] = useState<LicenseTypeDetail | null>(null);
  const columns: TableProps<LicenseTypeDetail>["columns"] = [
    {
      title: t("licenses.types.name"),
      key: "name",
      render: (_: unknown, x) => (
        <div>
          <div className="yw-cell-strong">{typeName({ typeName: x.name, typeNameEn: x.nameEn })}</div>
          <div className="yw-cell-sub yw-mono yw-license-wrap">{x.code}</div>
        </div>
      ),
    },
    {
      title: t("licenses.types.issuer"),
      key: "issuer",
      responsive: ["md"],
      render: (_: unknown, x) => deptName.get(x.issuer) ?? x.issuer,
    },
    {
      title: t("licenses.types.validYears"),
      key: "validYears",
      render: (_: unknown, x) =>
        x.validYears === null ? t("licenses.fields.longTerm") : t("licenses.types.years", { count: x.validYears }),
    },
    {
      title: t("licenses.types.fields"),
      key: "fields",
      responsive: ["lg"],
      render: (_: unknown, x) => x.fields.map((f) => <Tag key={f.key}>{f.label}</Tag>),
    },
    ...(can.editTypes
      ? [
          {
            title: t("licenses.manage.actions"),
            key: "actions",
            render: (_: unknown, x: LicenseTypeDetail) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(x)}>
                {t("licenses.types.edit")}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      {!can.editTypes && <p className="yw-muted">{t("licenses.types.readOnly")}</p>}
      {types.isError ? (
        <ErrorAlert error={types.error} onRetry={() => void types.refetch()} />
      ) : (
        <Table<LicenseTypeDetail>
          rowKey="code"
          size="middle"
          loading={types.isFetching}
          columns={columns}
          dataSource={types.data?.items ?? []}
          pagination={false}
          data-testid="license-types"
        />
      )}
      <TypeEditor type={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function Manage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = licenseAbilities(me.data);
  if (!me.data) return null;
  if (me.data.kind !== "staff" || (!can.read && !can.editTypes))
    return <Alert type="warning" showIcon message={t("licenses.manage.notAllowed")} />;
  return (
    <Panel>
      <Tabs
        items={[
          { key: "issued", label: t("licenses.manage.tabs.issued"), children: <IssuedTab /> },
          ...(can.import ? [{ key: "import", label: t("licenses.manage.tabs.import"), children: <ImportTab /> }] : []),
          { key: "types", label: t("licenses.manage.tabs.types"), children: <TypesTab /> },
        ]}
      />
    </Panel>
  );
}

/** /workbench/licenses — 证照管理: the department's issued licenses, status changes, CSV import, license types. */
export function LicensesManagePage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("licenses.manage.title")}
        subtitle={t("licenses.manage.desc")}
        trail={[{ title: t("workbench.title"), to: "/workbench" }]}
      />
      <RequireLogin kind="staff">
        <Manage />
      </RequireLogin>
    </div>
  );
}
