import { AUDIENCE_TERMS, ITEM_KIND_TERMS } from "@yiwang/contracts/vocabularies";
import { Col, Form, Input, Row, Select } from "antd";
import { useTranslation } from "react-i18next";
import { Panel } from "../../../../shared/Panel";
import { REQUIRED } from "./itemForm";
import { type Option, termOptions } from "./options";

/** 基本信息: codes, kind, names, departments, audience, topics, result license, conditions and legal basis. */
export function BasicsSection({
  editing,
  deptOptions,
  licenseOptions,
}: {
  /** The code of a stored item cannot change. */
  editing: boolean;
  deptOptions: Option[];
  licenseOptions: Option[];
}) {
  const { t } = useTranslation();
  return (
    <Panel title={t("catalog.admin.basics")}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="code" label={t("catalog.guide.code")} rules={REQUIRED}>
            <Input disabled={editing} placeholder="990100-XK-100" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="basicCode" label={t("catalog.guide.basicCode")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="kind" label={t("catalog.guide.kind")} rules={REQUIRED}>
            <Select options={termOptions(ITEM_KIND_TERMS, (k) => t(`catalog.kind.${k}`))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t("catalog.admin.name")} rules={REQUIRED}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="nameEn" label={t("catalog.admin.nameEn")}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="dept" label={t("catalog.guide.dept")} rules={REQUIRED}>
            <Select showSearch optionFilterProp="label" options={deptOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="coDepts" label={t("catalog.guide.coDepts")}>
            <Select mode="multiple" optionFilterProp="label" options={deptOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="audience" label={t("catalog.guide.audience")} rules={REQUIRED}>
            <Select options={termOptions(AUDIENCE_TERMS, (a) => t(`catalog.audience.${a}`))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="topics" label={t("catalog.topics")}>
            <Select mode="tags" tokenSeparators={["、", ",", "，"]} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="resultLicense" label={t("catalog.guide.result")}>
            <Select allowClear options={licenseOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="conditionsText"
            label={t("catalog.guide.conditions")}
            extra={t("catalog.admin.conditionsHint")}
          >
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="legalBasisText" label={t("catalog.guide.basis")} extra={t("catalog.admin.basisHint")}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </Col>
      </Row>
    </Panel>
  );
}
