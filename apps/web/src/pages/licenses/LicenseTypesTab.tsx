import { EditOutlined, MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import type { LicenseTypeDetail } from "@yiwang/contracts";
import { Button, Form, Input, InputNumber, Modal, Space, Table, type TableProps, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useDepartments } from "../../shared/queries";
import { useMe } from "../../shared/session";
import { useLicenseTypes, useUpdateLicenseType } from "./api";
import { useTypeName } from "./LicenseTags";
import { licenseAbilities } from "./util";
import "./licenses.css";

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

export function TypesTab() {
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
