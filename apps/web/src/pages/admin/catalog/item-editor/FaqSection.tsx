import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Col, Form, Input, Row } from "antd";
import { useTranslation } from "react-i18next";
import { Panel } from "../../../../shared/Panel";
import { REQUIRED } from "./itemForm";

/** 常见问题: question and answer pairs shown on the guide. */
export function FaqSection() {
  const { t } = useTranslation();
  return (
    <Panel title={t("catalog.guide.faq")}>
      <Form.List name="faq">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row key={f.key} gutter={8} align="top">
                <Col xs={24} md={9}>
                  <Form.Item name={[f.name, "question"]} rules={REQUIRED}>
                    <Input placeholder={t("catalog.admin.question")} />
                  </Form.Item>
                </Col>
                <Col xs={22} md={14}>
                  <Form.Item name={[f.name, "answer"]} rules={REQUIRED}>
                    <Input.TextArea autoSize placeholder={t("catalog.admin.answer")} />
                  </Form.Item>
                </Col>
                <Col xs={2} md={1}>
                  <MinusCircleOutlined aria-label={t("catalog.admin.remove")} onClick={() => remove(f.name)} />
                </Col>
              </Row>
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
