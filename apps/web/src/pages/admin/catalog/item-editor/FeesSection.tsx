import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Form, Input, InputNumber, Space } from "antd";
import { useTranslation } from "react-i18next";
import { Panel } from "../../../../shared/Panel";
import { REQUIRED } from "./itemForm";

/** 收费标准: one row per fee (name, amount in yuan, basis, optional 减免说明); none means free of charge. */
export function FeesSection() {
  const { t } = useTranslation();
  return (
    <Panel title={t("catalog.guide.fees")}>
      <Form.List name="fees">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} wrap align="baseline">
                <Form.Item name={[f.name, "name"]} rules={REQUIRED}>
                  <Input placeholder={t("catalog.admin.feeName")} />
                </Form.Item>
                <Form.Item name={[f.name, "amount"]} rules={REQUIRED}>
                  <InputNumber min={0} step={0.01} placeholder={t("catalog.admin.amount")} />
                </Form.Item>
                <Form.Item name={[f.name, "basis"]} rules={REQUIRED}>
                  <Input placeholder={t("catalog.admin.feeBasis")} style={{ width: 320 }} />
                </Form.Item>
                <Form.Item name={[f.name, "exemption"]}>
                  <Input placeholder={t("catalog.admin.feeExemption")} style={{ width: 240 }} />
                </Form.Item>
                <MinusCircleOutlined aria-label={t("catalog.admin.remove")} onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
              {t("catalog.admin.add")}
            </Button>
          </>
        )}
      </Form.List>
    </Panel>
  );
}
