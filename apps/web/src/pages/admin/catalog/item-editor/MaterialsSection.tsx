import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { LICENSE_HOLDER_TERMS, MATERIAL_FORMAT_TERMS } from "@yiwang/contracts/vocabularies";
import { Button, Form, Input, InputNumber, Select, Space, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { Panel } from "../../../../shared/Panel";
import { REQUIRED } from "./itemForm";
import { type Option, termOptions } from "./options";

/** 申请材料: one row per material (required, format, copies, the license that stands in, blank form). */
export function MaterialsSection({ licenseOptions }: { licenseOptions: Option[] }) {
  const { t } = useTranslation();
  return (
    <Panel title={t("catalog.guide.materials")}>
      <Form.List name="materials">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} wrap align="baseline" className="yw-editor-row">
                <Form.Item name={[f.name, "name"]} rules={REQUIRED}>
                  <Input placeholder={t("catalog.guide.material")} style={{ width: 260 }} />
                </Form.Item>
                <Form.Item name={[f.name, "required"]} valuePropName="checked" initialValue={true}>
                  <Switch
                    checkedChildren={t("catalog.guide.required")}
                    unCheckedChildren={t("catalog.guide.optional")}
                  />
                </Form.Item>
                <Form.Item name={[f.name, "format"]} initialValue="electronic">
                  <Select
                    style={{ width: 130 }}
                    options={termOptions(MATERIAL_FORMAT_TERMS, (x) => t(`catalog.guide.format.${x}`))}
                  />
                </Form.Item>
                <Form.Item name={[f.name, "copies"]} initialValue={1}>
                  <InputNumber min={1} max={99} style={{ width: 70 }} />
                </Form.Item>
                <Form.Item name={[f.name, "fromLicense"]}>
                  <Select
                    allowClear
                    placeholder={t("catalog.admin.materialsHint")}
                    style={{ width: 200 }}
                    options={licenseOptions}
                  />
                </Form.Item>
                {/* Whose license stands in (the person applying, the representative herself, the enterprise). */}
                <Form.Item name={[f.name, "licenseHolder"]}>
                  <Select
                    allowClear
                    placeholder={t("licenseHolder.any")}
                    aria-label={t("licenseHolder.label")}
                    style={{ width: 150 }}
                    options={termOptions(LICENSE_HOLDER_TERMS, (x) => t(`licenseHolder.term.${x}`))}
                  />
                </Form.Item>
                <Form.Item name={[f.name, "blankForm"]}>
                  <Input placeholder={t("catalog.guide.blankForm")} style={{ width: 200 }} />
                </Form.Item>
                <MinusCircleOutlined aria-label={t("catalog.admin.remove")} onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ required: true, format: "electronic", copies: 1 })}
            >
              {t("catalog.admin.add")}
            </Button>
          </>
        )}
      </Form.List>
    </Panel>
  );
}
