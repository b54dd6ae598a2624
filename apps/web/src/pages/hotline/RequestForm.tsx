import { HOTLINE_KINDS, HOTLINE_TEXT_MAX } from "@yiwang/contracts/vocabularies";
import { Button, Cascader, Checkbox, Form, Input, InputNumber, Select, Space, Upload, type UploadFile } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useDepartments } from "../../shared/queries";
import { useHotlineCategories } from "./api";

export interface RequestFormValues {
  kind: (typeof HOTLINE_KINDS)[number];
  category: string[];
  districtCode: string;
  address?: string;
  lat?: number | null;
  long?: number | null;
  description: string;
  urgent?: boolean;
  anonymous?: boolean;
  confidential?: boolean;
  name?: string;
  phone?: string;
  departmentId?: string;
  /** 投诉/举报: the enterprise it is about (统一社会信用代码), counted in its credit record. */
  subjectUscc?: string;
}

/** The request as the API takes it, photos read as base64. */
export async function toRequest(v: RequestFormValues, files: UploadFile[]) {
  const photos = await Promise.all(
    files.map(async (f) => {
      const bytes = new Uint8Array(await (f.originFileObj as File).arrayBuffer());
      let bin = "";
      for (const b of bytes) bin += String.fromCharCode(b);
      return { name: f.name, contentBase64: btoa(bin) };
    }),
  );
  const contact = v.name && v.phone ? { name: v.name, phone: v.phone } : null;
  return {
    kind: v.kind,
    categoryCode: v.category.at(-1) ?? "",
    description: v.description,
    location: { address: v.address ?? "", districtCode: v.districtCode, lat: v.lat ?? null, long: v.long ?? null },
    urgent: v.urgent ?? false,
    anonymous: v.anonymous ?? false,
    confidential: v.confidential ?? false,
    contact,
    photos,
    subjectUscc: v.subjectUscc?.trim() ? v.subjectUscc.trim().toUpperCase() : null,
  };
}

/** The report form: the citizen's (contact optional) and the operator's (caller, routing override). */
export function RequestForm(props: {
  operator?: boolean;
  busy: boolean;
  onSubmit: (v: RequestFormValues, files: UploadFile[]) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const [form] = Form.useForm<RequestFormValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const tree = useHotlineCategories();
  const departments = useDepartments({ limit: 100, offset: 0 });
  const options = (tree.data?.groups ?? []).map((g) => ({
    value: g.code,
    label: en ? g.nameEn : g.name,
    children: g.children.map((c) => ({ value: c.code, label: en ? c.nameEn : c.name })),
  }));
  const locate = () =>
    navigator.geolocation?.getCurrentPosition((p) =>
      form.setFieldsValue({ lat: Number(p.coords.latitude.toFixed(6)), long: Number(p.coords.longitude.toFixed(6)) }),
    );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ kind: "help" }}
      onFinish={async (v) => {
        if (await props.onSubmit(v, files)) {
          form.resetFields();
          setFiles([]);
        }
      }}
      data-testid="hotline-form"
    >
      <Form.Item name="kind" label={t("hotline.form.kind")} rules={[{ required: true }]}>
        <Select options={HOTLINE_KINDS.map((k) => ({ value: k, label: t(`hotline.kind.${k}`) }))} />
      </Form.Item>
      <Form.Item name="category" label={t("hotline.form.category")} rules={[{ required: true }]}>
        <Cascader
          options={options}
          showSearch
          placeholder={t("hotline.form.categoryHint")}
          data-testid="hotline-category"
        />
      </Form.Item>
      <Form.Item
        name="description"
        label={t("hotline.form.description")}
        rules={[{ required: true, max: HOTLINE_TEXT_MAX }]}
      >
        <Input.TextArea rows={4} maxLength={HOTLINE_TEXT_MAX} showCount data-testid="hotline-description" />
      </Form.Item>
      <Form.Item name="districtCode" label={t("hotline.form.district")} rules={[{ required: true }]}>
        <Select
          data-testid="hotline-district"
          options={(tree.data?.districts ?? []).map((d) => ({ value: d.code, label: en ? d.nameEn : d.name }))}
        />
      </Form.Item>
      <Form.Item name="address" label={t("hotline.form.address")}>
        <Input maxLength={200} data-testid="hotline-address" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="lat" label={t("hotline.form.lat")}>
          <InputNumber min={-90} max={90} step={0.0001} />
        </Form.Item>
        <Form.Item name="long" label={t("hotline.form.long")}>
          <InputNumber min={-180} max={180} step={0.0001} />
        </Form.Item>
        <Button onClick={locate}>{t("hotline.form.locate")}</Button>
      </Space>
      <Form.Item label={t("hotline.form.photos")} extra={t("hotline.form.photosHint")}>
        <Upload
          accept="image/jpeg,image/png"
          listType="picture"
          fileList={files}
          maxCount={3}
          beforeUpload={() => false}
          onChange={(e) => setFiles(e.fileList)}
        >
          <Button>{t("hotline.form.addPhoto")}</Button>
        </Upload>
      </Form.Item>
      <Space wrap>
        <Form.Item name="urgent" valuePropName="checked">
          <Checkbox>{t("hotline.form.urgent")}</Checkbox>
        </Form.Item>
        <Form.Item name="anonymous" valuePropName="checked">
          <Checkbox>{t("hotline.form.anonymous")}</Checkbox>
        </Form.Item>
        <Form.Item name="confidential" valuePropName="checked">
          <Checkbox>{t("hotline.form.confidential")}</Checkbox>
        </Form.Item>
      </Space>
      <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
        {() =>
          ["complaint", "report"].includes(form.getFieldValue("kind")) && (
            <Form.Item
              name="subjectUscc"
              label={t("hotline.form.subjectUscc")}
              extra={t("hotline.form.subjectUsccHint")}
              rules={[
                {
                  pattern: /^\s*[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}\s*$/,
                  message: t("hotline.form.subjectUsccInvalid"),
                },
              ]}
            >
              <Input maxLength={18} data-testid="hotline-subject-uscc" />
            </Form.Item>
          )
        }
      </Form.Item>
      <Space wrap>
        <Form.Item name="name" label={props.operator ? t("hotline.form.callerName") : t("hotline.form.contactName")}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="phone" label={props.operator ? t("hotline.form.callerPhone") : t("hotline.form.contactPhone")}>
          <Input maxLength={20} />
        </Form.Item>
      </Space>
      {props.operator && (
        <Form.Item name="departmentId" label={t("hotline.form.department")} extra={t("hotline.form.departmentHint")}>
          <Select allowClear options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={props.busy} data-testid="hotline-submit">
        {t("hotline.form.submit")}
      </Button>
    </Form>
  );
}
