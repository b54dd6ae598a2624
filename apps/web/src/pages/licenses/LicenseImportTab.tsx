import { UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Select, Table, Upload } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useDepartments } from "../../shared/queries";
import { useMe } from "../../shared/session";
import { importErrors, useLicenseImport, useLicenseTypes } from "./api";
import { useTypeName } from "./LicenseTags";
import "./licenses.css";

export function ImportTab() {
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
