import { Col, Form, Input, Row } from "antd";
import { useTranslation } from "react-i18next";
import { Panel } from "../../../../shared/Panel";

/** 办理地点与时间: the service hall (kept only when both address and hours are given). */
export function HallSection() {
  const { t } = useTranslation();
  return (
    <Panel title={t("catalog.guide.hall")}>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item name={["hall", "address"]} label={t("catalog.admin.hallAddress")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={["hall", "hours"]} label={t("catalog.admin.hallHours")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={["hall", "phone"]} label={t("catalog.guide.phone")}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
    </Panel>
  );
}
